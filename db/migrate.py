"""Alembic from code: ``warta db upgrade/downgrade/current`` and the demo's auto-upgrade."""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util import CommandError

from db.engine import get_engine

REPO_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str | None = None) -> Config:
    ini = REPO_ROOT / "alembic.ini"
    config = Config(str(ini)) if ini.exists() else Config()
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    if url:
        config.attributes["url"] = url
    return config


def upgrade(revision: str = "head", url: str | None = None) -> None:
    with get_engine(url).begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(revision: str, url: str | None = None) -> None:
    with get_engine(url).begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current(url: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class DatabaseBehind(RuntimeError):
    """The database is not at the newest revision, so models and migrations cannot be compared."""


def check(url: str | None = None) -> None:
    """Raise when the models and the migrations disagree (``alembic check``).

    Alembic's own success line is swallowed: the caller says what the check found."""
    with get_engine(url).connect() as connection:
        config = alembic_config(url)
        config.stdout = io.StringIO()
        config.attributes["connection"] = connection
        try:
            command.check(config)
        except CommandError as exc:
            if "not up to date" in str(exc):
                raise DatabaseBehind(
                    "the database is not at the newest revision; run `warta db upgrade` first"
                ) from exc
            raise
