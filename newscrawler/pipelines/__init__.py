"""Item pipelines, in order: validate -> normalize -> dates -> bounds -> bylines -> copies -> dedup -> store."""
