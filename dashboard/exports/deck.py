"""The quarterly review as a PowerPoint deck and as a PDF, in one language, from the review's plain data
(`dashboard.services.review.build_review`, or a frozen snapshot of it).

Both are laid out once, in points on a 16:9 page (960 × 540 pt, the size of a widescreen slide), and
then drawn by python-pptx or fpdf2, so that the deck and the PDF have the same pages. Text is wrapped
by measuring it in the bundled DejaVu Sans (wider than the fonts PowerPoint substitutes, so wrapping in
PowerPoint never needs more lines); every text has a line budget and ends with "…" when it is cut, and
a section whose items do not fit continues on further pages. Charts are Altair specs rendered to PNG
on the server by vl-convert.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.charts import STATUS_COLOURS as STATUS_COLORS
from dashboard.charts.leadership import VERDICT_COLORS
from dashboard.i18n import (
    fmt_date,
    fmt_percent,
    fmt_period,
    fmt_value,
    has_key,
    printable,
    t,
    use_language,
)
from dashboard.services.review import SECTIONS

Progress = Callable[[float], None]

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"

# Geometry in points (1/72 in): a 13.333 × 7.5 in widescreen slide.
PAGE_W, PAGE_H = 960.0, 540.0
MARGIN = 40.0
CONTENT_W = PAGE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = 22.0, 54.0
CONTENT_TOP, CONTENT_BOTTOM = 88.0, 496.0
FOOTER_TOP = 510.0
BODY = 14.0  # the smallest text anywhere
LEADING = 1.25  # line height as a multiple of the font size
PAD_X, PAD_Y = 6.0, 4.0  # table cell margins
GAP = 12.0
PANEL_X, PANEL_W = MARGIN + 620.0, CONTENT_W - 620.0  # the column beside a chart
SCALE = 2  # chart pixels per point

INK, MUTED = "#0f172a", "#64748b"
HEADER_FILL, HEADER_INK, STRIPE, RULE = "#1e293b", "#ffffff", "#f1f5f9", "#cbd5e1"
GOOD, BAD, PALETTE_PRIMARY = "#16a34a", "#dc2626", "#2563eb"

# ---------------------------------------------------------------------------------------------
# Measuring and wrapping text


_measure_lock = threading.Lock()


def _add_fonts(pdf: Any) -> None:
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


@lru_cache(maxsize=1)
def _measurer() -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    _add_fonts(pdf)
    return pdf


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in points, set in DejaVu Sans."""
    with _measure_lock:
        pdf = _measurer()
        pdf.set_font(FAMILY, "B" if bold else "", size)
        return float(pdf.get_string_width(text))


def clean(text: Any) -> str:
    """User text on one line: control characters made visible or dropped, runs of spaces as one."""
    if text is None:
        return ""
    return " ".join(printable(str(text)).split())


