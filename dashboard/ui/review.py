"""Quarterly review: the quarter's numbers as one review (live or frozen), what changed since the last
frozen review, the presentation view (one section at a time, large type, keyboard), and the deck.

Everything shown comes from one data dict (`dashboard.services.review.build_review`), so the page, the
presentation, a frozen snapshot and the downloaded deck show the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlmodel import Session

from dashboard.charts import STATUS_COLOURS
from dashboard.i18n import escape_md, fmt_date, fmt_datetime, fmt_number, fmt_percent, fmt_period, fmt_value, md, t
from dashboard.services import review as review_svc
from dashboard.services.hypotheses import format_change, format_interval
from dashboard.ui import cache
from dashboard.ui.components import keep_in_url, show_table, title_columns, url_choice
from dashboard.ui.frame import PageContext, data_changed, db_session

LIVE = 0
PRESENT_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 1.2rem 2.5rem 2rem 2.5rem;}
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {font-size: 1.25rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {font-size: 2.6rem !important;}
h1 {font-size: 2.4rem !important;} h2 {font-size: 2rem !important;}
"""
# Arrow keys and PageDown/PageUp press the presentation's next/previous buttons (Streamlit has no key events).
KEYS_JS = """
<script>
// This frame is made anew on every rerun, and a listener dies with the frame that added it: replace it.
const doc = window.parent.document;
if (doc.__reviewKeys) doc.removeEventListener("keydown", doc.__reviewKeys);
doc.__reviewKeys = (event) => {
  if (["INPUT", "TEXTAREA"].includes((event.target.tagName || "").toUpperCase())) return;
  const next = ["ArrowRight", "PageDown"].includes(event.key);
  const prev = ["ArrowLeft", "PageUp"].includes(event.key);
  if (!next && !prev) return;
  const button = doc.querySelector(`.st-key-${next ? "present-next" : "present-prev"} button`);
  if (button && !button.disabled) { event.preventDefault(); button.click(); }
};
doc.addEventListener("keydown", doc.__reviewKeys);
</script>
"""


def _snapshots(ctx: PageContext, period: str) -> list[review_svc.Snapshot]:
    with Session(ctx.engine, expire_on_commit=False) as s:
        return review_svc.snapshots(s, period)


def _latest_snapshot(ctx: PageContext) -> review_svc.Snapshot | None:
    with Session(ctx.engine, expire_on_commit=False) as s:
        found = review_svc.snapshots(s)
    return found[0] if found else None


def _previous(ctx: PageContext, snap: review_svc.Snapshot) -> review_svc.Snapshot | None:
    with Session(ctx.engine, expire_on_commit=False) as s:
        return review_svc.previous_snapshot(s, snap)


def scope_label(data: dict) -> str:
    return f"{fmt_period(data['period'])} · {data.get('team') or t('leader.all_teams_lower')}"


# ---------------------------------------------------------------------------------------------
# Sections, drawn from the review data


def _metric_tile(col, block: dict, *, big: bool = False) -> None:  # noqa: ANN001 - a column
    from dashboard.ui.overview import tile_delta

    col.metric(
        escape_md(block["name"]), escape_md(fmt_value(block["latest"], block["unit"])) if block["latest"] is not None else "—",
        delta=tile_delta(block["vs_previous"]),
        delta_color="inverse" if block["direction"] == "down" else "normal",
        delta_description=t("leader.vs_period", period=fmt_period(block["previous_period"])) if block["vs_previous"] is not None else None,
        chart_data=[v for _, v in block["weekly"]][-13:] or None, border=True,
    )
    if big:
        year = fmt_percent(block["vs_year_ago"], 1, sign=True) if block["vs_year_ago"] is not None else t("leader.no_year_ago")
        col.caption(md("leader.year_ago", change=year, period=fmt_period(block["year_ago_period"]),
                       when=fmt_date(date.fromisoformat(block["latest_date"])) if block["latest_date"] else "—"))


def section_north_star(data: dict) -> None:
    from dashboard.charts.leadership import weekly_chart

    ns = data.get("north_star")
    if not ns:
        st.info(t("review.none.north_star"), icon=":material/lightbulb:")
        return
    left, right = st.columns([1, 2], gap="medium")
    _metric_tile(left, ns, big=True)
    if ns["weekly"]:
        right.altair_chart(weekly_chart(ns["weekly"], metric_name=ns["name"], unit=ns["unit"],
                                        title=md("review.ns_chart", name=ns["name"], period=fmt_period(data["period"]))))
    inputs = data.get("inputs") or []
    if inputs:
        st.markdown(f"**{t('leader.inputs')}**")
        cols = st.columns(4)
        for i, block in enumerate(inputs):
            _metric_tile(cols[i % 4], block)




