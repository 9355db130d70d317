"""Storage: SQLModel tables, keyword-only queries, the async engine and Alembic migrations."""
