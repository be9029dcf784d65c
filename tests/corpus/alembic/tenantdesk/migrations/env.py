"""Alembic environment for tenantdesk.

Every tenant lives in its own PostgreSQL schema.  The migrations are run once
per schema: each schema has its own alembic_version table
(version_table_schema) and the revisions read the schema being migrated from
``op.get_context().opts["tenant_schema"]``.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool, text

from tenantdesk.db import metadata  # the application's MetaData
from tenantdesk.tenants import list_tenant_schemas

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = metadata


def _schemas_from_cli():
    x_args = context.get_x_argument(as_dictionary=True)
    return [s for s in x_args.get("schemas", "public").split(",") if s]


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    for schema in _schemas_from_cli():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
            version_table_schema=schema,
            transaction_per_migration=True,
            tenant_schema=schema,
        )
        with context.begin_transaction():
            context.execute(f'SET search_path TO "{schema}", public')
            context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        # fail fast instead of queueing behind long transactions
        connection.execute(text("SET lock_timeout = '4s'"))
        connection.execute(text("SET statement_timeout = '30min'"))
        connection.commit()

        x_args = context.get_x_argument(as_dictionary=True)
        if "schemas" in x_args:
            schemas = _schemas_from_cli()
        else:
            schemas = list_tenant_schemas(connection)

        for schema in schemas:
            connection.execute(text(f'SET search_path TO "{schema}", public'))
            connection.commit()
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                version_table_schema=schema,
                include_schemas=False,
                transaction_per_migration=True,
                tenant_schema=schema,
            )
            with context.begin_transaction():
                context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
