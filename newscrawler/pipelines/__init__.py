"""Item pipelines, in order: validate -> normalize -> dates -> bylines -> dedup -> store."""