def section_key_results(data: dict) -> None:
    krs = data.get("key_results") or []
    if not krs:
        st.info(md("review.none.key_results", period=fmt_period(data["period"])), icon=":material/lightbulb:")
        return
    teams = sorted({kr["team"] or "" for kr in krs}, key=str.casefold)
    for team in teams:
        rows = [kr for kr in krs if (kr["team"] or "") == team]
        st.markdown(f"**{escape_md(team or t('common.company'))}**")
        frame = pd.DataFrame([{
            t("common.status"): t(f"okr.status.{kr['status']}") if kr["status"] else "—",
            t("review.kr"): kr["title"],
            t("okr.objective"): kr["objective"],
            t("overview.score"): fmt_percent(kr["score"]),
            t("okr.confidence"): f"{kr['confidence']}/10" if kr["confidence"] is not None else "—",
            t("review.last_comment"): kr["comment"] or "—",
        } for kr in rows])
        colours = {t(f"okr.status.{s}"): c for s, c in STATUS_COLOURS.items()}
        styled = frame.style.apply(lambda col, colours=colours: [f"color: {colours.get(v, '#0f172a')}; font-weight: 600"
                                                                  for v in col], subset=[t("common.status")])
        # Titles and comments get fixed widths: status, score and confidence stay in view at 1280 pixels.
        show_table(styled, hide_index=True, width="stretch",
                   column_config={**title_columns(t("review.kr"), width=200), **title_columns(t("okr.objective"), width=170),
                                  **title_columns(t("review.last_comment"), width=180)})


def _verdict(verdict: str | None) -> str:
    from dashboard.charts.leadership import verdict_label

    return verdict_label(verdict) if verdict else "—"


def section_bets(data: dict, lang: str, *, charts: bool = True) -> None:
    from dashboard.charts.leadership import bet_chart

    bets = data.get("bets") or []
    if not bets:
        st.info(md("review.none.bets", scope=scope_label(data)), icon=":material/lightbulb:")
        return
    show_table([{
        t("leader.verdict"): _verdict(b["verdict"]),
        t("overview.hypothesis"): b["statement"],
        t("common.team"): b["team"] or t("common.company"),
        t("overview.expected"): format_change(b["expected"], b["change_kind"], b["unit"]),
        t("overview.measured"): format_change(b["measured"], b["change_kind"], b["unit"]),
        t("overview.interval"): format_interval(b["ci_low"], b["ci_high"], b["change_kind"], b["unit"]),
    } for b in bets], hide_index=True, width="stretch", column_config=title_columns(t("overview.hypothesis")))
    st.caption(t("common.observational"))
    if not charts:
        return
    for b in bets:
        held = (b.get("held_back") or {}).get(lang) or []
        if not b.get("path") and not held:
            continue
        with st.container(border=True):
            st.markdown(md("review.bet_line", statement=b["statement"], verdict=_verdict(b["verdict"])))
            if b.get("path"):
                st.altair_chart(bet_chart(b["path"], title=t("review.bet_chart"), unit=b["unit"], metric_name=b["metric"]))
            for text in held:
                st.warning(md("review.held_back", why=text), icon=":material/pan_tool:")


def section_learnings(data: dict) -> None:
    items = data.get("learnings") or []
    if not items:
        st.info(t("review.none.learnings"), icon=":material/lightbulb:")
        return
    for item in items:
        st.markdown(f"- **{escape_md(item['title'])}** ({escape_md(item['team'] or t('common.company'))}): "
                    f"{escape_md(item['happened'] or '')} {t('review.next_time')} {escape_md(item['next_time'] or '—')}")


def section_stopped(data: dict) -> None:
    items = data.get("stopped") or []
    if not items:
        st.info(t("review.none.stopped"), icon=":material/lightbulb:")
        return
    for item in items:
        st.markdown(f"- **{escape_md(item['statement'])}** — {escape_md(item['reason'] or t('review.no_reason'))}")


