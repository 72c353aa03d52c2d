"""``warta report``: what the news was about, from the report views.

Terminal tables (rich) and an offline HTML page with inline SVG charts (no scripts, no
network): entity mention trends, volume per source, quotes per speaker, data quality.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html import escape

from rich.console import Console
from rich.table import Table

from db.reporting import ReportData
from warta.config import get_settings, newsroom_zone

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]


def parse_since(value: str, today: date | None = None) -> date:
    """ "7d", "12w", "24h" or an ISO date -> the first day of the report (the newsroom's zone)."""
    today = today or datetime.now(newsroom_zone()).date()
    match = re.fullmatch(r"(\d+)([dwh])", value.strip())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        delta = {
            "d": timedelta(days=amount),
            "w": timedelta(weeks=amount),
            "h": timedelta(hours=amount),
        }[unit]
        return (datetime.combine(today, datetime.min.time()) - delta).date() + timedelta(days=1)
    return date.fromisoformat(value)


# ---------------------------------------------------------------- terminal
def print_report(data: ReportData, console: Console | None = None) -> None:
    console = console or Console()
    zone = get_settings().default_timezone
    console.print(f"[bold]warta report[/bold] {data.since} – {data.until} ({zone} days)")
    tables = [
        ("Top entities", ("entity", "type", "mentions", "articles"), data.top_entities),
        ("Top speakers", ("speaker", "quotes", "direct", "articles"), data.top_speakers),
        ("Volume per source", ("source", "articles", "words"), data.volume),
        (
            "Data quality per source",
            ("source", "articles", "date", "author", ">200 words", "entities", "quotes"),
            data.quality,
        ),
        ("Failures", ("stage", "reason", "urls"), data.failures),
    ]
    for title, columns, rows in tables:
        table = Table(title=title, title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(value) for value in row))
        if not rows:
            table.add_row(*(["-"] * len(columns)))
        console.print(table)


# ---------------------------------------------------------------- HTML
def svg_bars(items: list[tuple[str, int]], width: int = 640, bar: int = 22) -> str:
    if not items:
        return "<p class='empty'>no data in this period</p>"
    label_w, top = 220, max(value for _, value in items) or 1
    height = bar * len(items) + 10
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">'
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * bar
        length = (width - label_w - 60) * value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.65:.0f}" text-anchor="end">'
            f"{escape(label[:34])}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{bar - 6}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + bar * 0.65:.0f}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_lines(
    days: list[date], series: dict[str, list[tuple[date, int]]], width: int = 640, height: int = 260
) -> str:
    if not series:
        return "<p class='empty'>no data in this period</p>"
    left, right, top_pad, bottom = 40, 150, 10, 30
    index = {day: i for i, day in enumerate(days)}
    peak = max((v for points in series.values() for _, v in points), default=1) or 1
    span_x = (width - left - right) / max(len(days) - 1, 1)
    span_y = (height - top_pad - bottom) / peak
    parts = [
        f'<svg class="lines" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
        f'y2="{height - bottom}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{peak}</text>',
        f'<text x="{left}" y="{height - 10}">{days[0]:%d %b}</text>',
        f'<text x="{width - right}" y="{height - 10}" text-anchor="end">{days[-1]:%d %b}</text>',
    ]
    for n, (name, points) in enumerate(series.items()):
        color = PALETTE[n % len(PALETTE)]
        values = dict(points)
        coords = " ".join(
            f"{left + index[day] * span_x:.1f},{height - bottom - values.get(day, 0) * span_y:.1f}"
            for day in days
        )
        parts.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="2" '
            f'points="{coords}"><title>{escape(name)}</title></polyline>'
        )
        parts.append(
            f'<text x="{width - right + 8}" y="{top_pad + 14 + n * 18}" '
            f'fill="{color}">{escape(name[:22])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _html_table(columns: tuple[str, ...], rows: list[tuple]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = (
        "".join(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
        )
        or f"<tr><td colspan='{len(columns)}'>no data in this period</td></tr>"
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: ReportData) -> str:
    zone = get_settings().default_timezone
    generated = f"{datetime.now(newsroom_zone()):%Y-%m-%d %H:%M %Z}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>warta report {data.since} – {data.until}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
svg text {{ font-size: 12px; fill: #333; }}
table {{ border-collapse: collapse; margin: .5rem 0; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }}
.empty {{ color: #888; }}
</style></head><body>
<h1>warta report: {data.since} – {data.until}</h1>
<p>Days in {zone}. Generated {generated} from the report views.</p>
<h2>Entity mention trends</h2>
{svg_lines(data.days, data.entity_trends)}
<h2>Top entities</h2>
{_html_table(("entity", "type", "mentions", "articles"), data.top_entities)}
<h2>Volume per source</h2>
{svg_bars([(source, articles) for source, articles, _ in data.volume])}
<h2>Quotes per speaker</h2>
{svg_bars([(speaker, quotes) for speaker, quotes, _, _ in data.top_speakers])}
{_html_table(("speaker", "quotes", "direct", "articles"), data.top_speakers)}
<h2>Data quality per source</h2>
{
        _html_table(
            (
                "source",
                "articles",
                "with date",
                "with author",
                "over 200 words",
                "with entities",
                "with quotes",
            ),
            data.quality,
        )
    }
<h2>Failures</h2>
{_html_table(("stage", "reason", "URLs"), data.failures)}
</body></html>
"""
