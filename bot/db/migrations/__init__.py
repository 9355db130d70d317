"""Alembic migrations of the toebot schema."""
