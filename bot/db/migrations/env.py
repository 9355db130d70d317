"""Alembic environment: runs migrations on the connection `bot.db.engine.migrate` hands over.

Run from the alembic CLI (`alembic -c alembic.ini revision --autogenerate`), it opens the same
kind of connection from DATABASE_URL via the project's settings: one transaction holding the
migration lock, SQLite foreign keys off and checked before the commit (see `bot.db.engine`).
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import bot.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.db.models import UTCDateTime

target_metadata = SQLModel.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import the models (they change; migrations must not), so our
    # UTCDateTime decorator is written as the plain column type it stores.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # `bot.db.engine` runs every migration inside one explicit transaction (BEGIN IMMEDIATE on
        # SQLite), so DDL is transactional there too; Alembic must not commit step by step.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone() -> None:
    from bot.config import load_settings
    from bot.db.engine import migration_connection

    async with migration_connection(load_settings().database_url) as conn:
        await conn.run_sync(_run)


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_standalone())