def section_next(data: dict) -> None:
    nxt = data.get("next") or {}
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(md("review.next_objectives", period=fmt_period(nxt.get("period", ""))))
        objectives = nxt.get("objectives") or []
        if not objectives:
            st.caption(md("review.none.next_objectives", period=fmt_period(nxt.get("period", ""))))
        for o in objectives:
            st.markdown(f"- {escape_md(o['title'])} ({escape_md(o['team'] or t('common.company'))})")
    with right:
        st.markdown(f"**{t('review.open_bets')}**")
        bets = nxt.get("open_bets") or []
        if not bets:
            st.caption(t("review.none.open_bets"))
        for b in bets:
            st.markdown(f"- {escape_md(b['statement'])} · {_verdict(b['status'])}")


def render_section(name: str, data: dict, lang: str) -> None:
    {"north_star": section_north_star, "key_results": section_key_results,
     "bets": lambda d: section_bets(d, lang), "learnings": section_learnings, "stopped": section_stopped,
     "next": section_next}[name](data)


# ---------------------------------------------------------------------------------------------
# What changed


def render_changes(changes: review_svc.Changes, heading: str) -> None:
    st.subheader(heading)
    if changes.empty:
        st.caption(t("review.changes.none"))
        return
    lines = []
    if changes.north_star:
        before, after = changes.north_star
        lines.append(md("review.changes.north_star", before=fmt_number(before, 1), after=fmt_number(after, 1)))
    for kr in changes.key_results:
        lines.append(md("review.changes.kr", title=kr["title"], before=fmt_percent(kr["before"]),
                        after=fmt_percent(kr["after"]),
                        status=t(f"okr.status.{kr['status_after']}") if kr["status_after"] else "—"))
    for bet in changes.verdicts:
        lines.append(md("review.changes.verdict", statement=bet["statement"], before=_verdict(bet["before"]),
                        after=_verdict(bet["after"])))
    for item in changes.new_learnings:
        lines.append(md("review.changes.learning", title=item["title"]))
    for item in changes.stopped:
        lines.append(md("review.changes.stopped", statement=item["statement"]))
    st.markdown("\n".join(f"- {line}" for line in lines))


# ---------------------------------------------------------------------------------------------
# The page


def _choose_snapshot(ctx: PageContext, period: str) -> review_svc.Snapshot | None:
    snaps = _snapshots(ctx, period)
    options = [LIVE, *[s.id for s in snaps]]
    labels = {LIVE: t("review.live"), **{s.id: md("review.snapshot_label", date=fmt_datetime(s.taken_at), name=s.taken_by)
                                           + (f" · {s.title}" if s.title else "") for s in snaps}}
    key = "review.snapshot"
    url_choice("snapshot", key, {str(s.id): s.id for s in snaps} | {"live": LIVE}, t("review.snapshot"))
    if st.session_state.get(key) not in options:
        st.session_state[key] = LIVE
    chosen = st.selectbox(t("review.snapshot"), options, key=key, format_func=lambda v: labels.get(v, str(v)))
    keep_in_url("snapshot", key, None if chosen == LIVE else str(chosen))
    return next((s for s in snaps if s.id == chosen), None)


def render_page(ctx: PageContext, today: date) -> None:
    from dashboard.analysis.overview import default_period
    from dashboard.ui.components import period_filter, team_filter

    presenting = st.query_params.get("present") == "1"
    # Presenting keeps the choices made before, without their widgets on the slides.
    c1, c2, c3 = st.columns([1, 1, 2]) if not presenting else (st.empty(), st.empty(), st.empty())
    with c1.container() if presenting else c1:
        period = period_filter(ctx, "review.period", default_period(cache.periods(ctx.engine), today), url_param="quarter")
    with c2.container() if presenting else c2:
        team_id = team_filter(ctx, "review.team", url_param="team")
    with c3.container() if presenting else c3:
        snap = _choose_snapshot(ctx, period)
    if presenting:
        for slot in (c1, c2, c3):
            slot.empty()
    live = cache.live_review(ctx.engine, period, today, team_id)
    data = dict(snap.data) if snap is not None else live
    if snap is not None:
        data["frozen_by"], data["frozen_at"] = snap.taken_by, snap.taken_at.isoformat()
    if presenting:
        present(ctx, data)
        return
    st.caption(md("review.scope", scope=scope_label(data)))
    actions(ctx, data, live, snap)
    if snap is not None:
        st.info(md("review.frozen_by", date=fmt_datetime(snap.taken_at), name=snap.taken_by), icon=":material/ac_unit:")
        since = review_svc.diff(snap.data, live)
        if not since.empty:
            render_changes(since, t("review.changes.since_frozen"))
        previous = _previous(ctx, snap)
    else:
        previous = _latest_snapshot(ctx)
    if previous is not None:
        render_changes(review_svc.diff(previous.data, data),
                       md("review.changes.since_previous", date=fmt_datetime(previous.taken_at),
                          period=fmt_period(previous.period)))
    for name in review_svc.SECTIONS:
        st.header(t(f"review.section.{name}"), divider="gray")
        render_section(name, data, ctx.lang)


