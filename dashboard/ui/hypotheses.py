"""Hypotheses page: bets with their measurement, the guided form, focus limit, learnings, calibration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.analysis import hypothesis as ha
from dashboard.charts.hypotheses import calibration_chart, effect_chart, release_chart
from dashboard.i18n import escape_md, fmt_date, fmt_percent, get_language, md, md_plural, t
from dashboard.models import HypothesisCreate, HypothesisStatus, HypothesisUpdate, LearningCreate, LearningUpdate
from dashboard.repository import hypotheses as hyp_repo
from dashboard.services import hypotheses as svc
from dashboard.ui import cache
from dashboard.ui.components import empty_state, follow_default, paged, search_rows, show_table
from dashboard.ui.frame import PageContext, data_changed, db_session

NO_TEAM = -1
VERDICT_BADGE = {"validated": "green", "partial": "blue", "invalidated": "red", "inconclusive": "gray",
                 ha.INSUFFICIENT: "orange"}
VERDICT_ICON = {"validated": ":material/check_circle:", "partial": ":material/contrast:",
                "invalidated": ":material/cancel:", "inconclusive": ":material/help:",
                ha.INSUFFICIENT: ":material/hourglass_empty:"}
FLASH = "hypotheses.flash"
FORM = "hypotheses.form"
NEW_LEARNING = -1
OUTPUT_CHOICES = 50


# Resource caches: every rerun gets the same (read-only) results instead of unpickling a copy.
@st.cache_resource(ttl=cache.TTL, max_entries=16, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def measurements(engine: Engine, today: date) -> dict[int, ha.Measurement]:
    """Every hypothesis measured as of `today` (the values it needs read in one query)."""
    with Session(engine, expire_on_commit=False) as s:
        return svc.measure_from_session(s, today)[1]


@st.cache_resource(ttl=cache.TTL, max_entries=32, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def measurement_with_path(engine: Engine, today: date, hyp_id: int) -> ha.Measurement | None:
    """One hypothesis measured with its day-by-day counterfactual (for the chart)."""
    with Session(engine, expire_on_commit=False) as s:
        return svc.measure_from_session(s, today, with_path=True, only=hyp_id)[1].get(hyp_id)


@st.cache_data(ttl=cache.TTL, max_entries=8, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def open_bets_limit(engine: Engine) -> int:
    """The configured open-bets limit per team."""
    with Session(engine, expire_on_commit=False) as s:
        return hyp_repo.open_bets_limit(session=s)


@dataclass
class PageData:
    """Everything the page shows, read once per run."""

    hyps: pd.DataFrame
    results: dict[int, ha.Measurement]
    outputs: pd.DataFrame
    metrics: pd.DataFrame
    teams: pd.DataFrame
    key_results: pd.DataFrame
    limit: int
    today: date


def load(ctx: PageContext, today: date) -> PageData:
    """Read the page's data; the stored status follows the data (and failed bets open a learning draft)."""
    hyps = cache.hypotheses(ctx.engine)
    results = measurements(ctx.engine, today)
    changes = svc.planned_changes(hyps, results)
    if changes and ctx.can_edit:
        with db_session(ctx) as s:
            done = svc.apply_changes(session=s, hyps=hyps, results=results, changes=changes, user=ctx.user,
                                     lang=ctx.lang)
        data_changed()
        if done.drafts:
            st.toast(md_plural("hypotheses.sync.drafts", len(done.drafts)), icon=":material/lightbulb:")
        hyps = cache.hypotheses(ctx.engine)
        results = measurements(ctx.engine, today)
    return PageData(
        hyps=hyps, results=results, outputs=cache.outputs(ctx.engine), metrics=cache.metric_summary(ctx.engine),
        teams=cache.teams(ctx.engine), key_results=cache.key_results(ctx.engine),
        limit=open_bets_limit(ctx.engine), today=today,
    )


