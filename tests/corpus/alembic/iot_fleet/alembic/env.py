"""Alembic environment for the fleet service.

Every revision runs in its own transaction, and every session that runs
migrations gets a lock_timeout, so a DDL statement that queues behind a
long-running telemetry query fails fast instead of stalling the ingestion
API. Retry the deploy when that happens.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool, text

from fleet.settings import get_settings
from fleet.db.models import metadata

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

settings = get_settings()
target_metadata = metadata


def run_migrations_offline() -> None:
    context.configure(
        url=settings.database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.execute("SET lock_timeout = '3s'")
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(settings.database_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text("SET lock_timeout = '3s'"))
        connection.execute(text("SET statement_timeout = '15min'"))
        connection.commit()

        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=True,
            compare_type=True,
            compare_server_default=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
