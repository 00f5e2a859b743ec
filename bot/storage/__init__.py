"""Persistence: SQLAlchemy models, the async database handle and Alembic migrations."""
