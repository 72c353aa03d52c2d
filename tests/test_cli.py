"""The ``warta`` command line as people run it: help, the README's table, one-line verdicts,
readable argument errors, quiet broken pipes, the embedded PostgreSQL's lifecycle."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from db.migrate import alembic_config
from tests.conftest import PAGES
from warta.app.cli import build_parser, command_table

README = Path(__file__).resolve().parent.parent / "README.md"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()  # the latest revision


def _warta(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: int = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warta.app.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser) of every command and subcommand, the top level included."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


COMMANDS = list(_commands(build_parser()))


def test_every_command_and_argument_has_help_text_and_an_example():
    assert len(COMMANDS) >= 20
    for path, parser in COMMANDS:
        assert parser.epilog and parser.epilog.startswith("example:"), path
        assert "``" not in (parser.description or ""), path  # no reStructuredText markup
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help, (*path, choice.dest)
            else:
                assert action.help and action.help.strip(), (*path, action.dest)


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_help_of_every_command_prints_each_argument_with_its_help(path):
    completed = _warta(*path, "--help")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    page = " ".join(completed.stdout.split())  # argparse wraps help lines
    parser = dict(COMMANDS)[path]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            assert " ".join(action.help.split()) in page, (path, action.dest)
    assert "example:" in page and "warta" in page
    assert "``" not in page


def test_serve_help_names_prefect_api_url_and_ingest_help_its_exit_status():
    assert "PREFECT_API_URL" in _warta("serve", "--help").stdout
    ingest = " ".join(_warta("ingest", "--help").stdout.split())
    assert "1 when any failed" in ingest


def test_the_readme_command_table_is_the_parser_s():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line\n", 1)[1].lstrip("\n")
    table = section.split("\n\n", 1)[0]  # the table: the first block of the section
    assert table == command_table()
    assert "| `warta db status` |" in table and "| `warta db stop` |" in table
    assert "### The embedded database" in text


@pytest.mark.parametrize(
    ("args", "argument", "form"),
    [
        (("report", "--since", "foo"), "--since", "7d, 2w or 24h, or a day such as 2026-11-01"),
        (("backfill", "--start", "2026-13-01"), "--start", "(YYYY-MM-DD)"),
        (("backfill", "--end", "tomorrow"), "--end", "(YYYY-MM-DD)"),
        (("reprocess", "--since", "last week"), "--since", "2026-11-01T06:00"),
        (("demo", "--workers", "0"), "--workers", "a whole number of 1 or more"),
        (("annotate", "--lang", "fr"), "--lang", "choose from 'id', 'en'"),
    ],
)
def test_an_invalid_value_ends_with_one_line_naming_the_argument_and_the_form(args, argument, form):
    completed = _warta(*args)
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(f"warta {args[0]}: argument {argument}")
    assert form in lines[0] and "Traceback" not in lines[0]
    assert "month must be in 1..12" in lines[0] or args[-1] != "2026-13-01"


def test_a_pipe_closed_early_ends_quietly():
    page = next((PAGES / "republika").glob("*.html"))
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before warta writes: `warta extract … | head -0`
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "warta.app.cli", "extract", str(page)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert completed.returncode == 141
    assert "Error" not in completed.stderr and "Traceback" not in completed.stderr
    assert completed.stderr == ""


def test_sources_shows_the_rate_each_source_gets():
    env = {k: v for k, v in os.environ.items() if k != "WARTA_HOST_RATE"}  # the tests' own
    completed = _warta("sources", env=env)
    assert completed.returncode == 0, completed.stderr
    assert "None" not in completed.stdout
    antara = next(line for line in completed.stdout.splitlines() if "antara" in line)
    kompas = next(line for line in completed.stdout.splitlines() if "kompas" in line)
    assert "1 (default)" in antara and "0.5" in kompas
    assert re.search(r"^sources: 11 valid in \S+sources\.yaml$", completed.stdout, re.M)


def test_db_upgrade_says_what_it_did(make_database):
    env = {**os.environ, "DATABASE_URL": make_database()}
    first = _warta("db", "upgrade", "0003", env=env)
    assert first.returncode == 0, first.stderr
    database = make_url(env["DATABASE_URL"]).database
    assert first.stdout.startswith("db upgrade: (empty) -> 0003 (postgresql+psycopg://")
    assert database in first.stdout
    second = _warta("db", "upgrade", env=env)
    assert second.stdout.startswith(f"db upgrade: 0003 -> {HEAD} ")
    third = _warta("db", "upgrade", env=env)
    assert third.stdout.startswith(f"db upgrade: already at {HEAD} ")
    assert _warta("db", "current", env=env).stdout.startswith(f"db current: {HEAD} (head) ")
    for completed in (first, second, third):
        assert completed.stderr == ""


def test_report_names_its_period_and_points_at_the_articles_outside_it(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url}
    html = tmp_path / "report.html"
    completed = _warta("report", "--since", "2w", "--html", str(html), env=env)
    assert completed.returncode == 0, completed.stderr
    last = completed.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"report: \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d, \d+ articles? from \d+ sources?; "
        rf"HTML written to {re.escape(str(html))}",
        last,
    )
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _embedded_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}}
    return {**env, "WARTA_DATA_DIR": str(data_dir)}


def test_embedded_database_status_and_stop_without_warnings(tmp_path):
    from db.engine import embedded_server_state

    data_dir = tmp_path / "data"
    env = _embedded_env(data_dir)
    pgdata = data_dir.resolve() / "pgdata"
    try:
        before = _warta("db", "status", env=env)
        assert before.stdout.startswith("db status: embedded PostgreSQL not created yet")

        upgrade = _warta("db", "upgrade", env=env)
        assert upgrade.returncode == 0, upgrade.stderr
        assert (
            upgrade.stdout
            == f"db upgrade: (empty) -> {HEAD} (embedded PostgreSQL, data in {pgdata})\n"
        )
        # the start is announced once, as a path; no warning (XDG_RUNTIME_DIR is unset here)
        assert upgrade.stderr.splitlines() == [
            f"started the embedded PostgreSQL (data in {pgdata}); it keeps running for the"
            " next commands: `warta db stop` stops it"
        ]
        state = embedded_server_state(data_dir)
        assert state.running and state.pgdata == pgdata

        again = _warta("db", "current", env=env)
        assert again.stderr == ""  # reused, not started: nothing to announce
        assert again.stdout.startswith(f"db current: {HEAD} (head) (embedded PostgreSQL, data in /")

        status = _warta("db", "status", env=env)
        assert status.stderr == ""
        first = status.stdout.splitlines()[0]
        assert first.startswith("db status: embedded PostgreSQL running since ")
        assert f"(pid {state.pid}), data in {pgdata}, schema {HEAD} (head)" in first
        assert "%2F" not in status.stdout

        stop = _warta("db", "stop", env=env)
        assert stop.stdout.startswith(f"db stop: stopped the embedded PostgreSQL (pid {state.pid}")
        assert not embedded_server_state(data_dir).running

        stopped = _warta("db", "status", env=env)
        assert stopped.stdout.startswith(
            f"db status: embedded PostgreSQL stopped, data in {pgdata}"
        )
        assert _warta("db", "stop", env=env).stdout.startswith(
            "db stop: the embedded PostgreSQL was"
        )
    finally:
        from db.engine import stop_embedded_server

        stop_embedded_server(data_dir)


def test_ingest_prints_a_table_and_a_verdict_and_exits_1_when_a_url_failed(make_database):
    from warta.app.site import LocalSite, Response

    page = (PAGES / "republika" / "republika-singlepage.html").read_bytes()
    env = {**os.environ, "DATABASE_URL": make_database()}
    with LocalSite({"/berita/satu": Response(page)}) as site:
        completed = _warta(
            "ingest",
            site.url("/berita/satu"),
            site.url("/berita/hilang"),
            "--no-enrich",
            env=env,
            timeout=300,
        )
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.splitlines()[0] == f"database schema: (empty) -> {HEAD}"
    rows = {
        cells[0].strip(): cells[1].strip()
        for line in completed.stdout.splitlines()
        if len(cells := line.strip("│ ").split("│")) == 2
    }
    assert rows["URLs to process"] == "2" and rows["new"] == "1" and rows["failed"] == "1"
    assert rows["failed at fetch: HTTPStatus 404"] == "1"
    verdict = completed.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"ingest: 1 new, 0 updated, 0 unchanged, 1 failed \(run \d+\);"
        r" failed URLs are in the `failures` table",
        verdict,
    )
