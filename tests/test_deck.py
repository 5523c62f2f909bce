"""The quarterly review as a PowerPoint deck and a PDF, read back: pages, titles in both languages,
one picture per chart, text that fits its box, empty reviews, user text shown literally, the CLI."""

from __future__ import annotations

import copy
import io
import math
import shutil
from datetime import date

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from pypdf import PdfReader
from sqlmodel import Session

from dashboard.db import make_engine, migrate
from dashboard.exports import deck
from dashboard.i18n import fmt_date, t
from dashboard.services.review import SECTIONS, build_review

TODAY = date(2026, 11, 24)  # the demo's data ends here
MAX_LINES = 6  # no text frame holds more


# ---------------------------------------------------------------------------------------------
# data


@pytest.fixture(scope="module")
def review(demo_db_file, tmp_path_factory) -> dict:
    """Q3 2026 of the demo workspace; two of its bets keep their counterfactual (two charts are enough)."""
    path = tmp_path_factory.mktemp("deck") / "demo.db"
    shutil.copy(demo_db_file, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        data = build_review(session, "2026-Q3", TODAY)
    engine.dispose()
    assert sum(1 for bet in data["bets"] if bet.get("path")) >= 2
    kept = 0
    for bet in data["bets"]:
        if bet.get("path"):
            kept += 1
            if kept > 2:
                bet["path"] = None
    return data


@pytest.fixture(scope="module")
def built(review) -> dict:
    """Deck and PDF in both languages, built once."""
    cache: dict = {}

    def get(kind: str, lang: str) -> bytes:
        if (kind, lang) not in cache:
            cache[kind, lang] = (deck.review_pptx if kind == "pptx" else deck.review_pdf)(review, lang)
        return cache[kind, lang]

    return get


def _empty_review() -> dict:
    return {"period": "2026-Q3", "team_id": None, "team": None, "today": "2026-11-24", "north_star": None,
            "inputs": [], "key_results": [], "objectives": [], "bets": [], "learnings": [], "stopped": [],
            "next": {"period": "2026-Q4", "objectives": [], "open_bets": []}}


def _kr(i: int, title: str, team: str | None = "Growth", comment: str = "On plan.") -> dict:
    return {"id": i, "title": title, "objective": "Onboarding that people finish", "objective_id": 1, "team": team,
            "score": 0.4, "progress": 0.4, "status": "at_risk", "confidence": 6, "stale": False, "comment": comment}


# ---------------------------------------------------------------------------------------------
# reading back


def _slides(content: bytes):
    return list(Presentation(io.BytesIO(content)).slides)


def _titles(content: bytes) -> list[str]:
    return [slide.shapes.title.text for slide in _slides(content)]


def _frames(slide):
    """(text frame, width in pt, shape) of every text box, title and table cell on a slide."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape.text_frame, Emu(shape.width).pt, shape
        if shape.has_table:
            table = shape.table
            for row in table.rows:
                for j, cell in enumerate(row.cells):
                    width = Emu(table.columns[j].width).pt - Emu(cell.margin_left).pt - Emu(cell.margin_right).pt
                    yield cell.text_frame, width, shape


def _all_text(content: bytes) -> str:
    return "\n".join(frame.text for slide in _slides(content) for frame, _, _ in _frames(slide))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _words(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (a wrapped cell reads as one line)."""
    return " ".join(text.split())


_FONTS: dict = {}


def _lines(text: str, width: float, size: float, bold: bool) -> int:
    """Lines `text` takes in a box `width` points wide, measured with Pillow (not the code under test)."""
    key = (size, bold)
    if key not in _FONTS:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        _FONTS[key] = ImageFont.truetype(str(deck.FONTS / name), size)
    font = _FONTS[key]
    lines, current = 1, ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width + 0.5:
            current = candidate
        elif current:
            lines, current = lines + 1, word
            lines += max(0, math.ceil(font.getlength(word) / width) - 1)
        else:
            lines += max(0, math.ceil(font.getlength(word) / width) - 1)
            current = word
    return lines


# ---------------------------------------------------------------------------------------------
# the deck


@pytest.mark.parametrize("lang", ["en", "de"])
def test_deck_has_a_title_slide_and_every_section_in_order_in_the_language(built, review, lang):
    content = built("pptx", lang)
    titles = _titles(content)
    assert len(titles) >= len(SECTIONS) + 1
    assert titles[0] == t("review.deck_title", lang, period="Q3 2026")
    first = [titles.index(t(f"review.section.{name}", lang)) for name in SECTIONS]
    assert first == sorted(first) and first[0] == 1
    other = "de" if lang == "en" else "en"
    assert not any(t(f"review.section.{name}", other) in titles for name in SECTIONS)
    # continuation slides name their section
    for title in titles[1:]:
        assert any(title.startswith(t(f"review.section.{name}", lang)) for name in SECTIONS), title
    cover = _all_text(content).split("\n")
    subtitle = t("review.deck_subtitle", lang, scope=t("common.all_teams", lang), date=fmt_date(TODAY, lang))
    assert subtitle in cover


def test_deck_has_one_picture_per_chart(built, review):
    slides = _slides(built("pptx", "en"))
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == deck.chart_count(review) == 3  # the North Star and two bets
    for picture in pictures:
        assert picture.image.content_type == "image/png"
        width_px, _ = picture.image.size
        assert width_px >= Emu(picture.width).pt * 1.5  # sharp enough for a projector


def test_deck_is_16_9_and_no_text_overflows_or_is_small(built):
    for lang in ("en", "de"):
        prs = Presentation(io.BytesIO(built("pptx", lang)))
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 × 7.5 in
        for slide in prs.slides:
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0
                assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
            for frame, width, shape in _frames(slide):
                lines = 0
                for paragraph in frame.paragraphs:
                    runs = paragraph.runs
                    if not runs:
                        continue
                    size = runs[0].font.size.pt
                    assert size >= 14, paragraph.text
                    lines += _lines(paragraph.text, width, size, bool(runs[0].font.bold))
                assert lines <= MAX_LINES, frame.text
                if shape.has_table:
                    continue
                height = sum(_lines(p.text, width, p.runs[0].font.size.pt, bool(p.runs[0].font.bold))
                             * p.runs[0].font.size.pt * 1.2 for p in frame.paragraphs if p.runs)
                assert height <= Emu(shape.height).pt + 1, frame.text


def test_a_bet_slide_shows_figures_chart_and_why_it_was_held_back(review):
    data = copy.deepcopy(review)
    data["north_star"]["weekly"] = []
    bet = next(b for b in data["bets"] if b.get("path"))
    for other in data["bets"]:
        if other is not bet:
            other["path"] = None
    bet["held_back"] = {"en": ["The history is too unstable to judge."], "de": ["Der Verlauf ist zu unruhig."]}
    content = deck.review_pptx(data, "de")
    slides = _slides(content)
    [slide] = [s for s in slides if any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)]
    text = "\n".join(frame.text for frame, _, _ in _frames(slide))
    assert bet["statement"] in text
    assert "Der Verlauf ist zu unruhig." in text and "too unstable" not in text
    assert t("review.deck.held_back", "de") in text
    assert "Erwartet " in text and "95-%-Intervall" in text