def show_flash() -> None:
    """A success message left by the last write."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _team_rows(data: PageData, team_id: int | None) -> pd.DataFrame:
    return data.hyps if team_id is None else data.hyps[data.hyps["team_id"] == team_id]


def _unit(data: PageData, metric_id: int) -> str:
    row = data.metrics[data.metrics["id"] == metric_id]
    return "" if row.empty else str(row.iloc[0]["unit"])


def _expected_text(h) -> str:
    return svc.format_change(h["expected_change"], h["change_kind"], h["metric_unit"])


def _verdict_label(m: ha.Measurement) -> str:
    if m.verdict is None:
        return t("hypotheses.verdict.none")
    if m.verdict == ha.INSUFFICIENT:
        return t("hypotheses.verdict.insufficient")
    label = t(f"hypothesis_status.{m.verdict}")
    return f"{label} ({t('hypotheses.held_back')})" if m.held_back else label


# ---------------------------------------------------------------------------------------------
# Focus


def render_focus(ctx: PageContext, data: PageData, team_id: int | None) -> None:
    """Open bets per team against the limit, and the limit itself (configurable)."""
    teams = data.teams if team_id is None else data.teams[data.teams["id"] == team_id]
    cols = st.columns(max(len(teams), 1) + 1)
    for col, team in zip(cols, teams.itertuples(), strict=False):
        count = len(svc.open_bets(data.hyps, int(team.id)))
        col.metric(md("hypotheses.focus.open_bets", team=team.name), f"{count} / {data.limit}",
                   help=t("hypotheses.focus.help"))
        if count > data.limit:
            col.caption(md("hypotheses.focus.over", count=count - data.limit))
    if not ctx.is_admin:
        return
    with cols[-1].popover(t("hypotheses.focus.limit_button"), icon=":material/tune:"):
        value = st.number_input(t("hypotheses.focus.limit_label"), min_value=1, max_value=100, value=data.limit,
                                step=1, key="hypotheses.focus.limit")
        if st.button(t("common.save"), key="hypotheses.focus.save"):
            with db_session(ctx) as s:
                hyp_repo.set_open_bets_limit(session=s, limit=int(value), user=ctx.user)
            data_changed()
            st.session_state[FLASH] = md("hypotheses.focus.limit_saved", limit=int(value))
            st.rerun()


# ---------------------------------------------------------------------------------------------
# List and detail


def render_list(data: PageData, team_id: int | None) -> None:
    """All bets with expected and measured change, verdict and status."""
    query = st.text_input(t("common.search"), key="hypotheses.search", placeholder=t("common.search_placeholder"))
    found = search_rows(_team_rows(data, team_id), query, ["statement", "metric", "team", "reason"])
    if found.empty:
        st.caption(md("common.no_match", query=query))
        return
    rows = []
    for h in paged(found, "hypotheses.page").to_dict("records"):
        m = data.results[int(h["id"])]
        unit = h["metric_unit"]
        interval = svc.format_interval(m.ci_low, m.ci_high, m.change_kind, unit)
        rows.append({
            t("hypotheses.verdict"): _verdict_label(m),
            t("hypotheses.statement"): h["statement"],
            t("hypotheses.expected"): _expected_text(h),
            t("hypotheses.measured"): svc.format_change(m.measured_change, m.change_kind, unit),
            t("hypotheses.interval"): interval,
            t("common.team"): h["team"] or t("common.company"),
            t("common.metric"): h["metric"] + (f" ({h['segment']})" if h["segment"] else ""),
            t("common.status"): t(f"hypothesis_status.{h['status']}"),
            t("hypotheses.release"): fmt_date(m.t0) if m.t0 else "—",
        })
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch",
               column_config={t("hypotheses.verdict"): st.column_config.TextColumn(pinned=True),
                              t("hypotheses.statement"): st.column_config.TextColumn(width="medium")})
    st.caption(f":material/science: {t('common.observational')}")


def selected_hypothesis(data: PageData, team_id: int | None) -> int | None:
    """The hypothesis to show in detail: from the `hypothesis` query parameter or the select box."""
    ids = _team_rows(data, team_id)["id"].astype(int).tolist()
    known = set(data.hyps["id"].astype(int))
    raw = st.query_params.get("hypothesis")
    if raw is not None and raw != st.session_state.get("hypotheses.detail_param"):
        st.session_state["hypotheses.detail_param"] = raw
        try:
            wanted = int(raw)
        except ValueError:
            wanted = None
        if wanted not in known:
            st.error(md("hypotheses.unknown_id", value=raw), icon=":material/error:")
        else:
            st.session_state["hypotheses.detail"] = wanted
    current = st.session_state.get("hypotheses.detail")
    if current in known and current not in ids:
        ids = [current, *ids]
    if not ids:
        return None
    if current not in ids:
        st.session_state["hypotheses.detail"] = ids[0]
    labels = {int(h["id"]): h["statement"] for h in data.hyps.to_dict("records")}

    def remember() -> None:
        st.query_params["hypothesis"] = str(st.session_state["hypotheses.detail"])
        st.session_state["hypotheses.detail_param"] = st.query_params["hypothesis"]

    return st.selectbox(t("hypotheses.detail.select"), ids, key="hypotheses.detail",
                        format_func=lambda v: labels.get(v, str(v)), on_change=remember)


def render_detail(ctx: PageContext, data: PageData, hyp_id: int) -> None:
    """One bet: statement, result with interval and verdict, warnings, chart, and what can be changed."""
    h = data.hyps[data.hyps["id"] == hyp_id].iloc[0].to_dict()
    m = data.results[hyp_id]
    unit = h["metric_unit"]
    st.markdown(f"#### {escape_md(h['statement'])}")
    outputs = data.outputs[data.outputs["id"].isin(h["output_ids"])]
    shipped = ", ".join(
        f"{o.key} ({fmt_date(o.shipped_on) if o.shipped_on == o.shipped_on and o.shipped_on else t('hypotheses.not_shipped')})"
        for o in outputs.itertuples()
    ) or t("hypotheses.no_outputs")
    window_key = "hypotheses.window_caption_auto" if m.window_auto else "hypotheses.window_caption"
    st.caption(" · ".join(escape_md(part) for part in [
        h["team"] or t("common.company"), t(f"hypothesis_status.{h['status']}"),
        t(window_key, days=m.window_days), shipped,
    ]))
    if h["reason"] and h["reason"].strip().rstrip(".").casefold() not in h["statement"].casefold():
        # Statements written with the guided form already end in "because …": say it once.
        st.markdown(f"*{t('hypotheses.because')}* {escape_md(h['reason'], lines=True)}")
    if h["status"] == HypothesisStatus.stopped and h["stop_reason"]:
        st.info(md("hypotheses.stopped_because", reason=h["stop_reason"]), icon=":material/block:")

    if m.state == ha.MEASURED and m.measured_change is not None:
        detailed = measurement_with_path(ctx.engine, data.today, hyp_id) or m
        st.badge(f"{t('hypotheses.verdict')}: {_verdict_label(m)}", color=VERDICT_BADGE.get(m.verdict or "", "gray"),
                 icon=VERDICT_ICON.get(m.verdict or "", ":material/help:"))
        c1, c2, c3, c4 = st.columns([1, 1, 1.4, 1.4])
        c1.metric(t("hypotheses.expected"), escape_md(svc.format_change(m.expected, m.change_kind, unit)))
        c2.metric(t("hypotheses.measured"), escape_md(svc.format_change(m.measured_change, m.change_kind, unit)))
        c3.metric(t("hypotheses.interval"), escape_md(svc.format_interval(m.ci_low, m.ci_high, m.change_kind, unit)))
        late_interval = svc.format_interval(m.late_low, m.late_high, m.change_kind, unit)
        c4.metric(t("hypotheses.late"), escape_md(svc.format_change(m.late_change, m.change_kind, unit)),
                  help=md("hypotheses.late_caption", change=svc.format_change(m.late_change, m.change_kind, unit),
                         interval=late_interval) if m.late_change is not None else None)
        caption = md("hypotheses.windows_caption", before=m.n_before, after=m.n_after,
                    start=fmt_date(m.before_start), end=fmt_date(m.after_end))
        if m.late_change is not None:
            caption += " " + md("hypotheses.late_caption", change=svc.format_change(m.late_change, m.change_kind, unit),
                               interval=late_interval)
        st.caption(caption)
    else:
        detailed = m
        if m.state != ha.MEASURED:
            st.info(escape_md(svc.state_text(m)), icon=":material/hourglass_top:")
    if m.state == ha.MEASURED and m.verdict not in (None, ha.INSUFFICIENT):
        # The method text starts with what the observational note says: one line, not two.
        st.caption(":material/science: " + escape_md(svc.method_text(m, control_is_metric=not _missing(h.get("control_metric_id")))))
    raw = md("hypotheses.raw_verdict", verdict=t(f"hypothesis_status.{m.raw_verdict}")) if m.raw_verdict else ""
    for held, text in svc.check_items(m, unit):
        if held:
            # The verdict the checks held back belongs with the reason.
            st.warning(f"{escape_md(text)} {raw}".strip(), icon=":material/front_hand:")
            raw = ""
        else:
            st.info(escape_md(text), icon=":material/info:")
    # Before launch the detectability hint below says what the not-detectable warning would.
    for text in svc.warning_texts(m, unit, checks=False, skip=("not_detectable",) if m.detectability else ()):
        st.warning(escape_md(text), icon=":material/warning:")
    if m.state == ha.NOT_LAUNCHED and m.detectability is not None:
        _detectability_hint(m.detectability, m.change_kind, m.expected, unit)

    values = cache.metric_values(ctx.engine, int(h["metric_id"]), h["segment"] or "")
    if values.empty and detailed.path is None:
        empty_state("hypotheses.no_data", link_page="pages/4_Data.py", link_key="common.go_to_data")
    else:
        st.altair_chart(release_chart(values, detailed, metric_name=h["metric"], unit=unit), width="stretch")
        effect = effect_chart(detailed)
        if effect is not None:
            st.altair_chart(effect, width="stretch")

    if ctx.can_edit:
        with st.expander(t("hypotheses.status.change"), icon=":material/edit_note:"):
            render_status_change(ctx, data, h)
        with st.expander(t("hypotheses.edit"), icon=":material/edit:"):
            render_form(ctx, data, existing=h)
        if ctx.is_admin:
            with st.expander(t("hypotheses.delete.title"), icon=":material/delete:"):
                render_delete(ctx, h)


def render_delete(ctx: PageContext, h: dict) -> None:
    """Delete a hypothesis after an explicit confirmation (its links go with it, learnings stay)."""
    prefix = f"hypotheses.delete.{int(h['id'])}"
    with st.form(prefix, border=False):
        st.caption(t("hypotheses.delete.help"))
        confirm = st.checkbox(t("hypotheses.delete.confirm"), key=f"{prefix}.confirm")
        submitted = st.form_submit_button(t("hypotheses.delete.submit"), icon=":material/delete:", key=f"{prefix}.submit")
    if not submitted:
        return
    if not confirm:
        st.error(t("hypotheses.delete.need_confirm"))
        return
    with db_session(ctx) as s:
        hyp_repo.delete_hypothesis(session=s, hypothesis_id=int(h["id"]), user=ctx.user)
    data_changed()
    st.session_state[FLASH] = md("hypotheses.delete.done", statement=h["statement"])
    st.session_state.pop("hypotheses.detail", None)
    st.query_params.pop("hypothesis", None)
    st.session_state.pop("hypotheses.detail_param", None)
    st.rerun()


def _detectability_hint(det: ha.Detectability, change_kind: str, expected: float, unit: str) -> None:
    if det.detectable is None:
        st.caption(t("hypotheses.detect.no_history"))
    elif det.detectable:
        st.success(md("hypotheses.detect.ok", days=det.window_days,
                     mde=svc.format_change(det.mde, change_kind, unit).lstrip("+")), icon=":material/check:")
    else:
        st.warning(escape_md(svc.not_detectable_text(det.mde, change_kind, det.window_days, det.suggested_window, unit,
                                           too_few=det.too_few_values, per_window=det.values_per_window)),
                   icon=":material/visibility_off:")


# ---------------------------------------------------------------------------------------------
# Status by hand, with the focus limit


def render_status_change(ctx: PageContext, data: PageData, h: dict) -> None:
    """Set idea, planned or stopped by hand (the data decides the rest); stopping keeps a reason."""
    hyp_id = int(h["id"])
    prefix = f"hypotheses.status.{hyp_id}"
    options = [s.value for s in hyp_repo.HAND_STATUSES]
    labels = {s: t(f"hypothesis_status.{s}") for s in options}
    st.caption(t("hypotheses.status.help"))
    choice = st.radio(t("common.status"), options, key=f"{prefix}.choice", horizontal=True,
                      format_func=lambda v: labels[v],
                      index=options.index(h["status"]) if h["status"] in options else None)
    reason = st.text_input(t("hypotheses.stop_reason"), key=f"{prefix}.reason",
                           placeholder=t("hypotheses.stop_reason_placeholder"))
    if st.button(t("hypotheses.status.save"), key=f"{prefix}.save"):
        st.session_state.pop(f"{prefix}.pending", None)
        if choice is None:
            st.error(t("hypotheses.status.pick"))
        elif choice == HypothesisStatus.stopped and not reason.strip():
            st.error(t("hypotheses.stop_reason_required"))
        elif (choice == HypothesisStatus.planned and h["status"] not in [s.value for s in hyp_repo.OPEN_STATUSES]
              and svc.needs_stop(data.hyps, _team(h), data.limit, exclude_id=hyp_id)):
            st.session_state[f"{prefix}.pending"] = True
        else:
            with db_session(ctx) as s:
                hyp_repo.set_status(session=s, hypothesis_id=hyp_id, status=choice, stop_reason=reason, user=ctx.user)
            data_changed()
            st.session_state[FLASH] = md("hypotheses.status.saved", status=labels[choice])
            st.rerun()
    if st.session_state.get(f"{prefix}.pending"):
        stop_id, stop_reason = make_room(data, _team(h), prefix, exclude_id=hyp_id)
        if st.button(t("hypotheses.focus.stop_and_continue"), key=f"{prefix}.stop_and_save", type="primary"):
            if stop_id is None or not stop_reason.strip():
                st.error(t("hypotheses.focus.pick_and_reason"))
            else:
                with db_session(ctx) as s:
                    hyp_repo.stop_hypothesis(session=s, hypothesis_id=stop_id, reason=stop_reason, user=ctx.user)
                    hyp_repo.set_status(session=s, hypothesis_id=hyp_id, status=HypothesisStatus.planned, user=ctx.user)
                data_changed()
                st.session_state.pop(f"{prefix}.pending", None)
                st.session_state[FLASH] = md("hypotheses.status.saved", status=labels["planned"])
                st.rerun()


def _missing(value) -> bool:
    return value is None or value != value


def _team(h: dict) -> int | None:
    team = h.get("team_id")
    return None if team is None or team != team else int(team)


def make_room(data: PageData, team_id: int | None, prefix: str, exclude_id: int | None = None) -> tuple[int | None, str]:
    """Ask which open bet to stop when one more would go over the limit; returns the choice and reason."""
    bets = svc.open_bets(data.hyps, team_id)
    if exclude_id is not None:
        bets = bets[bets["id"] != exclude_id]
    team_name = t("common.company")
    if team_id is not None and (data.teams["id"] == team_id).any():
        team_name = data.teams[data.teams["id"] == team_id].iloc[0]["name"]
    st.warning(md("hypotheses.focus.ask", team=team_name, count=len(bets), limit=data.limit), icon=":material/filter_center_focus:")
    labels = {int(b["id"]): f"{b['statement']} ({t('hypothesis_status.' + b['status'])})" for b in bets.to_dict("records")}
    options = list(labels)
    stop_id = st.selectbox(t("hypotheses.focus.which"), options, index=None, key=f"{prefix}.stop_pick",
                           format_func=lambda v: labels.get(v, str(v)), placeholder=t("hypotheses.focus.pick"))
    reason = st.text_input(t("hypotheses.stop_reason"), key=f"{prefix}.stop_reason",
                           placeholder=t("hypotheses.stop_reason_placeholder"))
    return stop_id, reason


# ---------------------------------------------------------------------------------------------
# The guided form (create and edit)


def _form_defaults(existing: dict | None, team_id: int | None) -> dict:
    if existing is None:
        return {"team": team_id if team_id is not None else NO_TEAM, "outputs": [], "outputs_search": "", "what": "", "direction": "raise",
                "metric": None, "expected": "", "segment": "", "reason": "", "kr": None, "guardrail": None,
                "window": None, "status": "planned", "statement": "", "control_segments": [], "control_metric": None}
    kr = existing["key_result_id"]
    guard = existing["guardrail_metric_id"]
    return {
        "team": _team(existing) if _team(existing) is not None else NO_TEAM,
        "outputs": [int(i) for i in existing["output_ids"]], "outputs_search": "", "what": "",
        "direction": "raise" if existing["expected_change"] > 0 else "lower",
        "metric": int(existing["metric_id"]),
        "expected": expected_input(existing["expected_change"], existing["change_kind"]),
        "segment": existing["segment"], "reason": existing["reason"],
        "kr": None if kr is None or kr != kr else int(kr), "guardrail": None if guard is None or guard != guard else int(guard),
        "window": None if _missing(existing["window_days"]) else int(existing["window_days"]),
        "status": existing["status"], "statement": existing["statement"],
        "control_segments": [p.strip() for p in (existing.get("control_segments") or "").split(",") if p.strip()],
        "control_metric": None if _missing(existing.get("control_metric_id")) else int(existing["control_metric_id"]),
    }


def expected_input(value: float, change_kind: str) -> str:
    """The stored expected change as a user would type it, without rounding: `+15.3%`, `-2.5pp`, `+300`."""
    if change_kind == "relative":
        text, suffix = f"{value * 100:+.6g}", "%"
    else:
        text, suffix = f"{value:+.6g}", "pp" if change_kind == "pp" else ""
    if get_language() == "de":
        text = text.replace(".", ",")
    return text + suffix


def output_options(data: PageData, team: int, chosen: list[int], query: str) -> list[int]:
    """The outputs a form offers: those chosen, then the team's (all teams' for the company) matching the
    search, newest first, at most `OUTPUT_CHOICES` of them, so the list stays short whatever is stored."""
    pool = data.outputs if team == NO_TEAM else data.outputs[data.outputs["team_id"] == team]
    pool = search_rows(pool, query, ["key", "title"])
    newest = pool.sort_values("shipped_on", ascending=False, na_position="first", kind="stable")
    offered = [int(i) for i in newest["id"].head(OUTPUT_CHOICES)]
    kept = [int(i) for i in chosen]
    return kept + [i for i in offered if i not in set(kept)]


def render_form(ctx: PageContext, data: PageData, existing: dict | None = None, team_id: int | None = None) -> None:
    """“We believe that [outputs] will [raise/lower] [metric] by [expected change] [for segment] because [reason]”."""
    prefix = FORM if existing is None else f"hypotheses.edit.{int(existing['id'])}"
    defaults = _form_defaults(existing, team_id)
    if st.session_state.pop(f"{prefix}.reset", False):
        for name in defaults:
            st.session_state.pop(f"{prefix}.{name}", None)
    for name, value in defaults.items():
        st.session_state.setdefault(f"{prefix}.{name}", value)
    if existing is None:
        follow_default(f"{prefix}.team", defaults["team"])
    errors: dict[str, str] = st.session_state.get(f"{prefix}.errors", {})

    def err(name: str) -> None:
        if name in errors:
            st.error(errors[name], icon=":material/error:")

    team_labels = {NO_TEAM: t("common.company"), **dict(zip(data.teams["id"].astype(int), data.teams["name"], strict=True))}
    metric_labels = {int(r.id): f"{r.name} ({r.unit})" if r.unit and r.unit != "count" else r.name
                     for r in data.metrics.itertuples()}
    guard_ids = [int(i) for i in data.metrics.sort_values("kind", key=lambda k: k != "guardrail")["id"]]
    output_labels = dict(zip(data.outputs["id"].astype(int), data.outputs["key"] + " · " + data.outputs["title"],
                             strict=True))
    kr_labels = {int(k.id): k.title for k in data.key_results.itertuples()}
    direction_labels = {"raise": t("hypotheses.form.raise"), "lower": t("hypotheses.form.lower")}
    status_labels = {s: t(f"hypothesis_status.{s}") for s in ("idea", "planned")}

    if existing is None:
        st.markdown(t("hypotheses.form.intro"))
    left, right = st.columns(2)
    with left:
        st.selectbox(t("common.team"), list(team_labels), key=f"{prefix}.team", format_func=lambda v: team_labels[v])
        st.text_input(t("hypotheses.form.outputs_search"), key=f"{prefix}.outputs_search",
                      placeholder=t("hypotheses.form.outputs_search_placeholder"))
        output_ids = output_options(data, st.session_state[f"{prefix}.team"], st.session_state[f"{prefix}.outputs"],
                                    st.session_state.get(f"{prefix}.outputs_search") or "")
        st.multiselect(t("hypotheses.form.outputs"), output_ids, key=f"{prefix}.outputs",
                       format_func=lambda v: output_labels.get(v, str(v)), placeholder=t("hypotheses.form.outputs_placeholder"))
        if existing is None:
            st.text_input(t("hypotheses.form.what"), key=f"{prefix}.what", placeholder=t("hypotheses.form.what_placeholder"))
            err("what")
            st.radio(t("hypotheses.form.will"), list(direction_labels), key=f"{prefix}.direction", horizontal=True,
                     format_func=lambda v: direction_labels[v])
        else:
            st.text_area(t("hypotheses.statement"), key=f"{prefix}.statement", height=80)
            err("statement")
        directions = dict(zip(data.metrics["id"].astype(int), data.metrics["direction"], strict=True))

        def follow_direction() -> None:
            # A metric where lower is better: the bet lowers it unless the user says otherwise.
            chosen = st.session_state.get(f"{prefix}.metric")
            if existing is None and chosen is not None:
                st.session_state[f"{prefix}.direction"] = "lower" if directions.get(chosen) == "down" else "raise"

        st.selectbox(t("common.metric"), list(metric_labels), key=f"{prefix}.metric", index=None,
                     format_func=lambda v: metric_labels.get(v, str(v)), placeholder=t("hypotheses.form.metric_placeholder"),
                     on_change=follow_direction)
        err("metric_id")
        st.text_input(t("hypotheses.form.expected"), key=f"{prefix}.expected", placeholder="+15%, -2pp, +300",
                      help=t("hypotheses.form.expected_help"))
        err("expected_change")
    with right:
        st.text_input(t("hypotheses.form.segment"), key=f"{prefix}.segment", placeholder=t("hypotheses.form.segment_placeholder"))
        st.text_area(t("hypotheses.form.reason"), key=f"{prefix}.reason", height=80)
        err("reason")
        st.selectbox(t("hypotheses.form.key_result"), list(kr_labels), key=f"{prefix}.kr", index=None,
                     format_func=lambda v: kr_labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"))
        st.selectbox(t("hypotheses.form.guardrail"), guard_ids, key=f"{prefix}.guardrail", index=None,
                     format_func=lambda v: metric_labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"))
        st.number_input(t("hypotheses.window"), min_value=7, max_value=365, step=7, key=f"{prefix}.window",
                        placeholder=t("hypotheses.form.window_auto"), help=t("hypotheses.form.window_help"))
        err("window_days")
        chosen_metric = st.session_state.get(f"{prefix}.metric")
        segment_options: list[str] = []
        if chosen_metric is not None:
            stored = cache.metric_values(ctx.engine, int(chosen_metric), None)
            typed_segment = (st.session_state.get(f"{prefix}.segment") or "").strip()
            segment_options = sorted(s for s in stored["segment"].unique() if s and s != typed_segment)
        for kept in st.session_state.get(f"{prefix}.control_segments") or []:
            if kept not in segment_options:
                segment_options.append(kept)
        st.multiselect(t("hypotheses.form.control_segments"), segment_options, key=f"{prefix}.control_segments",
                       placeholder=t("hypotheses.form.control_segments_placeholder") if segment_options
                       else t("hypotheses.form.control_segments_none" if chosen_metric is not None
                              else "hypotheses.form.control_segments_pick_metric"),
                       help=t("hypotheses.form.control_help"))
        control_ids = [i for i in metric_labels if i != chosen_metric]
        st.selectbox(t("hypotheses.form.control_metric"), control_ids, key=f"{prefix}.control_metric", index=None,
                     format_func=lambda v: metric_labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"),
                     help=t("hypotheses.form.control_help"))
        err("control")
        if existing is None:
            st.radio(t("common.status"), list(status_labels), key=f"{prefix}.status", horizontal=True,
                     format_func=lambda v: status_labels[v])

    draft, live_errors = build_draft(prefix, data, existing)
    if draft is not None and existing is None:
        st.markdown(f"> {escape_md(draft.statement)}")
    if draft is not None:
        st.caption(md("hypotheses.form.sign_used", change=svc.format_change(draft.expected_change, draft.change_kind.value,
                                                                          _unit(data, draft.metric_id))))
    if existing is None or data.results[int(existing["id"])].state == ha.NOT_LAUNCHED:
        _live_detectability(ctx, data, prefix, draft)
    if errors and not live_errors:
        st.session_state.pop(f"{prefix}.errors", None)
    label = t("hypotheses.form.save") if existing is None else t("common.save")
    if st.button(label, key=f"{prefix}.save", type="primary", disabled=not ctx.can_edit):
        st.session_state.pop(f"{prefix}.pending", None)
        if live_errors:
            st.session_state[f"{prefix}.errors"] = live_errors
            st.rerun()
        team = None if st.session_state[f"{prefix}.team"] == NO_TEAM else int(st.session_state[f"{prefix}.team"])
        if (existing is None and draft.status == HypothesisStatus.planned
                and svc.needs_stop(data.hyps, team, data.limit)):
            st.session_state[f"{prefix}.pending"] = True
        else:
            _save(ctx, prefix, draft, existing)
    if existing is None and st.session_state.get(f"{prefix}.pending") and draft is not None:
        team = None if st.session_state[f"{prefix}.team"] == NO_TEAM else int(st.session_state[f"{prefix}.team"])
        stop_id, reason = make_room(data, team, prefix)
        c1, c2 = st.columns(2)
        if c1.button(t("hypotheses.focus.stop_and_save"), key=f"{prefix}.stop_and_save", type="primary"):
            if stop_id is None or not reason.strip():
                st.error(t("hypotheses.focus.pick_and_reason"))
            else:
                _save(ctx, prefix, draft, None, stop=(stop_id, reason))
        if c2.button(t("hypotheses.focus.save_as_idea"), key=f"{prefix}.save_as_idea"):
            _save(ctx, prefix, draft.model_copy(update={"status": HypothesisStatus.idea}), None)


def _save(ctx: PageContext, prefix: str, draft: HypothesisCreate, existing: dict | None,
          stop: tuple[int, str] | None = None) -> None:
    outputs = [int(i) for i in st.session_state[f"{prefix}.outputs"]]
    try:
        with db_session(ctx) as s:
            if stop is not None:
                hyp_repo.stop_hypothesis(session=s, hypothesis_id=stop[0], reason=stop[1], user=ctx.user)
            if existing is None:
                saved = hyp_repo.create_hypothesis(session=s, data=draft, output_ids=outputs, user=ctx.user)
            else:
                changes = HypothesisUpdate(**draft.model_dump(exclude={"status", "stop_reason", "learning"}))
                saved = hyp_repo.update_hypothesis(session=s, hypothesis_id=int(existing["id"]), data=changes,
                                                   output_ids=outputs, user=ctx.user)
    except Exception as exc:  # noqa: BLE001 - e.g. the same statement exists already
        if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
            st.session_state[f"{prefix}.errors"] = {"statement": t("hypotheses.form.duplicate")}
            st.rerun()
        raise
    data_changed()
    st.session_state[f"{prefix}.reset"] = True
    st.session_state.pop(f"{prefix}.pending", None)
    st.session_state.pop(f"{prefix}.errors", None)
    st.session_state[FLASH] = md("hypotheses.form.saved", statement=saved.statement)
    # The detail select box is already drawn: show the new bet through the query parameter next run.
    st.query_params["hypothesis"] = str(saved.id)
    st.session_state.pop("hypotheses.detail_param", None)
    st.rerun()


def compose_statement(what: str, direction: str, metric: str, expected: str, segment: str, reason: str) -> str:
    """The sentence of the guided form, in the UI language."""
    key = "hypotheses.form.sentence_segment" if segment else "hypotheses.form.sentence"
    verb = t("hypotheses.form.verb_raise" if direction == "raise" else "hypotheses.form.verb_lower")
    return t(key, what=what, verb=verb, metric=metric, expected=expected, segment=segment, reason=reason.rstrip(". "))


def build_draft(prefix: str, data: PageData, existing: dict | None) -> tuple[HypothesisCreate | None, dict[str, str]]:
    """Validate what was typed (through `HypothesisCreate`); returns the draft or each field's error."""
    ss = st.session_state
    errors: dict[str, str] = {}
    metric_id = ss[f"{prefix}.metric"]
    unit = _unit(data, metric_id) if metric_id is not None else ""
    kind, value = "relative", None
    typed = (ss[f"{prefix}.expected"] or "").strip()
    try:
        kind, value = ha.parse_expected_change(typed, unit=unit, lang=get_language())
    except ha.ExpectedChangeError as exc:
        errors["expected_change"] = md(f"hypotheses.form.expected_error.{exc.code}", unit=unit)
    if value is not None and existing is None:
        lower = ss[f"{prefix}.direction"] == "lower"
        if ha.has_sign(typed) and (value < 0) != lower:
            errors["expected_change"] = t("hypotheses.form.expected_error.sign")
        value = -abs(value) if lower else abs(value)
    elif value is not None and not ha.has_sign(typed) and metric_id is not None:
        # An unsigned change on a metric where lower is better means a decrease.
        direction = data.metrics.set_index("id")["direction"].get(metric_id)
        value = -abs(value) if direction == "down" else abs(value)
    control_segments = list(ss.get(f"{prefix}.control_segments") or [])
    control_metric = ss.get(f"{prefix}.control_metric")
    if control_segments and control_metric is not None:
        errors["control"] = t("hypotheses.form.control_both")
    reason = (ss[f"{prefix}.reason"] or "").strip()
    if not reason:
        errors["reason"] = t("hypotheses.form.reason_required")
    if metric_id is None:
        errors["metric_id"] = t("common.required")
    outputs = ss[f"{prefix}.outputs"]
    if existing is None:
        what = (ss[f"{prefix}.what"] or "").strip()
        if not what and outputs:
            titles = data.outputs.set_index("id")["title"]
            what = ", ".join(str(titles.get(i, "")) for i in outputs)
        if not what:
            errors["what"] = t("hypotheses.form.what_required")
        metric_name = data.metrics.set_index("id")["name"].get(metric_id, "") if metric_id is not None else ""
        expected_text = svc.format_change(abs(value), kind, unit).lstrip("+") if value is not None else ""
        statement = compose_statement(what, ss[f"{prefix}.direction"], metric_name, expected_text,
                                      (ss[f"{prefix}.segment"] or "").strip(), reason)
    else:
        statement = (ss[f"{prefix}.statement"] or "").strip()
    if errors:
        return None, errors
    team = ss[f"{prefix}.team"]
    try:
        draft = HypothesisCreate(
            statement=statement, team_id=None if team == NO_TEAM else int(team), metric_id=int(metric_id),
            change_kind=kind, expected_change=value, segment=(ss[f"{prefix}.segment"] or "").strip(), reason=reason,
            key_result_id=ss[f"{prefix}.kr"],
            window_days=None if ss[f"{prefix}.window"] is None else int(ss[f"{prefix}.window"]),
            guardrail_metric_id=ss[f"{prefix}.guardrail"], control_segments=", ".join(control_segments),
            control_metric_id=control_metric, status=ss[f"{prefix}.status"] if existing is None else "idea",
        )
    except ValidationError as exc:
        for problem in exc.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "statement"
            errors[field] = md("hypotheses.form.invalid", problem=problem["msg"])
        return None, errors
    return draft, {}


