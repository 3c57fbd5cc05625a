"""Item pipelines, in order: early steps (validate -> normalize -> dates -> bylines -> fingerprint) -> bounds
-> copies -> dedup -> store."""
