"""``warta report``: what the news was about, from the report views.

Terminal tables (rich) and an offline HTML page with inline SVG charts (no scripts, no
network): entity mention trends, volume per source, quotes per speaker, data quality.
Labels are wrapped at word boundaries, never cut mid-word; a name too long even for two lines
ends in "…" and is shown whole on hover (an SVG ``<title>``).
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from rich.console import Console
from rich.table import Table

from db.reporting import ReportData
from warta.config import get_settings, newsroom_zone

# Dark enough to read as text on white (each at least 4.5:1), distinct as lines.
PALETTE = ["#1f5f99", "#c0392b", "#1e7b45", "#a85d00", "#7d3c98", "#5d4037"]
# average advance of a 12px sans-serif glyph (regular, semibold), to fit labels in a column
CHAR_PX = 6.6
BOLD_CHAR_PX = 7.6
LINE_PX = 14


def wrap_words(label: str, chars: int, max_lines: int = 2) -> list[str]:
    """``label`` in lines of at most ``chars`` characters, broken between words only.

    A word longer than a line keeps its own line whole; past ``max_lines`` the last line
    ends in "…" (the caller puts the whole label in a ``<title>``).
    """
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return lines or [""]


def _text_lines(lines: list[str], x: float, y: float, attributes: str = "") -> str:
    """A ``<text>`` of several lines (``<tspan>`` per line), the first baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if i == 0 else LINE_PX}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.0f}" y="{y:.0f}"{attributes}>{spans}</text>'


# ---------------------------------------------------------------- terminal
def print_report(data: ReportData, console: Console | None = None) -> None:
    console = console or Console()
    zone = get_settings().default_timezone
    console.print(
        f"[bold]warta report[/bold] {data.since} – {data.until}"
        f" (articles by publication day, {zone})"
    )
    tables = [
        ("Top entities", ("entity", "type", "mentions", "articles"), data.top_entities),
        ("Top speakers", ("speaker", "quotes", "direct", "articles"), data.top_speakers),
        ("Volume per source", ("source", "articles", "words"), data.volume),
        (
            "Data quality per source (share of articles)",
            ("source", "articles", "date", "author", ">200 words", "entities", "quotes",
             "text ok"),
            data.quality,
        ),
        (
            "Lowest extraction quality (the body may not be the article's)",
            LOW_QUALITY_COLUMNS,
            data.low_quality,
        ),
        ("Failures (by day of the last attempt)", ("stage", "reason", "urls"), data.failures),
    ]
    for title, columns, rows in tables:
        table = Table(title=title, title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        if not rows:
            table.add_row(*(["-"] * len(columns)))
        console.print(table)


def empty_period_hint(data: ReportData) -> str | None:
    """When the period holds no article, where the articles are (the demo's are dated)."""
    if data.articles or data.latest_day is None:
        return None
    if data.latest_day < data.since:
        return (
            f"no article is dated in this period; the newest is from {data.latest_day}:"
            f" try --since {data.latest_day - (data.until - data.since)}"
        )
    return None


# ---------------------------------------------------------------- HTML
def svg_bars(items: list[tuple[str, int]], width: int = 720) -> str:
    if not items:
        return "<p class='empty'>no data in this period</p>"
    label_w, top = 250, max(value for _, value in items) or 1
    chars = int((label_w - 12) / CHAR_PX)
    rows = [(label, value, wrap_words(label, chars)) for label, value in items]
    heights = [max(24, LINE_PX * len(lines) + 10) for _, _, lines in rows]
    height = sum(heights) + 10
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">'
    ]
    y = 5
    for (label, value, lines), row_h in zip(rows, heights, strict=True):
        length = (width - label_w - 60) * value / top
        first_baseline = y + row_h / 2 - (len(lines) - 1) * LINE_PX / 2 + 4
        parts.append(
            f"<g><title>{escape(label)}: {value}</title>"
            + _text_lines(lines, label_w - 8, first_baseline, ' text-anchor="end"')
            + f'<rect x="{label_w}" y="{y + row_h / 2 - 8:.0f}" width="{length:.1f}" '
            f'height="16" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + row_h / 2 + 4:.0f}">{value}</text></g>'
        )
        y += row_h
    parts.append("</svg>")
    return "".join(parts)