def _live_detectability(ctx: PageContext, data: PageData, prefix: str, draft: HypothesisCreate | None) -> None:
    """Before launch: can this window detect the expected change, given the metric's own noise?"""
    if draft is None:
        st.caption(t("hypotheses.detect.fill_in"))
        return
    values = cache.metric_values(ctx.engine, draft.metric_id, draft.segment)
    if draft.segment and values.empty:
        segments = sorted(s for s in cache.metric_values(ctx.engine, draft.metric_id, None)["segment"].unique() if s)
        st.warning(md("hypotheses.form.unknown_segment", segment=draft.segment, known=", ".join(segments) or "—"),
                   icon=":material/warning:")
        return
    det = ha.detectability(values, change_kind=draft.change_kind.value, expected=draft.expected_change,
                           window_days=draft.window_days, reference=data.today)
    if draft.window_days is None:
        st.caption(md("hypotheses.form.window_used", days=det.window_days))
    _detectability_hint(det, draft.change_kind.value, draft.expected_change, _unit(data, draft.metric_id))


# ---------------------------------------------------------------------------------------------
# Let go, calibration, learnings


def render_let_go(data: PageData, team_id: int | None) -> None:
    """The bets that were stopped, and why."""
    stopped = _team_rows(data, team_id)
    stopped = stopped[stopped["status"] == HypothesisStatus.stopped]
    if stopped.empty:
        empty_state("hypotheses.let_go.empty")
        return
    rows = [{t("hypotheses.statement"): h["statement"], t("common.team"): h["team"] or t("common.company"),
             t("hypotheses.stop_reason"): h["stop_reason"], t("hypotheses.let_go.when"): fmt_date(h["updated_at"])}
            for h in stopped.to_dict("records")]
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_calibration(data: PageData, team_id: int | None) -> None:
    """Per team: expected against measured change, and the hit rate."""
    frame = svc.calibration_frame(_team_rows(data, team_id), data.results)
    if frame.empty:
        empty_state("hypotheses.calibration.empty")
        return
    table = ha.calibration(frame)
    rows = [{
        t("common.team"): r["team"], t("hypotheses.calibration.measured"): int(r["measured"]),
        t("hypothesis_status.validated"): int(r["validated"]), t("hypothesis_status.partial"): int(r["partial"]),
        t("hypothesis_status.invalidated"): int(r["invalidated"]),
        t("hypothesis_status.inconclusive"): int(r["inconclusive"]),
        t("hypotheses.calibration.hit_rate"): fmt_percent(r["hit_rate"]),
        t("hypotheses.calibration.delivered"): fmt_percent(r["delivered"]),
    } for r in table.to_dict("records")]
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("hypotheses.calibration.explain"))
    st.altair_chart(calibration_chart(frame), width="stretch")


