"""The Hypotheses page's forms: the guided hypothesis form, status changes and deletion."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from dashboard import parsing, rules
from dashboard.analysis import hypothesis as ha
from dashboard.errors import DomainError
from dashboard.i18n import escape_md, get_language, label, md, t
from dashboard.models import (
    OPEN_HYPOTHESIS_STATUSES,
    HypothesisCreate,
    HypothesisStatus,
    MeasurementState,
)
from dashboard.parsing import is_missing
from dashboard.repository import hypotheses as hyp_repo
from dashboard.services import hypotheses as svc
from dashboard.ui import cache
from dashboard.ui.components import follow_default, search_rows
from dashboard.ui.forms import flash
from dashboard.ui.frame import PageContext, data_changed, db_session
from dashboard.ui.hypotheses.data import (
    FORM,
    NO_TEAM,
    OUTPUT_CHOICES,
    PageData,
    detectability_hint,
    team_of,
    unit_of,
)


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
    flash(md("hypotheses.delete.done", statement=h["statement"]))
    st.session_state.pop("hypotheses.detail", None)
    st.query_params.pop("hypothesis", None)
    st.session_state.pop("hypotheses.detail_param", None)
    st.rerun()


def render_status_change(ctx: PageContext, data: PageData, h: dict) -> None:
    """Set idea, planned or stopped by hand (the data decides the rest); stopping keeps a reason."""
    hyp_id = int(h["id"])
    prefix = f"hypotheses.status.{hyp_id}"
    options = [s.value for s in hyp_repo.HAND_STATUSES]
    labels = {s: label(HypothesisStatus, s) for s in options}
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
        elif (choice == HypothesisStatus.planned and h["status"] not in [s.value for s in OPEN_HYPOTHESIS_STATUSES]
              and svc.needs_stop(data.hyps, team_of(h), data.limit, exclude_id=hyp_id)):
            st.session_state[f"{prefix}.pending"] = True
        else:
            with db_session(ctx) as s:
                hyp_repo.set_status(session=s, hypothesis_id=hyp_id, status=choice, stop_reason=reason, user=ctx.user)
            data_changed()
            flash(md("hypotheses.status.saved", status=labels[choice]))
            st.rerun()
    if st.session_state.get(f"{prefix}.pending"):
        stop_id, stop_reason = make_room(data, team_of(h), prefix, exclude_id=hyp_id)
        if st.button(t("hypotheses.focus.stop_and_continue"), key=f"{prefix}.stop_and_save", type="primary"):
            if stop_id is None or not stop_reason.strip():
                st.error(t("hypotheses.focus.pick_and_reason"))
            else:
                with db_session(ctx) as s:
                    svc.plan_hypothesis(session=s, hypothesis_id=hyp_id, stop=(stop_id, stop_reason), user=ctx.user)
                data_changed()
                st.session_state.pop(f"{prefix}.pending", None)
                flash(md("hypotheses.status.saved", status=labels["planned"]))
                st.rerun()


def make_room(data: PageData, team_id: int | None, prefix: str, exclude_id: int | None = None) -> tuple[int | None, str]:
    """Ask which open bet to stop when one more would go over the limit; returns the choice and reason."""
    bets = svc.open_bets(data.hyps, team_id)
    if exclude_id is not None:
        bets = bets[bets["id"] != exclude_id]
    team_name = t("common.company")
    if team_id is not None and (data.teams["id"] == team_id).any():
        team_name = data.teams[data.teams["id"] == team_id].iloc[0]["name"]
    st.warning(md("hypotheses.focus.ask", team=team_name, count=len(bets), limit=data.limit), icon=":material/filter_center_focus:")
    labels = {int(b["id"]): f"{b['statement']} ({label(HypothesisStatus, b['status'])})" for b in bets.to_dict("records")}
    options = list(labels)
    stop_id = st.selectbox(t("hypotheses.focus.which"), options, index=None, key=f"{prefix}.stop_pick",
                           format_func=lambda v: labels.get(v, str(v)), placeholder=t("hypotheses.focus.pick"))
    reason = st.text_input(t("hypotheses.stop_reason"), key=f"{prefix}.stop_reason",
                           placeholder=t("hypotheses.stop_reason_placeholder"))
    return stop_id, reason


def _form_defaults(existing: dict | None, team_id: int | None) -> dict:
    if existing is None:
        return {"team": team_id if team_id is not None else NO_TEAM, "outputs": [], "outputs_search": "", "what": "", "direction": "raise",
                "metric": None, "expected": "", "segment": "", "reason": "", "kr": None, "guardrail": None,
                "window": None, "status": "planned", "statement": "", "control_segments": [], "control_metric": None}
    kr = existing["key_result_id"]
    guard = existing["guardrail_metric_id"]
    return {
        "team": team_of(existing) if team_of(existing) is not None else NO_TEAM,
        "outputs": [int(i) for i in existing["output_ids"]], "outputs_search": "", "what": "",
        "direction": "raise" if existing["expected_change"] > 0 else "lower",
        "metric": int(existing["metric_id"]),
        "expected": expected_input(existing["expected_change"], existing["change_kind"]),
        "segment": existing["segment"], "reason": existing["reason"],
        "kr": None if is_missing(kr) else int(kr), "guardrail": None if is_missing(guard) else int(guard),
        "window": None if is_missing(existing["window_days"]) else int(existing["window_days"]),
        "status": existing["status"], "statement": existing["statement"],
        "control_segments": [p.strip() for p in (existing.get("control_segments") or "").split(",") if p.strip()],
        "control_metric": None if is_missing(existing.get("control_metric_id")) else int(existing["control_metric_id"]),
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
        st.markdown(t("hypotheses.form.intro"))
    errors: dict[str, str] = st.session_state.get(f"{prefix}.errors", {})
    field = _FormFields(prefix, data, errors, new=existing is None)
    left, right = st.columns(2)
    with left:
        field.bet()
    with right:
        field.context(ctx)
    draft, live_errors = build_draft(prefix, data, existing)
    if draft is not None and existing is None:
        st.markdown(f"> {escape_md(draft.statement)}")
    if draft is not None:
        st.caption(md("hypotheses.form.sign_used", change=svc.format_change(draft.expected_change, draft.change_kind.value,
                                                                          unit_of(data, draft.metric_id))))
    if existing is None or data.results[int(existing["id"])].state == MeasurementState.not_launched:
        _live_detectability(ctx, data, prefix, draft)
    if errors and not live_errors:
        st.session_state.pop(f"{prefix}.errors", None)
    _save_buttons(ctx, data, prefix, draft, live_errors, existing)


class _FormFields:
    """The guided form's fields: the bet itself (left) and its context and controls (right). A field's
    error, kept from the last attempt to save, stands right below it."""

    def __init__(self, prefix: str, data: PageData, errors: dict[str, str], *, new: bool) -> None:
        self.prefix, self.data, self.errors, self.new = prefix, data, errors, new
        self.metric_labels = {int(r.id): f"{r.name} ({r.unit})" if r.unit and r.unit != "count" else r.name
                              for r in data.metrics.itertuples()}

    def _err(self, name: str) -> None:
        if name in self.errors:
            st.error(self.errors[name], icon=":material/error:")

    def bet(self) -> None:
        """Team, outputs, what and which way (or the statement when editing), metric, expected change."""
        prefix, data = self.prefix, self.data
        team_labels = {NO_TEAM: t("common.company"),
                       **dict(zip(data.teams["id"].astype(int), data.teams["name"], strict=True))}
        output_labels = dict(zip(data.outputs["id"].astype(int), data.outputs["key"] + " · " + data.outputs["title"],
                                 strict=True))
        direction_labels = {"raise": t("hypotheses.form.raise"), "lower": t("hypotheses.form.lower")}
        st.selectbox(t("common.team"), list(team_labels), key=f"{prefix}.team", format_func=lambda v: team_labels[v])
        st.text_input(t("hypotheses.form.outputs_search"), key=f"{prefix}.outputs_search",
                      placeholder=t("hypotheses.form.outputs_search_placeholder"))
        output_ids = output_options(data, st.session_state[f"{prefix}.team"], st.session_state[f"{prefix}.outputs"],
                                    st.session_state.get(f"{prefix}.outputs_search") or "")
        st.multiselect(t("hypotheses.form.outputs"), output_ids, key=f"{prefix}.outputs",
                       format_func=lambda v: output_labels.get(v, str(v)), placeholder=t("hypotheses.form.outputs_placeholder"))
        if self.new:
            st.text_input(t("hypotheses.form.what"), key=f"{prefix}.what", placeholder=t("hypotheses.form.what_placeholder"))
            self._err("what")
            st.radio(t("hypotheses.form.will"), list(direction_labels), key=f"{prefix}.direction", horizontal=True,
                     format_func=lambda v: direction_labels[v])
        else:
            st.text_area(t("hypotheses.statement"), key=f"{prefix}.statement", height=80)
            self._err("statement")
        directions = dict(zip(data.metrics["id"].astype(int), data.metrics["direction"], strict=True))

        def follow_direction() -> None:
            # A metric where lower is better: the bet lowers it unless the user says otherwise.
            chosen = st.session_state.get(f"{prefix}.metric")
            if self.new and chosen is not None:
                st.session_state[f"{prefix}.direction"] = "lower" if directions.get(chosen) == "down" else "raise"

        st.selectbox(t("common.metric"), list(self.metric_labels), key=f"{prefix}.metric", index=None,
                     format_func=lambda v: self.metric_labels.get(v, str(v)),
                     placeholder=t("hypotheses.form.metric_placeholder"), on_change=follow_direction)
        self._err("metric_id")
        st.text_input(t("hypotheses.form.expected"), key=f"{prefix}.expected", placeholder="+15%, -2pp, +300",
                      help=t("hypotheses.form.expected_help"))
        self._err("expected_change")

    def context(self, ctx: PageContext) -> None:
        """Segment, reason, key result, guardrail, window, controls and (new bets) the status."""
        prefix, data, labels = self.prefix, self.data, self.metric_labels
        kr_labels = {int(k.id): k.title for k in data.key_results.itertuples()}
        guard_ids = [int(i) for i in data.metrics.sort_values("kind", key=lambda k: k != "guardrail")["id"]]
        st.text_input(t("hypotheses.form.segment"), key=f"{prefix}.segment", placeholder=t("hypotheses.form.segment_placeholder"))
        st.text_area(t("hypotheses.form.reason"), key=f"{prefix}.reason", height=80)
        self._err("reason")
        st.selectbox(t("hypotheses.form.key_result"), list(kr_labels), key=f"{prefix}.kr", index=None,
                     format_func=lambda v: kr_labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"))
        st.selectbox(t("hypotheses.form.guardrail"), guard_ids, key=f"{prefix}.guardrail", index=None,
                     format_func=lambda v: labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"))
        st.number_input(t("hypotheses.window"), min_value=7, max_value=365, step=7, key=f"{prefix}.window",
                        placeholder=t("hypotheses.form.window_auto"), help=t("hypotheses.form.window_help"))
        self._err("window_days")
        self._controls(ctx)
        if self.new:
            status_labels = {s: label(HypothesisStatus, s) for s in (HypothesisStatus.idea, HypothesisStatus.planned)}
            st.radio(t("common.status"), list(status_labels), key=f"{prefix}.status", horizontal=True,
                     format_func=lambda v: status_labels[v])

    def _controls(self, ctx: PageContext) -> None:
        """Control segments of the chosen metric, or another metric as the control."""
        prefix, labels = self.prefix, self.metric_labels
        chosen_metric = st.session_state.get(f"{prefix}.metric")
        segment_options: list[str] = []
        if chosen_metric is not None:
            stored = cache.metric_values(ctx.engine, int(chosen_metric), None)
            typed_segment = (st.session_state.get(f"{prefix}.segment") or "").strip()
            segment_options = sorted(s for s in stored["segment"].unique() if s and s != typed_segment)
        for kept in st.session_state.get(f"{prefix}.control_segments") or []:
            if kept not in segment_options:
                segment_options.append(kept)
        if segment_options:
            placeholder = t("hypotheses.form.control_segments_placeholder")
        else:
            placeholder = t("hypotheses.form.control_segments_none" if chosen_metric is not None
                            else "hypotheses.form.control_segments_pick_metric")
        st.multiselect(t("hypotheses.form.control_segments"), segment_options, key=f"{prefix}.control_segments",
                       placeholder=placeholder, help=t("hypotheses.form.control_help"))
        control_ids = [i for i in labels if i != chosen_metric]
        st.selectbox(t("hypotheses.form.control_metric"), control_ids, key=f"{prefix}.control_metric", index=None,
                     format_func=lambda v: labels.get(v, str(v)), placeholder=t("hypotheses.form.optional"),
                     help=t("hypotheses.form.control_help"))
        self._err("control")


def _save_buttons(ctx: PageContext, data: PageData, prefix: str, draft: HypothesisCreate | None,
                  live_errors: dict[str, str], existing: dict | None) -> None:
    """Save; a new planned bet over the team's focus limit first asks which open bet to stop."""
    save_label = t("hypotheses.form.save") if existing is None else t("common.save")
    team = None if st.session_state[f"{prefix}.team"] == NO_TEAM else int(st.session_state[f"{prefix}.team"])
    if st.button(save_label, key=f"{prefix}.save", type="primary", disabled=not ctx.can_edit):
        st.session_state.pop(f"{prefix}.pending", None)
        if live_errors:
            st.session_state[f"{prefix}.errors"] = live_errors
            st.rerun()
        if (existing is None and draft.status == HypothesisStatus.planned
                and svc.needs_stop(data.hyps, team, data.limit)):
            st.session_state[f"{prefix}.pending"] = True
        else:
            _save(ctx, prefix, draft, existing)
    if existing is None and st.session_state.get(f"{prefix}.pending") and draft is not None:
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
            saved = svc.save_hypothesis(session=s, data=draft, output_ids=outputs, stop=stop, user=ctx.user,
                                        hypothesis_id=None if existing is None else int(existing["id"]))
    except DomainError as exc:  # e.g. the same statement exists already
        st.session_state[f"{prefix}.errors"] = {exc.field or "statement": exc.text()}
        st.rerun()
    data_changed()
    st.session_state[f"{prefix}.reset"] = True
    st.session_state.pop(f"{prefix}.pending", None)
    st.session_state.pop(f"{prefix}.errors", None)
    flash(md("hypotheses.form.saved", statement=saved.statement))
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
    unit = unit_of(data, metric_id) if metric_id is not None else ""
    kind, value = "relative", None
    typed = (ss[f"{prefix}.expected"] or "").strip()
    try:
        kind, value = parsing.parse_expected_change(typed, unit=unit, lang=get_language())
    except parsing.ExpectedChangeError as exc:
        errors["expected_change"] = md(f"hypotheses.form.expected_error.{exc.code}", unit=unit)
    if value is not None and existing is None:
        lower = ss[f"{prefix}.direction"] == "lower"
        if parsing.has_sign(typed) and (value < 0) != lower:
            errors["expected_change"] = t("hypotheses.form.expected_error.sign")
        value = -abs(value) if lower else abs(value)
    elif value is not None and metric_id is not None:
        value = rules.signed_change(typed, value, data.metrics.set_index("id")["direction"].get(metric_id))
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
    detectability_hint(det, draft.change_kind.value, draft.expected_change, unit_of(data, draft.metric_id))