def _day_ticks(days: list[date], most: int = 8) -> list[int]:
    """Indexes of the days labelled on the x axis: evenly spaced, the last day included
    unless it would crowd the label before it."""
    step = -(-len(days) // most)
    ticks = list(range(0, len(days), step))
    if ticks[-1] != len(days) - 1 and 2 * (len(days) - 1 - ticks[-1]) >= step:
        ticks.append(len(days) - 1)
    return ticks


def svg_lines(
    days: list[date], series: dict[str, list[tuple[date, int]]], width: int = 900, height: int = 280
) -> str:
    """One line per series over ``days``; a legend on the right: a swatch of the line's
    colour and the name in that colour, wrapped between words."""
    if not series:
        return "<p class='empty'>no data in this period</p>"
    left, right, top_pad, bottom = 44, 250, 12, 34
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max((v for points in series.values() for _, v in points), default=1) or 1
    span_x = plot_w / max(len(days) - 1, 1)
    base = height - bottom
    parts = [
        f'<svg class="lines" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">',
    ]
    for tick in sorted({0, peak // 2, peak}):
        y = base - tick * plot_h / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{"#999" if tick == 0 else "#e4e4e4"}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for i in _day_ticks(days):
        anchor = "start" if i == 0 and len(days) > 1 else "middle"
        if i == len(days) - 1 and i > 0:
            anchor = "end"
        parts.append(
            f'<text class="axis" x="{left + i * span_x:.1f}" y="{base + 18}" '
            f'text-anchor="{anchor}">{days[i]:%d %b}</text>'
        )
    legend_x, legend_y = width - right + 16, top_pad + 10
    swatch = 26  # the colour swatch and the gap after it
    chars = int((width - legend_x - swatch - 8) / BOLD_CHAR_PX)
    for n, (name, points) in enumerate(series.items()):
        color = PALETTE[n % len(PALETTE)]
        values = dict(points)
        coords = [
            (left + i * span_x, base - values.get(day, 0) * plot_h / peak)
            for i, day in enumerate(days)
        ]
        parts.append(
            f'<g><title>{escape(name)}</title><polyline fill="none" stroke="{color}" '
            f'stroke-width="2.5" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}"/>'
            + "".join(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{escape(name)}, {day:%d %b}: {values.get(day, 0)}</title></circle>"
                for (x, y), day in zip(coords, days, strict=True)
            )
            + "</g>"
        )
        lines = wrap_words(name, chars)
        parts.append(
            f'<g class="legend"><title>{escape(name)}</title>'
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 18}" '
            f'y2="{legend_y - 4}" stroke="{color}" stroke-width="4"/>'
            + _text_lines(lines, legend_x + swatch, legend_y, f' fill="{color}"')
            + "</g>"
        )
        legend_y += LINE_PX * len(lines) + 8
    parts.append("</svg>")
    return "".join(parts)


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def _html_table(columns: tuple[str, ...], rows: list[tuple]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = (
        "".join(
            "<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
        )
        or f"<tr><td colspan='{len(columns)}'>no data in this period</td></tr>"
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


QUALITY_COLUMNS = (
    "source",
    "articles",
    "with date",
    "with author",
    "over 200 words",
    "with entities",
    "with quotes",
    "text ok",
)
LOW_QUALITY_COLUMNS = ("source", "title", "read by", "quality", "URL")


def render_html(data: ReportData) -> str:
    zone = get_settings().default_timezone
    generated = f"{datetime.now(newsroom_zone()):%Y-%m-%d %H:%M %Z}"
    sources = len(data.volume)
    summary = (
        f"{data.articles} articles from {sources} source{'s' if sources != 1 else ''}, counted"
        f" by publication day ({zone}); every section covers these articles."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>warta report {data.since} – {data.until}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
svg text {{ font-size: 12px; }}
svg text.axis {{ fill: #555; }}
.legend text {{ font-weight: 600; }}
table {{ border-collapse: collapse; margin: .5rem 0; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }}
.empty, .note {{ color: #666; }}
</style></head><body>
<h1>warta report: {data.since} – {data.until}</h1>
<p>{escape(summary)} <span class="note">Generated {generated} from the report views.</span></p>
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
<p class="note">Share of each source's articles in this period.</p>
{_html_table(QUALITY_COLUMNS, data.quality)}
<p class="note">"text ok": the body passed the extraction check (it agrees with the page's own
title and summary and reads as prose; articles loaded before that check are left out).</p>
<h3>Lowest extraction quality</h3>
<p class="note">Articles whose body failed the check even after every other reader was tried:
the text kept may be a teaser list or a fragment.</p>
{_html_table(LOW_QUALITY_COLUMNS, data.low_quality)}
<h2>Failures</h2>
<p class="note">URLs whose last attempt fell in this period.</p>
{_html_table(("stage", "reason", "URLs"), data.failures)}
</body></html>
"""
