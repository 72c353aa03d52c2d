"""Database layer, the only place that speaks SQL: models, engine, loading, runs, reporting."""
