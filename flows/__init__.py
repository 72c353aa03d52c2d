"""Prefect orchestration only: flows and thin tasks over the stages in ``warta``."""