def test_long_sections_continue_on_further_slides_and_cut_text_with_an_ellipsis():
    data = _empty_review()
    long = "a sentence that goes on " * 40
    data["key_results"] = [_kr(i, f"KR-{i:02d} " + (long if i % 5 == 0 else "short"),
                               team=["Growth", None][i % 2], comment=long) for i in range(40)]
    data["stopped"] = [{"id": i, "statement": f"Stopped-{i} {long}", "team": "Growth", "reason": long}
                       for i in range(12)]
    content = deck.review_pptx(data, "en")
    titles = _titles(content)
    continued = t("review.deck.continued", "en", title=t("review.section.key_results", "en"))
    assert titles.count(continued) >= 2
    assert titles.count(t("review.deck.continued", "en", title=t("review.section.stopped", "en"))) >= 1
    text = _all_text(content)
    assert all(f"KR-{i:02d}" in text for i in range(40))  # every key result on some slide, none lost
    assert all(f"Stopped-{i}" in text for i in range(12))
    assert "…" in text and long not in text
    assert len(PdfReader(io.BytesIO(deck.review_pdf(data, "en"))).pages) == len(titles)


def test_user_text_with_formula_and_markdown_characters_appears_literally():
    data = _empty_review()
    team = "R&D <core> *team*"
    data["team"] = team
    data["key_results"] = [_kr(1, "=HYPERLINK(\"http://x\")", team=team, comment="**not bold** _x_"),
                           _kr(2, "+1 -2 @me", team=team, comment="<b>tag</b> [link](http://e) # no heading")]
    data["learnings"] = [{"id": 1, "title": "`code` ~strike~", "team": None, "happened": "\tx\x00y\x1b[31m",
                          "next_time": "$5 | pipes |", "status": "x"}]
    data["stopped"] = [{"id": 1, "statement": "-minus first", "team": team, "reason": "@at first"}]
    expected = ["=HYPERLINK(\"http://x\")", "**not bold** _x_", "+1 -2 @me", "<b>tag</b> [link](http://e) # no heading",
                "`code` ~strike~", "$5 | pipes |", "-minus first", "@at first", team]
    pptx_text, pdf_text = _all_text(deck.review_pptx(data, "en")), _pdf_text(deck.review_pdf(data, "en"))
    for text in expected:
        assert text in pptx_text, text
        assert text in _words(pdf_text), text
    assert "\x00" not in pptx_text and "\x1b" not in pptx_text  # control characters never reach the file
    assert "\x00" not in pdf_text and "\x1b" not in pdf_text


