"""Prefect orchestration only: one module per flow and the chunk tasks, thin over ``warta``."""