def actions(ctx: PageContext, data: dict, live: dict, snap: review_svc.Snapshot | None) -> None:
    row = st.container(horizontal=True, vertical_alignment="bottom")  # buttons as wide as their words
    if row.button(t("review.present"), icon=":material/slideshow:", type="primary", key="review.present"):
        st.query_params["present"] = "1"
        st.query_params["section"] = "1"
        st.rerun()
    if ctx.can_edit and snap is None:
        with row.popover(t("review.freeze"), icon=":material/ac_unit:"):
            title = st.text_input(t("review.freeze_title"), key="review.freeze_title", max_chars=300)
            st.caption(t("review.freeze_help"))
            if st.button(t("review.freeze_confirm"), key="review.freeze_confirm", type="primary"):
                with db_session(ctx) as s:
                    frozen = review_svc.freeze(s, live, user=ctx.user, title=title.strip())
                data_changed()
                st.session_state["review.snapshot.__url"] = None
                st.query_params["snapshot"] = str(frozen.id)
                st.toast(t("review.frozen"), icon=":material/ac_unit:")
                st.rerun()
    downloads(ctx, data, row)


def downloads(ctx: PageContext, data: dict, row) -> None:  # noqa: ANN001 - a Streamlit container
    """The deck and the PDF, built on request with a progress bar, in the UI language."""
    from dashboard.exports import deck

    name = f"review-{data['period']}{'-' + data['team'] if data.get('team') else ''}"
    for col, kind, builder, mime in (
        (row, "pptx", deck.review_pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (row, "pdf", deck.review_pdf, "application/pdf"),
    ):
        key = f"review.deck.{kind}"
        ready = st.session_state.get(key)
        if ready and ready[0] == (data["period"], data.get("team"), data.get("built_at"), ctx.lang):
            col.download_button(t(f"review.download.{kind}"), data=ready[1], file_name=f"{name}.{kind}", mime=mime,
                                icon=":material/download:", key=f"{key}.download")
        elif col.button(t(f"review.prepare.{kind}"), icon=":material/build:", key=f"{key}.prepare"):
            bar = st.progress(0.0, text=t("review.building"))
            content = builder(data, ctx.lang, progress=lambda f, bar=bar: bar.progress(min(max(f, 0.0), 1.0),
                                                                                       text=t("review.building")))
            bar.empty()
            st.session_state[key] = ((data["period"], data.get("team"), data.get("built_at"), ctx.lang), content)
            st.rerun()


def present(ctx: PageContext, data: dict) -> None:
    """One section at a time, large type, no sidebar; next/previous by buttons or arrow keys."""
    st.html(f"<style>{PRESENT_CSS}</style>")
    sections = review_svc.SECTIONS
    try:
        index = min(max(int(st.query_params.get("section", "1")), 1), len(sections))
    except ValueError:
        index = 1
    name = sections[index - 1]
    top_left, top_right = st.columns([3, 1.3], vertical_alignment="center")
    top_left.markdown(md("review.present_heading", period=fmt_period(data["period"]),
                         scope=data.get("team") or t("leader.all_teams_lower")))
    if top_right.button(t("review.exit"), icon=":material/close:", key="present-exit"):
        st.query_params.pop("present", None)
        st.query_params.pop("section", None)
        st.rerun()
    st.progress(index / len(sections), text=md("review.progress", n=index, total=len(sections)))
    st.header(t(f"review.section.{name}"))
    if data.get("frozen_by"):
        st.caption(md("review.frozen_by", date=fmt_datetime(datetime.fromisoformat(data["frozen_at"])),
                      name=data["frozen_by"]))
    render_section(name, data, ctx.lang)
    prev_col, _, next_col = st.columns([1, 4, 1])
    if prev_col.button(t("review.previous"), icon=":material/arrow_back:", key="present-prev", disabled=index == 1,
                       width="stretch"):
        st.query_params["section"] = str(index - 1)
        st.rerun()
    if next_col.button(t("review.next"), icon=":material/arrow_forward:", key="present-next",
                       disabled=index == len(sections), width="stretch"):
        st.query_params["section"] = str(index + 1)
        st.rerun()
    st.caption(t("review.keys_hint"))
    st.iframe(KEYS_JS, height=1)  # our own fixed script, never user content