def test_frozen_review_says_when_and_by_whom():
    data = _empty_review() | {"frozen_by": "Ada", "frozen_at": "2026-10-05T09:30:00+00:00"}
    assert "Frozen on Oct 5, 2026 by Ada" in _all_text(deck.review_pptx(data, "en"))
    assert "Eingefroren am 05.10.2026 von Ada" in _pdf_text(deck.review_pdf(data, "de"))


def test_progress_runs_from_zero_to_one(review):
    data = copy.deepcopy(review)
    for bet in data["bets"]:
        bet["path"] = None
    seen: list[float] = []
    deck.review_pdf(data, "en", seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3


# ---------------------------------------------------------------------------------------------
# the PDF


@pytest.mark.parametrize("lang", ["en", "de"])
def test_pdf_has_the_deck_pages_titles_and_images(built, review, lang):
    reader = PdfReader(io.BytesIO(built("pdf", lang)))
    assert len(reader.pages) == len(_titles(built("pptx", lang)))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (960, 540)
    text = _pdf_text(built("pdf", lang))
    assert t("review.deck_title", lang, period="Q3 2026") in text
    for name in SECTIONS:
        assert t(f"review.section.{name}", lang) in text
    other = "de" if lang == "en" else "en"
    assert t("review.section.learnings", other) not in text
    assert sum(len(page.images) for page in reader.pages) == deck.chart_count(review)
    assert [item.title for item in reader.outline][1:] == [t(f"review.section.{n}", lang) for n in SECTIONS]


def test_german_deck_formats_numbers_and_dates_the_german_way(built, review):
    text = _pdf_text(built("pdf", "de"))
    latest = review["north_star"]["latest"]
    assert f"{latest:,.0f}".replace(",", ".") in text  # 2.157, not 2,157
    chart = deck_chart_spec(review)
    assert chart["config"]["locale"]["number"]["decimal"] == ","
    assert "%d.%m.%Y" in str(chart)


def deck_chart_spec(review: dict) -> dict:
    from dashboard.charts.review import counterfactual_chart

    return counterfactual_chart(next(b for b in review["bets"] if b.get("path")), "de").to_dict()


# ---------------------------------------------------------------------------------------------
# empty workspace and the command line


def test_an_empty_workspace_still_builds_a_deck_and_a_pdf(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    with Session(engine) as session:
        data = build_review(session, "2026-Q3", TODAY)
    engine.dispose()
    content = deck.review_pptx(data, "de")
    titles = _titles(content)
    assert len(titles) == len(SECTIONS) + 1
    assert titles[1:] == [t(f"review.section.{name}", "de") for name in SECTIONS]
    text = _all_text(content)
    for key in ("north_star", "key_results", "bets", "learnings", "stopped"):
        message = t(f"review.deck.empty.{key}", "de", period="Q3 2026")
        assert message in text, key
    assert not any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for s in _slides(content) for shape in s.shapes)
    pdf = PdfReader(io.BytesIO(deck.review_pdf(data, "de")))
    assert len(pdf.pages) == len(titles)
    assert t("review.deck.empty.open_bets", "de") in _pdf_text(deck.review_pdf(data, "de"))


def test_cli_writes_a_readable_deck(demo_app_db, tmp_path, capsys):
    from dashboard.cli import main

    out = tmp_path / "review.pptx"
    assert main(["export", "--format", "pptx", "--period", "2026-Q3", "--team", "monetization", "--lang", "de",
                 "--out", str(out)]) == 0
    titles = _titles(out.read_bytes())
    assert titles[0] == t("review.deck_title", "de", period="Q3 2026")
    assert t("review.section.bets", "de") in titles
    assert "Monetization" in _all_text(out.read_bytes())
    capsys.readouterr()
    assert main(["export", "--format", "pdf", "--team", "Nobody", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Nobody" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