def wrap(text: Any, width: float, size: float = BODY, bold: bool = False,
         max_lines: int | None = None) -> tuple[list[str], str]:
    """`text` broken into lines that fit `width` points; cut to `max_lines` with "…".
    Returns the lines and the (possibly cut) text they hold."""
    text = clean(text)[: (max_lines or 40) * 200]  # more than any line budget can show

    def fits(s: str) -> bool:
        return text_width(s, size, bold) <= width

    lines: list[str] = []
    seps: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
            seps.append(" ")
        while len(word) > 1 and not fits(word):  # longer than a line: break inside the word
            cut = max(1, max((k for k in range(1, len(word)) if fits(word[:k])), default=1))
            lines.append(word[:cut])
            seps.append("")
            word = word[cut:]
        current = word
    lines.append(current)
    seps.append("")
    if max_lines and len(lines) > max_lines:
        lines, seps = lines[:max_lines], seps[:max_lines]
        last = lines[-1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines[-1], seps[-1] = last.rstrip() + "…", ""
    return lines, "".join(line + sep for line, sep in zip(lines, seps, strict=True)).strip()


def line_height(size: float) -> float:
    return size * LEADING


# ---------------------------------------------------------------------------------------------
# The laid-out pages


@dataclass
class Para:
    lines: list[str]
    text: str
    size: float = BODY
    bold: bool = False
    color: str = INK
    space_after: float = 0.0

    @property
    def height(self) -> float:
        return len(self.lines) * line_height(self.size) + self.space_after


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    paras: list[Para]
    align: str = "left"

    @property
    def h(self) -> float:
        return sum(p.height for p in self.paras)


@dataclass
class Cell:
    lines: list[str]
    text: str
    color: str = INK
    bold: bool = False


@dataclass
class TableBox:
    x: float
    y: float
    widths: list[float]
    rows: list[list[Cell]]  # the first row is the header
    heights: list[float]
    size: float = BODY


@dataclass
class PictureBox:
    x: float
    y: float
    w: float
    h: float
    png: bytes
    alt: str


@dataclass
class Page:
    title: Para
    items: list[TextBox | TableBox | PictureBox] = field(default_factory=list)
    section: str | None = None  # None on the title page
    first_of_section: bool = False
    title_top: float = TITLE_TOP
    title_h: float = TITLE_H  # content pages centre their title in this band; the title page sets it from the top


def para(text: Any, width: float, size: float = BODY, bold: bool = False, color: str = INK,
         max_lines: int | None = 3, space_after: float = 0.0) -> Para:
    lines, cut = wrap(text, width, size, bold, max_lines)
    return Para(lines, cut, size, bold, color, space_after)


def stacked(x: float, y: float, w: float, groups: list[list[Para]]) -> list[TextBox]:
    """Text boxes one below the other (one per group, so that no box holds many lines)."""
    boxes = []
    for group in groups:
        boxes.append(TextBox(x, y, w, group))
        y += boxes[-1].h
    return boxes


def title_para(text: str, width: float = CONTENT_W) -> Para:
    """A page title on one line, smaller if need be, on two lines only when it must."""
    for size in (28.0, 24.0, 20.0):
        lines, cut = wrap(text, width, size, True, None)
        if len(lines) == 1:
            return Para(lines, cut, size, True, INK)
    return para(text, width, 20.0, True, INK, max_lines=2)


@dataclass
class Column:
    label: str
    share: float  # of the content width
    max_lines: int = 2


def _row_height(cells: list[Cell], size: float) -> float:
    return max(len(c.lines) for c in cells) * line_height(size) + 2 * PAD_Y


# ---------------------------------------------------------------------------------------------
# Layout: sections into pages


class Layout:
    """Pages in order; a section's content flows down its pages and continues on a new one."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.section = ""
        self.name: str | None = None
        self.y = CONTENT_TOP

    def start(self, name: str) -> None:
        self.name = name
        self.section = t(f"review.section.{name}")
        self._page(first=True)

    def _page(self, first: bool = False) -> None:
        title = self.section if first else t("review.deck.continued", title=self.section)
        self.pages.append(Page(title_para(title), section=self.name, first_of_section=first))
        self.y = CONTENT_TOP

    def new_page(self) -> None:
        self._page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def room(self) -> float:
        return CONTENT_BOTTOM - self.y

    def _make_room(self, height: float) -> None:
        if height > self.room and self.y > CONTENT_TOP:
            self._page()

    def text(self, paras: list[Para], *, x: float = MARGIN, w: float = CONTENT_W, gap: float = GAP) -> TextBox:
        box = TextBox(x, 0.0, w, paras)
        self._make_room(box.h)
        box.y = self.y
        self.page.items.append(box)
        self.y += box.h + gap
        return box

    def table(self, columns: list[Column], rows: list[list[tuple[Any, str | None, bool]]],
              heading: str | None = None) -> None:
        """A table that continues on further pages (header and heading repeated); each row is a list
        of (text, colour or None, bold)."""
        widths = [c.share * CONTENT_W for c in columns]
        header = []
        for c, w in zip(columns, widths, strict=True):
            lines, cut = wrap(c.label, w - 2 * PAD_X, BODY, True, 2)
            header.append(Cell(lines, cut, HEADER_INK, True))
        body = []
        for row in rows:
            cells = []
            for (text, color, bold), c, w in zip(row, columns, widths, strict=True):
                lines, cut = wrap(text, w - 2 * PAD_X, BODY, bold, c.max_lines)
                cells.append(Cell(lines, cut, color or INK, bold))
            body.append(cells)
        heading_para = para(heading, CONTENT_W, 18.0, True, max_lines=1, space_after=4.0) if heading else None
        head_h = (heading_para.height if heading_para else 0.0) + _row_height(header, BODY)
        i = 0
        while i < len(body):
            self._make_room(head_h + _row_height(body[i], BODY))
            if heading_para:
                self.page.items.append(TextBox(MARGIN, self.y, CONTENT_W, [heading_para]))
                self.y += heading_para.height
            rows_here, heights = [header], [_row_height(header, BODY)]
            used = heights[0]
            while i < len(body) and (len(rows_here) == 1 or used + _row_height(body[i], BODY) <= self.room):
                rows_here.append(body[i])
                heights.append(_row_height(body[i], BODY))
                used += heights[-1]
                i += 1
            self.page.items.append(TableBox(MARGIN, self.y, widths, rows_here, heights))
            self.y += used + GAP
            if i < len(body):
                self._page()

    def picture(self, png: bytes, w: float, h: float, alt: str, *, x: float = MARGIN) -> None:
        self._make_room(h)
        self.page.items.append(PictureBox(x, self.y, w, h, png, alt))
        self.y += h + GAP


# ---------------------------------------------------------------------------------------------
# Charts


_fonts_registered = False


def render_chart(chart: Any) -> bytes:
    """An Altair chart as PNG, rendered on the server (vl-convert), with the bundled fonts."""
    global _fonts_registered
    import vl_convert as vlc

    if not _fonts_registered:
        vlc.register_font_directory(str(FONTS))
        _fonts_registered = True
    return vlc.vegalite_to_png(chart.to_dict(), scale=SCALE)


# ---------------------------------------------------------------------------------------------
# Texts


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict_label(verdict: str | None) -> str:
    """A verdict (or a bet's status) as a table cell: `Validated`, `Insufficient data`."""
    from dashboard.charts.leadership import VERDICT_COLORS
    from dashboard.charts.leadership import verdict_label as name

    if not verdict:
        return "—"
    key = "hypothesis_status." + verdict.replace(" ", "_")
    return _capital(name(verdict)) if verdict in VERDICT_COLORS or has_key(key) else clean(verdict)


def status_label(status: str | None) -> str:
    """A key result's status as a table cell: `On track`."""
    key = f"okr.status.{status}"
    return _capital(t(key)) if status and has_key(key) else "—"


def _team(name: str | None) -> str:
    return clean(name) if name else t("common.company")


def scope_text(data: dict) -> str:
    return clean(data["team"]) if data.get("team") else t("common.all_teams")


def deck_title(data: dict, lang: str) -> str:
    return t("review.deck_title", lang, period=fmt_period(str(data.get("period", "")), lang))


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return None


def _improvement_color(change: float | None, direction: str | None) -> str:
    if change is None or change == 0:
        return MUTED
    better = change > 0 if direction != "down" else change < 0
    return GOOD if better else BAD


def _change(change: float | None) -> str:
    return fmt_percent(change, 1, sign=True)


# ---------------------------------------------------------------------------------------------
# Sections


class _Charts:
    """Counts the charts to render and reports progress as each one is done."""

    def __init__(self, total: int, progress: Progress | None, share: float) -> None:
        self.total, self.done, self.progress, self.share = max(total, 1), 0, progress, share

    def render(self, chart: Any) -> bytes:
        png = render_chart(chart)
        self.done += 1
        if self.progress:
            self.progress(self.share * self.done / self.total)
        return png


def _title_page(data: dict, lang: str) -> Page:
    title = para(deck_title(data, lang), CONTENT_W, 40.0, True, max_lines=2, space_after=12.0)
    when = _as_date(data.get("today")) or _as_date(data.get("built_at"))
    subtitle = para(t("review.deck_subtitle", scope=scope_text(data), date=fmt_date(when)), CONTENT_W, 22.0,
                    color=MUTED, max_lines=2, space_after=8.0)
    paras = [subtitle]
    if data.get("frozen_by") or data.get("frozen_at"):
        frozen = t("review.frozen_by", date=fmt_date(_as_date(data.get("frozen_at"))),
                   name=clean(data.get("frozen_by")) or "—")
        paras.append(para(frozen, CONTENT_W, 18.0, color=MUTED, max_lines=2))
    top = (PAGE_H - title.height - sum(p.height for p in paras)) / 2 - 20
    page = Page(title, title_top=top, title_h=title.height)
    page.items.append(TextBox(MARGIN, top + title.height, CONTENT_W, paras))
    page.items.append(TextBox(MARGIN, CONTENT_BOTTOM - 10, CONTENT_W,
                              [para(t("app.name"), CONTENT_W, 16.0, True, PALETTE_PRIMARY, max_lines=1)]))
    return page


def _north_star(layout: Layout, data: dict, charts: _Charts, lang: str) -> None:
    layout.start("north_star")
    period = str(data.get("period", ""))
    block = data.get("north_star")
    if not block:
        layout.text([para(t("review.deck.empty.north_star"), CONTENT_W, 18.0, max_lines=3)])
    else:
        panel = [[para(block.get("name"), PANEL_W, 18.0, True, max_lines=3, space_after=10.0)],
                 [para(t("review.deck.latest"), PANEL_W, color=MUTED, max_lines=1),
                  para(fmt_value(block.get("latest"), block.get("unit") or ""), PANEL_W, 30.0, True, max_lines=1),
                  para(t("review.deck.latest_on", date=fmt_date(_as_date(block.get("latest_date")))), PANEL_W,
                       color=MUTED, max_lines=1, space_after=14.0)]]
        for key, other in (("vs_previous", "previous_period"), ("vs_year_ago", "year_ago_period")):
            change = block.get(key)
            panel.append([para(t("review.deck.vs_period", period=fmt_period(str(block.get(other) or ""), lang)),
                               PANEL_W, color=MUTED, max_lines=1),
                          para(_change(change), PANEL_W, 26.0, True,
                               _improvement_color(change, block.get("direction")), max_lines=1, space_after=14.0)])
        if not data.get("inputs"):
            panel.append([para(t("review.deck.empty.inputs"), PANEL_W, max_lines=3)])
        top = layout.y
        if block.get("weekly"):
            from dashboard.charts.review import weekly_metric_chart

            w, h = PANEL_X - MARGIN - 20.0, CONTENT_BOTTOM - CONTENT_TOP
            png = charts.render(weekly_metric_chart(block, period, lang, width=int(w), height=int(h)))
            layout.page.items.append(PictureBox(MARGIN, top, w, h, png,
                                                t("overview.north_star", name=clean(block.get("name")))))
        else:
            layout.text([para(t("review.deck.empty.north_star_values", period=fmt_period(period, lang)),
                              PANEL_X - MARGIN - 20.0, 18.0, max_lines=3)])
        layout.page.items += stacked(PANEL_X, top, PANEL_W, panel)
        layout.y = CONTENT_BOTTOM
    inputs = data.get("inputs") or []
    if inputs:
        first = inputs[0]
        columns = [Column(t("common.metric"), 0.34), Column(t("review.deck.latest"), 0.18, 1),
                   Column(t("review.deck.vs_period", period=fmt_period(str(first.get("previous_period") or ""),
                                                                        lang)), 0.15, 1),
                   Column(t("review.deck.vs_period", period=fmt_period(str(first.get("year_ago_period") or ""),
                                                                        lang)), 0.15, 1),
                   Column(t("review.deck.direction"), 0.18, 2)]
        rows = [[(m.get("name"), None, True), (fmt_value(m.get("latest"), m.get("unit") or ""), None, False),
                 (_change(m.get("vs_previous")), _improvement_color(m.get("vs_previous"), m.get("direction")), True),
                 (_change(m.get("vs_year_ago")), _improvement_color(m.get("vs_year_ago"), m.get("direction")), True),
                 (t(f"direction.{m.get('direction')}") if m.get("direction") in ("up", "down") else "—", MUTED, False)]
                for m in inputs]
        if block:
            layout.new_page()
        layout.table(columns, rows, heading=t("review.deck.inputs"))


def _key_results(layout: Layout, data: dict, lang: str) -> None:
    layout.start("key_results")
    krs = data.get("key_results") or []
    if not krs:
        layout.text([para(t("review.deck.empty.key_results", period=fmt_period(str(data.get("period", "")), lang)),
                          CONTENT_W, 18.0)])
        return
    teams: dict[str | None, list[dict]] = {}
    for kr in krs:
        teams.setdefault(kr.get("team"), []).append(kr)
    columns = [Column(t("review.deck.key_result"), 0.25, 3), Column(t("review.deck.objective"), 0.20, 3),
               Column(t("okr.score"), 0.08, 1), Column(t("common.status"), 0.14, 3),
               Column(t("okr.confidence"), 0.12, 1), Column(t("review.deck.last_check_in"), 0.21, 3)]
    for team, items in teams.items():
        rows = []
        for kr in items:
            status = status_label(kr.get("status"))
            if kr.get("stale"):
                status = f"{status} · {t('review.deck.stale')}"
            confidence = kr.get("confidence")
            rows.append([(kr.get("title"), None, True), (kr.get("objective"), None, False),
                         (fmt_percent(kr.get("score")), None, False),
                         (status, STATUS_COLORS.get(kr.get("status") or "", MUTED), True),
                         (t("review.deck.confidence_value", value=confidence) if confidence is not None else "—",
                          None, False),
                         (kr.get("comment") or "—", None, False)])
        layout.table(columns, rows, heading=_team(team))


def _bet_figures(bet: dict) -> str:
    from dashboard.services.hypotheses import format_change, format_interval

    kind, unit = bet.get("change_kind") or "relative", bet.get("unit") or ""
    return t("review.deck.bet_figures", expected=format_change(bet.get("expected"), kind, unit),
             measured=format_change(bet.get("measured"), kind, unit),
             interval=format_interval(bet.get("ci_low"), bet.get("ci_high"), kind, unit))


def _bets(layout: Layout, data: dict, charts: _Charts, lang: str) -> None:
    from dashboard.services.hypotheses import format_change, format_interval

    layout.start("bets")
    bets = data.get("bets") or []
    if not bets:
        layout.text([para(t("review.deck.empty.bets", period=fmt_period(str(data.get("period", "")), lang)),
                          CONTENT_W, 18.0)])
        return
    columns = [Column(t("review.deck.verdict"), 0.14, 2), Column(t("review.deck.bet"), 0.35, 3),
               Column(t("common.team"), 0.12, 2), Column(t("review.deck.expected"), 0.11, 1),
               Column(t("review.deck.measured"), 0.11, 1), Column(t("review.deck.interval"), 0.17, 2)]
    rows = []
    for bet in bets:
        kind, unit = bet.get("change_kind") or "relative", bet.get("unit") or ""
        rows.append([(verdict_label(bet.get("verdict")), VERDICT_COLORS.get(bet.get("verdict") or "", INK), True),
                     (bet.get("statement"), None, False), (_team(bet.get("team")), None, False),
                     (format_change(bet.get("expected"), kind, unit), None, False),
                     (format_change(bet.get("measured"), kind, unit), None, True),
                     (format_interval(bet.get("ci_low"), bet.get("ci_high"), kind, unit), None, False)])
    layout.table(columns, rows)
    for bet in bets:
        held_back = bet.get("held_back") or {}
        held = [text for text in (held_back.get(lang, []) if isinstance(held_back, dict) else held_back)
                if clean(text)]
        if not bet.get("path") and not held:
            continue
        layout.new_page()
        verdict = bet.get("verdict")
        facts = [verdict_label(verdict), _team(bet.get("team")), clean(bet.get("metric")) or "—"]
        if bet.get("released"):
            facts.append(t("review.deck.released_on", date=fmt_date(_as_date(bet.get("released")))))
        layout.text([para(bet.get("statement"), CONTENT_W, 18.0, True, max_lines=2, space_after=4.0),
                     para(" · ".join(facts), CONTENT_W, 16.0, True, VERDICT_COLORS.get(verdict or "", INK),
                          max_lines=1, space_after=2.0),
                     para(_bet_figures(bet), CONTENT_W, 16.0, max_lines=2)], gap=8.0)
        width = CONTENT_W
        if held:
            width = PANEL_X - MARGIN - 20.0
            notes = [para(t("review.deck.held_back"), PANEL_W, 16.0, True, max_lines=2, space_after=6.0)]
            budget = int((CONTENT_BOTTOM - layout.y - notes[0].height) // line_height(BODY))
            for text in held:
                lines = min(6, budget)
                if lines <= 0:
                    break
                notes.append(para("• " + clean(text), PANEL_W, max_lines=lines, space_after=6.0))
                budget -= len(notes[-1].lines) + 1
            if not bet.get("path"):
                for note in notes:
                    layout.text([para(note.text, CONTENT_W, note.size, note.bold, note.color,
                                      max_lines=len(note.lines), space_after=note.space_after)], gap=0.0)
                continue
            layout.page.items += stacked(PANEL_X, layout.y, PANEL_W, [[note] for note in notes])
        from dashboard.charts.review import counterfactual_chart

        h = layout.room
        png = charts.render(counterfactual_chart(bet, lang, width=int(width), height=int(h)))
        layout.picture(png, width, h, t("hypotheses.chart.title", metric=clean(bet.get("metric"))))


def _learnings(layout: Layout, data: dict, lang: str) -> None:
    layout.start("learnings")
    items = data.get("learnings") or []
    if not items:
        layout.text([para(t("review.deck.empty.learnings", period=fmt_period(str(data.get("period", "")), lang)),
                          CONTENT_W, 18.0)])
        return
    columns = [Column(t("review.deck.learning"), 0.24, 3), Column(t("common.team"), 0.12, 2),
               Column(t("review.deck.happened"), 0.32, 4), Column(t("review.deck.next_time"), 0.32, 4)]
    layout.table(columns, [[(i.get("title"), None, True), (_team(i.get("team")), None, False),
                            (i.get("happened") or "—", None, False), (i.get("next_time") or "—", None, False)]
                           for i in items])


def _stopped(layout: Layout, data: dict, lang: str) -> None:
    layout.start("stopped")
    items = data.get("stopped") or []
    if not items:
        layout.text([para(t("review.deck.empty.stopped", period=fmt_period(str(data.get("period", "")), lang)),
                          CONTENT_W, 18.0)])
        return
    columns = [Column(t("review.deck.bet"), 0.42, 3), Column(t("common.team"), 0.14, 2),
               Column(t("review.deck.reason"), 0.44, 4)]
    layout.table(columns, [[(i.get("statement"), None, True), (_team(i.get("team")), None, False),
                            (i.get("reason") or "—", None, False)] for i in items])


def _next(layout: Layout, data: dict, lang: str) -> None:
    layout.start("next")
    nxt = data.get("next") or {}
    following = fmt_period(str(nxt.get("period") or ""), lang)
    heading = t("review.deck.next_objectives", period=following)
    objectives = nxt.get("objectives") or []
    if objectives:
        layout.table([Column(t("review.deck.objective"), 0.75, 2), Column(t("common.team"), 0.25, 2)],
                     [[(o.get("title"), None, True), (_team(o.get("team")), None, False)] for o in objectives],
                     heading=heading)
    else:
        layout.text([para(heading, CONTENT_W, 18.0, True, max_lines=1, space_after=4.0),
                     para(t("review.deck.empty.next_objectives", period=following), CONTENT_W, max_lines=2)])
    bets = nxt.get("open_bets") or []
    if bets:
        layout.table([Column(t("review.deck.bet"), 0.6, 2), Column(t("common.team"), 0.2, 2),
                      Column(t("common.status"), 0.2, 2)],
                     [[(b.get("statement"), None, True), (_team(b.get("team")), None, False),
                       (verdict_label(b.get("status")), VERDICT_COLORS.get(b.get("status") or "", INK), False)]
                      for b in bets], heading=t("review.deck.open_bets"))
    else:
        layout.text([para(t("review.deck.open_bets"), CONTENT_W, 18.0, True, max_lines=1, space_after=4.0),
                     para(t("review.deck.empty.open_bets"), CONTENT_W, max_lines=2)])


def chart_count(data: dict) -> int:
    """How many charts the deck draws: the North Star's and one per measured bet."""
    north = 1 if (data.get("north_star") or {}).get("weekly") else 0
    return north + sum(1 for bet in data.get("bets") or [] if bet.get("path"))


def layout_review(data: dict, lang: str, progress: Progress | None = None, share: float = 0.85) -> list[Page]:
    """The review's pages: a title page, then every section in `SECTIONS` order on one or more pages."""
    charts = _Charts(chart_count(data), progress, share)
    layout = Layout()
    layout.pages.append(_title_page(data, lang))
    builders = {"north_star": lambda: _north_star(layout, data, charts, lang),
                "key_results": lambda: _key_results(layout, data, lang),
                "bets": lambda: _bets(layout, data, charts, lang),
                "learnings": lambda: _learnings(layout, data, lang),
                "stopped": lambda: _stopped(layout, data, lang),
                "next": lambda: _next(layout, data, lang)}
    for name in SECTIONS:
        builders[name]()
    return layout.pages


def _footer(data: dict, lang: str, number: int, total: int) -> tuple[Para, Para]:
    right = t("review.deck.page", page=number, pages=total)
    right_w = text_width(right, BODY) + 2
    left = para(f"{deck_title(data, lang)} · {scope_text(data)}", CONTENT_W - right_w - 20, BODY, color=MUTED,
                max_lines=1)
    return left, Para([right], right, BODY, False, MUTED)


# ---------------------------------------------------------------------------------------------
# PowerPoint


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _fill_frame(frame: Any, paras: list[Para], align: str = "left") -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    for i, p in enumerate(paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.LEFT
        paragraph.line_spacing = 1.0
        if p.space_after:
            paragraph.space_after = Pt(p.space_after)
        run = paragraph.add_run()
        run.text = p.text
        run.font.size = Pt(p.size)
        run.font.bold = p.bold
        run.font.color.rgb = _rgb(p.color)


def _textbox(slide: Any, box: TextBox, align: str = "left") -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    shape = slide.shapes.add_textbox(Pt(box.x), Pt(box.y), Pt(box.w), Pt(max(box.h, 1.0)))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    _fill_frame(frame, box.paras, align)


def _pptx_table(slide: Any, box: TableBox) -> None:
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Pt

    shape = slide.shapes.add_table(len(box.rows), len(box.widths), Pt(box.x), Pt(box.y), Pt(sum(box.widths)),
                                   Pt(sum(box.heights)))
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(box.widths):
        table.columns[j].width = Pt(w)
    for i, (cells, h) in enumerate(zip(box.rows, box.heights, strict=True)):
        table.rows[i].height = Pt(h)
        for j, cell in enumerate(cells):
            target = table.cell(i, j)
            target.fill.solid()
            target.fill.fore_color.rgb = _rgb(HEADER_FILL if i == 0 else (STRIPE if i % 2 == 0 else "#ffffff"))
            target.margin_left = target.margin_right = Pt(PAD_X)
            target.margin_top = target.margin_bottom = Pt(PAD_Y)
            target.vertical_anchor = MSO_ANCHOR.TOP
            frame = target.text_frame
            frame.word_wrap = True
            _fill_frame(frame, [Para(cell.lines, cell.text, box.size, cell.bold, cell.color)])


def _pptx_picture(slide: Any, box: PictureBox) -> None:
    from pptx.util import Pt

    picture = slide.shapes.add_picture(io.BytesIO(box.png), Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
    picture._element.nvPicPr.cNvPr.set("descr", box.alt)  # alternative text for screen readers


def pages_to_pptx(pages: list[Page], data: dict, lang: str, progress: Progress | None = None,
                  start: float = 0.0) -> bytes:
    """Draw laid-out pages as slides."""
    from pptx import Presentation
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(PAGE_W), Pt(PAGE_H)
    layout = prs.slide_layouts[5]  # "Title Only": the title stays a real slide title (outline, screen readers)
    for number, page in enumerate(pages, start=1):
        slide = prs.slides.add_slide(layout)
        title = slide.shapes.title
        title.left, title.top = Pt(MARGIN), Pt(page.title_top)
        title.width, title.height = Pt(CONTENT_W), Pt(page.title_h)
        frame = title.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _fill_frame(frame, [page.title])
        for item in page.items:
            if isinstance(item, TextBox):
                _textbox(slide, item, item.align)
            elif isinstance(item, TableBox):
                _pptx_table(slide, item)
            else:
                _pptx_picture(slide, item)
        if page.section is not None:
            left, right = _footer(data, lang, number, len(pages))
            _textbox(slide, TextBox(MARGIN, FOOTER_TOP, CONTENT_W - 120, [left]))
            _textbox(slide, TextBox(PAGE_W - MARGIN - 120, FOOTER_TOP, 120, [right]), "right")
        if progress:
            progress(start + (1 - start) * number / len(pages))
    prs.core_properties.title = deck_title(data, lang)
    prs.core_properties.subject = scope_text(data)
    prs.core_properties.language = "de-DE" if lang == "de" else "en-US"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    with _measure_lock:
        fonts = _measurer().fonts
        return frozenset(fonts[FAMILY.lower()].cmap) & frozenset(fonts[FAMILY.lower() + "B"].cmap)


def _drawable(line: str) -> str:
    """Characters the bundled font cannot draw (emoji, CJK) as a replacement character rather than nothing at all."""
    glyphs = _glyphs()
    return "".join(ch if ord(ch) in glyphs or ch == " " else "\ufffd" for ch in line)


def _pdf_paras(pdf: Any, x: float, y: float, w: float, paras: list[Para], align: str = "left") -> None:
    for p in paras:
        pdf.set_font(FAMILY, "B" if p.bold else "", p.size)
        pdf.set_text_color(p.color)
        for line in p.lines:
            pdf.set_xy(x, y)
            pdf.cell(w, line_height(p.size), _drawable(line), align="R" if align == "right" else "L")
            y += line_height(p.size)
        y += p.space_after


def _pdf_table(pdf: Any, box: TableBox) -> None:
    y = box.y
    for i, (cells, h) in enumerate(zip(box.rows, box.heights, strict=True)):
        x = box.x
        pdf.set_fill_color(HEADER_FILL if i == 0 else (STRIPE if i % 2 == 0 else "#ffffff"))
        pdf.rect(box.x, y, sum(box.widths), h, style="F")
        for cell, w in zip(cells, box.widths, strict=True):
            _pdf_paras(pdf, x + PAD_X, y + PAD_Y, w - 2 * PAD_X,
                       [Para(cell.lines, cell.text, box.size, cell.bold, cell.color)])
            x += w
        pdf.set_draw_color(RULE)
        pdf.line(box.x, y + h, box.x + sum(box.widths), y + h)
        y += h


def pages_to_pdf(pages: list[Page], data: dict, lang: str, progress: Progress | None = None,
                 start: float = 0.0) -> bytes:
    """Draw laid-out pages as a PDF, one page per slide, with an outline entry per section."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="pt", format=(PAGE_H, PAGE_W))
    _add_fonts(pdf)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(deck_title(data, lang))
    pdf.set_subject(scope_text(data))
    pdf.set_creator(t("app.name"))
    pdf.set_lang("de-DE" if lang == "de" else "en-US")
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        if page.section is None or page.first_of_section:
            pdf.start_section(page.title.text)
        _pdf_paras(pdf, MARGIN, page.title_top + (page.title_h - page.title.height) / 2, CONTENT_W, [page.title])
        for item in page.items:
            if isinstance(item, TextBox):
                _pdf_paras(pdf, item.x, item.y, item.w, item.paras, item.align)
            elif isinstance(item, TableBox):
                _pdf_table(pdf, item)
            else:
                pdf.image(io.BytesIO(item.png), x=item.x, y=item.y, w=item.w, h=item.h, alt_text=item.alt)
        if page.section is not None:
            left, right = _footer(data, lang, number, len(pages))
            _pdf_paras(pdf, MARGIN, FOOTER_TOP, CONTENT_W - 120, [left])
            _pdf_paras(pdf, PAGE_W - MARGIN - 120, FOOTER_TOP, 120, [right], "right")
        if progress:
            progress(start + (1 - start) * number / len(pages))
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------
# Entry points


def _build(data: dict, lang: str, progress: Progress | None, draw: Callable[..., bytes]) -> bytes:
    with use_language(lang):
        if progress:
            progress(0.0)
        pages = layout_review(data, lang, progress)
        out = draw(pages, data, lang, progress, 0.85)
        if progress:
            progress(1.0)
        return out


def review_pptx(data: dict, lang: str, progress: Progress | None = None) -> bytes:
    """The review (`build_review` data or a snapshot's) as a 16:9 PowerPoint deck in `lang`;
    `progress` receives the share done, 0..1."""
    return _build(data, lang, progress, pages_to_pptx)


def review_pdf(data: dict, lang: str, progress: Progress | None = None) -> bytes:
    """The review as a PDF with the deck's pages (16:9), in `lang`; `progress` receives the share done."""
    return _build(data, lang, progress, pages_to_pdf)


def review_data(engine: Any, period: str | None, team: str | None, today: date | None = None) -> dict:
    """Build the review of `period` (default: the quarter of `today`) for one team (by name) or all."""
    from sqlmodel import Session

    from dashboard.analysis.periods import period_of, quarter_bounds
    from dashboard.services.review import build_review, okr_repo_teams

    today = today or date.today()
    period = (period or period_of(today)).strip().upper()
    quarter_bounds(period)  # ValueError for anything that is not a quarter
    with Session(engine) as session:
        team_id = None
        if team:
            found = {t_.name.casefold(): t_.id for t_ in okr_repo_teams(session)}
            team_id = found.get(team.strip().casefold())
            if team_id is None:
                raise LookupError(team)
        return build_review(session, period, today, team_id)


def build_pptx(engine: Any, period: str | None, team: str | None, lang: str, today: date | None = None) -> bytes:
    """The deck of a quarter's review straight from the database."""
    return review_pptx(review_data(engine, period, team, today), lang)


def build_pdf(engine: Any, period: str | None, team: str | None, lang: str, today: date | None = None) -> bytes:
    """The PDF of a quarter's review straight from the database."""
    return review_pdf(review_data(engine, period, team, today), lang)