def render_learnings(ctx: PageContext, data: PageData, team_id: int | None) -> None:
    """Learnings as a searchable, paged list; the chosen one in full with one editor (or a new one)."""
    learnings = cache.learnings(ctx.engine)
    if team_id is not None:
        learnings = learnings[learnings["team_id"] == team_id]
    statements = {int(h["id"]): h["statement"] for h in data.hyps.to_dict("records")}
    status_labels = {s: t(f"learning_status.{s}") for s in ("draft", "open", "closed")}
    shown = learnings
    if learnings.empty:
        empty_state("learnings.empty")
    else:
        query = st.text_input(t("common.search"), key="learnings.search", placeholder=t("common.search_placeholder"))
        found = search_rows(learnings, query, ["title", "believed", "happened", "next_time"])
        if found.empty:
            st.caption(md("common.no_match", query=query))
        shown = paged(found, "learnings.page")
        if not shown.empty:
            show_table(pd.DataFrame({
                t("common.title"): shown["title"],
                t("common.status"): [status_labels[s] for s in shown["status"]],
                t("common.team"): [team or t("common.company") for team in shown["team"]],
                t("learnings.linked"): [len(ids) for ids in shown["hypothesis_ids"]],
            }), hide_index=True, width="stretch")
    by_id = {int(r["id"]): r for r in learnings.to_dict("records")}
    options = [int(i) for i in shown["id"]]
    current = st.session_state.get("learnings.pick")
    if current in by_id and current not in options:
        options = [current, *options]  # the chosen one stays chosen on another page
    if ctx.can_edit:
        options.append(NEW_LEARNING)
    if not options:
        return
    if current not in options:
        st.session_state["learnings.pick"] = options[0]
    labels = {i: r["title"] for i, r in by_id.items()} | {NEW_LEARNING: t("learnings.new")}
    chosen = st.selectbox(t("learnings.pick"), options, key="learnings.pick",
                          format_func=lambda v: labels.get(v, str(v)))
    row = by_id.get(chosen)
    if row is not None:
        st.markdown(f"#### {escape_md(row['title'])}")
        st.caption(escape_md(f"{status_labels[row['status']]} · {row['team'] or t('common.company')}"))
        for label, text in ((t("learnings.believed"), row["believed"]), (t("learnings.happened"), row["happened"]),
                            (t("learnings.next_time"), row["next_time"])):
            st.markdown(f"**{label}** {escape_md(text or '—', lines=True)}")
        for key, ids in (("learnings.supports", row["supports_ids"]), ("learnings.contradicts", row["contradicts_ids"])):
            if ids:
                st.caption(t(key) + " " + escape_md("; ".join(statements.get(i, "?") for i in ids)))
    if ctx.can_edit:
        with st.expander(t("learnings.edit") if row is not None else t("learnings.new"), icon=":material/edit:",
                         expanded=row is None):
            _learning_editor(ctx, row, statements, status_labels, team_id)


