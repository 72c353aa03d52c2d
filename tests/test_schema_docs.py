"""docs/schema.md documents every model column and every report view (with its columns)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from db.models import Base
from db.reporting import MATERIALIZED_VIEWS, PLAIN_VIEWS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")


def documented_columns() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.splitlines():
        if line.startswith("## "):
            current = None  # a new part of the document: no longer inside a table's section
            continue
        heading = re.match(r"^### (\w+)", line)
        if heading:
            current = heading.group(1)
            sections[current] = set()
            continue
        row = re.match(r"^\| (\w+) \|", line)
        if current and row and row.group(1) not in {"column"}:
            sections[current].add(row.group(1))
    return sections


def test_every_table_and_column_is_documented():
    sections = documented_columns()
    missing = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name not in sections.get(table.name, set())
    ]
    assert not missing, f"add to docs/schema.md: {missing}"


def test_every_report_view_and_its_columns_are_documented(engine):
    sections = documented_columns()
    with engine.connect() as connection:
        for view in (*MATERIALIZED_VIEWS, *PLAIN_VIEWS):
            columns = connection.execute(text(f"SELECT * FROM {view} LIMIT 0")).keys()
            assert view in sections, f"add view {view} to docs/schema.md"
            assert set(columns) == sections[view], view
