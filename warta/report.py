"""``warta report``: what the news was about, from the report views.

Terminal tables (rich) and an offline HTML page with inline SVG charts (no scripts, no
network): entity mention trends, volume per source, quotes per speaker, data quality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, text

WIB = ZoneInfo("Asia/Jakarta")
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]


def parse_since(value: str, today: date | None = None) -> date:
    """ "7d", "12w", "24h" or an ISO date -> the first day of the report (Asia/Jakarta)."""
    today = today or datetime.now(WIB).date()
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


@dataclass
class ReportData:
    since: date
    until: date
    volume: list[tuple[str, int, int]] = field(default_factory=list)  # source, articles, words
    top_entities: list[tuple[str, str, int, int]] = field(default_factory=list)
    entity_trends: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    top_speakers: list[tuple[str, int, int, int]] = field(default_factory=list)
    quality: list[tuple] = field(default_factory=list)
    failures: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        count = (self.until - self.since).days + 1
        return [self.since + timedelta(days=i) for i in range(max(count, 1))]


def collect(engine: Engine, since: date, until: date | None = None, top: int = 10) -> ReportData:
    until = until or datetime.now(WIB).date()
    data = ReportData(since, until)
    window = {"since": since, "until": until, "top": top}
    with engine.connect() as connection:
        data.volume = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT source, sum(articles)::int, sum(words)::int FROM report_daily_volume"
                    " WHERE day BETWEEN :since AND :until GROUP BY source ORDER BY 2 DESC, 1"
                ),
                window,
            )
        ]
        data.top_entities = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT entity, type, sum(mentions)::int, sum(articles)::int"
                    " FROM report_entity_mentions_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY entity_id, entity, type ORDER BY 3 DESC, 1 LIMIT :top"
                ),
                window,
            )
        ]
        names = [row[0] for row in data.top_entities[:5]]
        if names:
            rows = connection.execute(
                text(
                    "SELECT entity, day, sum(mentions)::int FROM report_entity_mentions_daily"
                    " WHERE day BETWEEN :since AND :until AND entity = ANY(:names)"
                    " GROUP BY entity, day ORDER BY day"
                ),
                {**window, "names": names},
            )
            for entity, day, mentions in rows:
                data.entity_trends.setdefault(entity, []).append((day, mentions))
        data.top_speakers = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT speaker, sum(quotes)::int, sum(direct_quotes)::int, sum(articles)::int"
                    " FROM report_speakers_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY speaker_entity_key, speaker ORDER BY 2 DESC, 1 LIMIT :top"
                ),
                window,
            )
        ]
        data.quality = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT source, sum(articles)::int,"
                    " round(sum(share_with_date * articles) / sum(articles), 2),"
                    " round(sum(share_with_author * articles) / sum(articles), 2),"
                    " round(sum(share_over_200_words * articles) / sum(articles), 2),"
                    " round(sum(share_with_entities * articles) / sum(articles), 2),"
                    " round(sum(share_with_quotes * articles) / sum(articles), 2)"
                    " FROM report_data_quality_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY source ORDER BY 1"
                ),
                window,
            )
        ]
        data.failures = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT stage, error_class || coalesce(' ' || http_status, ''), sum(urls)::int"
                    " FROM report_failures_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY 1, 2 ORDER BY 3 DESC"
                ),
                window,
            )
        ]
    return data


# ---------------------------------------------------------------- terminal
def print_report(data: ReportData, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]warta report[/bold] {data.since} – {data.until} (Asia/Jakarta days)")
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
<p>Days in Asia/Jakarta. Generated {datetime.now(WIB):%Y-%m-%d %H:%M} WIB from the report views.</p>
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