def _learning_editor(ctx: PageContext, row: dict | None, statements: dict[int, str], status_labels: dict[str, str],
                     team_id: int | None = None) -> None:
    prefix = "learnings.new" if row is None else f"learnings.edit.{int(row['id'])}"
    with st.form(prefix, clear_on_submit=row is None):
        title = st.text_input(t("common.title"), value="" if row is None else row["title"], key=f"{prefix}.title")
        believed = st.text_area(t("learnings.believed"), value="" if row is None else row["believed"], key=f"{prefix}.believed")
        happened = st.text_area(t("learnings.happened"), value="" if row is None else row["happened"], key=f"{prefix}.happened")
        next_time = st.text_area(t("learnings.next_time"), value="" if row is None else row["next_time"], key=f"{prefix}.next_time")
        options = list(statements)
        supports = st.multiselect(t("learnings.supports"), options, key=f"{prefix}.supports",
                                  default=[] if row is None else [i for i in row["supports_ids"] if i in statements],
                                  format_func=lambda v: statements.get(v, str(v)), placeholder=t("common.choose_optional"))
        contradicts = st.multiselect(t("learnings.contradicts"), options, key=f"{prefix}.contradicts",
                                     default=[] if row is None else [i for i in row["contradicts_ids"] if i in statements],
                                     format_func=lambda v: statements.get(v, str(v)), placeholder=t("common.choose_optional"))
        status_options = list(status_labels)
        status = st.radio(t("common.status"), status_options, horizontal=True, key=f"{prefix}.status",
                          index=status_options.index("open" if row is None else row["status"]),
                          format_func=lambda v: status_labels[v])
        submitted = st.form_submit_button(t("common.save"))
    if not submitted:
        return
    overlap = set(supports) & set(contradicts)
    if overlap:
        st.error(t("learnings.both_relations"))
        return
    links = {**dict.fromkeys(supports, "supports"), **dict.fromkeys(contradicts, "contradicts")}
    fields = {"title": title, "believed": believed, "happened": happened, "next_time": next_time, "status": status}
    try:
        if row is None:
            data = LearningCreate(team_id=team_id, **fields)
        else:
            data = LearningUpdate(**fields)
            LearningCreate(**fields)  # validate the same way as a new one
    except ValidationError:
        st.error(t("learnings.title_required"))
        return
    with db_session(ctx) as s:
        if row is None:
            hyp_repo.create_learning(session=s, data=data, links=links, user=ctx.user)
        else:
            hyp_repo.update_learning(session=s, learning_id=int(row["id"]), data=data, links=links, user=ctx.user)
    data_changed()
    st.session_state[FLASH] = md("learnings.saved", title=title.strip())
    st.rerun()
