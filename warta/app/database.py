"""``warta db …``: migrations (Alembic) and the embedded PostgreSQL's lifecycle.

Each subcommand ends with one line saying what it did: ``db upgrade: 0003 -> 0004``,
``db stop: stopped the embedded PostgreSQL (pid 4242)``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)


def _revision(revision: str | None) -> str:
    return revision or "(empty)"


def _head() -> str | None:
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from db.engine import database_description
    from db.migrate import current, upgrade

    before = current()
    upgrade(args.revision)
    after = current()
    if before == after:
        out.print(f"db upgrade: already at {_revision(after)} ({database_description()})")
    else:
        out.print(
            f"db upgrade: {_revision(before)} -> {_revision(after)} ({database_description()})"
        )
    return 0


def _cmd_downgrade(args: argparse.Namespace) -> int:
    from db.engine import database_description
    from db.migrate import current, downgrade

    before = current()
    downgrade(args.revision)
    after = current()
    verb = "already at" if before == after else f"{_revision(before)} ->"
    out.print(f"db downgrade: {verb} {_revision(after)} ({database_description()})")
    return 0


def _cmd_current(args: argparse.Namespace) -> int:
    from db.engine import database_description
    from db.migrate import current

    revision = current()
    label = "(empty database)" if revision is None else revision
    if revision is not None and revision == _head():
        label += " (head)"
    out.print(f"db current: {label} ({database_description()})")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from db.migrate import check

    check()
    out.print("db check: models and migrations agree")
    return 0


def _schema_of_running_database() -> str:
    from db.migrate import current

    try:
        revision = current()
    except Exception as exc:  # status reports an unreachable server; it does not fail on it
        return f"unreachable ({type(exc).__name__}: {str(exc).strip().splitlines()[0]})"
    if revision is None:
        return "schema empty (the next command creates it)"
    return f"schema {revision}" + (" (head)" if revision == _head() else "")


def _cmd_status(args: argparse.Namespace) -> int:
    from db.engine import embedded_server_state
    from warta.config import get_settings
    from warta.masking import mask_url

    state = embedded_server_state()
    if state.running:
        embedded = (
            f"embedded PostgreSQL running since {state.started_at:%Y-%m-%d %H:%M}"
            f" (pid {state.pid}), data in {state.pgdata}"
        )
    elif state.initialized:
        embedded = f"embedded PostgreSQL stopped, data in {state.pgdata}"
    else:
        embedded = f"embedded PostgreSQL not created yet (it would live in {state.pgdata})"
    url = get_settings().database_url
    if url:
        out.print(f"db status: DATABASE_URL {mask_url(url)}, {_schema_of_running_database()}")
        out.print(f"  not used while DATABASE_URL is set: {embedded}")
    elif state.running:
        out.print(f"db status: {embedded}, {_schema_of_running_database()}")
        out.print("  it keeps running between commands; `warta db stop` stops it")
    else:
        out.print(f"db status: {embedded}; the next command that needs it starts it")
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    from db.engine import stop_embedded_server

    state = stop_embedded_server()
    if state.running:
        out.print(
            f"db stop: stopped the embedded PostgreSQL (pid {state.pid}, data in"
            f" {state.pgdata}); the next command starts it again"
        )
    else:
        out.print(f"db stop: the embedded PostgreSQL was not running (data in {state.pgdata})")
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "upgrade": _cmd_upgrade,
    "downgrade": _cmd_downgrade,
    "current": _cmd_current,
    "check": _cmd_check,
    "status": _cmd_status,
    "stop": _cmd_stop,
}


def _cmd_db(args: argparse.Namespace) -> int:
    return ACTIONS[args.db_command](args)


def add_db_command(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """``warta db`` and its subcommands, made with the CLI's ``command`` factory."""
    db = command(
        sub,
        "db",
        "the database: migrations (Alembic) and the embedded PostgreSQL",
        "warta db upgrade\nwarta db status\nwarta db stop",
        "Commands use DATABASE_URL when it is set, else an embedded PostgreSQL whose data"
        "\nlives in WARTA_DATA_DIR/pgdata. The embedded server keeps running after a command"
        "\nso that the next one starts at once; `warta db stop` stops it.",
    )
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = command(
        actions,
        "upgrade",
        "migrate the schema up to a revision (other commands do this by themselves)",
        "warta db upgrade\nwarta db upgrade 0003",
    )
    upgrade.add_argument(
        "revision",
        nargs="?",
        default="head",
        metavar="REV",
        help="an Alembic revision (default: head)",
    )
    downgrade = command(
        actions,
        "downgrade",
        "migrate the schema down to a revision (drops what later ones added)",
        "warta db downgrade 0003",
    )
    downgrade.add_argument(
        "revision", metavar="REV", help="an Alembic revision, or base for an empty schema"
    )
    command(actions, "current", "print the schema's revision", "warta db current")
    command(
        actions,
        "check",
        "check that the models and the migrations agree (CI runs this)",
        "warta db check",
    )
    command(
        actions,
        "status",
        "which database commands use; whether the embedded one runs, and where its data is",
        "warta db status",
    )
    command(
        actions,
        "stop",
        "stop the embedded PostgreSQL (its data stays; the next command starts it)",
        "warta db stop",
    )
    db.set_defaults(func=_cmd_db)
