"""Database layer: SQLAlchemy models, engine (DATABASE_URL or embedded PostgreSQL), loading."""
