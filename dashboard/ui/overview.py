"""Leadership's picture of one scope (a quarter, all teams or one): the North Star and its inputs, OKR
status per team, the bets released and their verdicts, and output against outcome on one time axis.

Every figure says its scope; one team and one quarter filter (kept in the URL) drive them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.analysis import overview as ov
from dashboard.analysis.periods import elapsed_share, quarter_bounds
from dashboard.charts import STATUS_COLOURS
from dashboard.charts.leadership import verdict_label
from dashboard.i18n import escape_md, fmt_date, fmt_number, fmt_percent, fmt_period, fmt_value, md, t
from dashboard.models import Verdict
from dashboard.services.hypotheses import current_verdicts as live_verdicts
from dashboard.ui import cache
from dashboard.ui.components import empty_state, show_table
from dashboard.ui.frame import PageContext

EXPLORER = "pages/8_Metrics.py"
VERDICT_ORDER = ("validated", "partial", "invalidated", "inconclusive", Verdict.insufficient_data, "measuring")


@dataclass(frozen=True)
class Scope:
    """What every figure on the page covers."""

    period: str
    team_id: int | None
    team_name: str | None
    today: date

    @property
    def label(self) -> str:
        """`Q4 2026 · Growth` or `Q4 2026 · all teams`."""
        return f"{fmt_period(self.period)} · {self.team_name or t('leader.all_teams_lower')}"


def scope_caption(scope: Scope) -> None:
    start, end = quarter_bounds(scope.period)
    share = elapsed_share(scope.period, scope.today)
    st.caption(md("leader.scope", scope=scope.label, start=fmt_date(start), end=fmt_date(end),
                  elapsed=fmt_percent(share)))


def _explore_link(ctx: PageContext, metric_name: str, period: str, key: str) -> None:
    st.page_link(EXPLORER, label=t("leader.explore"), icon=":material/query_stats:",
                 query_params={"metric": metric_name, "quarter": period, "lang": ctx.lang}, help=None)


# ---------------------------------------------------------------------------------------------
# North Star and its inputs


def scope_metric_ids(ctx: PageContext, scope: Scope) -> tuple[int, ...]:
    """Every metric the overview of a scope draws: the North Star, the inputs, the teams' own metrics."""
    return _scope_metric_ids(ctx.engine, scope.period, scope.team_id)


@st.cache_data(ttl=cache.TTL, max_entries=64, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def _scope_metric_ids(engine: Engine, period: str, team_id: int | None) -> tuple[int, ...]:
    metrics = cache.metric_summary(engine)
    if metrics.empty:
        return ()
    ids = set(metrics.loc[metrics["kind"].isin(["north_star", "input"]), "id"].astype(int))
    hyps, objectives, key_results = cache.hypotheses(engine), cache.objectives(engine), cache.key_results(engine)
    teams = cache.teams(engine)
    for team in ([team_id] if team_id is not None else teams["id"].tolist()):
        ids.update(ov.team_metric_ids(int(team), key_results, objectives, hyps, period))
    return tuple(sorted(ids))


def _total(ctx: PageContext, metric: pd.Series, scope: Scope) -> pd.DataFrame:
    """A metric's whole-population series around the scope's quarter (all metrics of the page in one read)."""
    totals = cache.quarter_totals(ctx.engine, scope_metric_ids(ctx, scope), scope.period)
    found = totals.get(int(metric["id"]))
    if found is None:  # not one of the page's metrics: read it alone
        return ov.total_series(cache.metric_values(ctx.engine, int(metric["id"]), None), str(metric["aggregation"]))
    return found


def tile_delta(change: float | None) -> str | None:
    """A change for `st.metric`'s delta: Streamlit reads the arrow from a leading ASCII minus."""
    return None if change is None else fmt_percent(change, 1, sign=True).replace("\u2212", "-")


def _tile(ctx: PageContext, metric: pd.Series, scope: Scope, *, key: str, big: bool = False) -> ov.QuarterChange:
    values = _total(ctx, metric, scope)
    change = ov.quarter_change(values, scope.period, scope.today, str(metric["aggregation"]))
    _, end = quarter_bounds(scope.period)
    spark = ov.sparkline(values, min(end, scope.today), aggregation=str(metric["aggregation"]))
    delta = tile_delta(change.vs_previous)
    st.metric(
        escape_md(metric["name"]),
        escape_md(fmt_value(change.latest, metric["unit"])) if change.latest is not None else "—",
        delta=delta,
        delta_color="inverse" if metric["direction"] == "down" else "normal",
        delta_description=t("leader.vs_period", period=fmt_period(change.previous_period)) if delta else None,
        chart_data=spark or None,
        border=True,
        help=md("leader.tile_help", days=change.days, period=fmt_period(scope.period)),
    )
    if big:
        year = (fmt_percent(change.vs_year_ago, 1, sign=True) if change.vs_year_ago is not None
                else t("leader.no_year_ago"))
        st.caption(md("leader.year_ago", change=year, period=fmt_period(change.year_ago_period),
                      when=fmt_date(change.latest_date) if change.latest_date else "—"))
    _explore_link(ctx, str(metric["name"]), scope.period, key)
    return change


def render_north_star(ctx: PageContext, scope: Scope) -> ov.QuarterChange | None:
    """The North Star tile (latest, against last quarter and a year ago, trend) and its input metrics."""
    metrics = cache.metric_summary(ctx.engine)
    north = metrics[metrics["kind"] == "north_star"]
    if north.empty:
        empty_state("overview.no_north_star", link_page="pages/6_Settings.py", link_key="menu.settings")
        return None
    ns = north.iloc[0]
    st.subheader(md("overview.north_star", name=ns["name"]))
    inputs = metrics[metrics["kind"] == "input"].sort_values("name")
    left, right = st.columns([1, 2], gap="medium")
    with left:
        change = _tile(ctx, ns, scope, key="ns", big=True)
    with right:
        from dashboard.charts.leadership import metric_chart

        values = _total(ctx, ns, scope)
        shown = ov.period_slice(values, scope.period, lead_days=14)
        if shown.empty:
            empty_state("overview.no_ns_data", period=fmt_period(scope.period))
        else:
            marks = release_marks(ctx, scope)
            st.altair_chart(metric_chart(shown, marks, pd.DataFrame(columns=["value", "label", "kind"]), None,
                                         metric_name=str(ns["name"]), unit=str(ns["unit"]),
                                         aggregation=str(ns["aggregation"]), subtitle=t("leader.ns_subtitle")))
    if not inputs.empty:
        st.markdown(f"**{t('leader.inputs')}**")
        per_row = 4
        rows = [inputs.iloc[i:i + per_row] for i in range(0, len(inputs), per_row)]
        for r, chunk in enumerate(rows):
            cols = st.columns(per_row)
            for c, (col, metric) in enumerate(zip(cols, chunk.itertuples(index=False), strict=False)):
                with col:
                    _tile(ctx, pd.Series(metric._asdict()), scope, key=f"in{r}.{c}")
    return change


def release_marks(ctx: PageContext, scope: Scope) -> pd.DataFrame:
    """Every output shipped in the scope as a release marker: its bet (the first linked hypothesis)
    and that bet's verdict now, or none."""

    shipped = ov.releases_in(cache.outputs(ctx.engine), scope.period, scope.team_id)
    hyps = cache.hypotheses(ctx.engine)
    verdicts = live_verdicts(hyps, cache.measurements(ctx.engine, scope.today)) if not hyps.empty else {}
    statements = dict(zip(hyps["id"], hyps["statement"], strict=True)) if not hyps.empty else {}
    rows = []
    for o in shipped.itertuples():
        bet = next((i for i in (o.hypothesis_ids or []) if i in statements), None)
        rows.append({"date": o.shipped_on, "output": f"{o.key} · {o.title}",
                     "hypothesis": statements.get(bet, "—"), "verdict": verdicts.get(bet, "no_bet") if bet else "no_bet",
                     "team": o.team or ""})
    return pd.DataFrame(rows, columns=["date", "output", "hypothesis", "verdict", "team"])


# ---------------------------------------------------------------------------------------------
# OKR status per team


def _status_style(frame: pd.DataFrame, columns: list[str], statuses: list[str]):  # noqa: ANN202 - a Styler
    def colour(column: pd.Series) -> list[str]:
        status = statuses[columns.index(column.name)]
        return [f"color: {STATUS_COLOURS[status]}; font-weight: 600" if v else "color: #94a3b8" for v in column]

    return frame.style.apply(colour, subset=columns)


def render_okrs(ctx: PageContext, scope: Scope) -> None:

    st.subheader(md("leader.okr_title", scope=scope.label))
    report = cache.okr_figures(ctx.engine, scope.period, scope.today)
    if scope.team_id is not None:
        report = [o for o in report if o["team_id"] == scope.team_id]
    if not report:
        empty_state("overview.no_objectives", link_page="pages/1_Objectives.py", link_key="menu.objectives",
                    period=fmt_period(scope.period))
        return
    table = ov.okr_by_team(report, cache.teams(ctx.engine, include_archived=True), t("common.company"))
    krs = [kr for obj in report for kr in obj["key_results"]]
    objective_states = [ov.objective_status(obj["key_results"]) for obj in report]
    cols = st.columns(4)
    cols[0].metric(t("leader.objectives"), fmt_number(len(report)),
                   help=t("leader.objective_status_help"))
    cols[1].metric(t("leader.krs_on_track"), f"{sum(k['status'] == 'on_track' for k in krs)} / {len(krs)}")
    scores = [o["score"] for o in report if o.get("score") is not None]
    cols[2].metric(t("leader.avg_score"), fmt_percent(sum(scores) / len(scores) if scores else None),
                   help=t("leader.avg_score_help"))
    stale = sum(1 for k in krs if k.get("stale"))
    cols[3].metric(t("leader.stale"), fmt_number(stale), help=t("leader.stale_help"))
    st.caption(md("leader.objectives_by_status",
                  on=objective_states.count("on_track"), risk=objective_states.count("at_risk"),
                  off=objective_states.count("off_track")))
    labels = {
        "team": t("common.team"), "objectives": t("leader.objectives"),
        "obj_on_track": t("leader.obj.on_track"), "obj_at_risk": t("leader.obj.at_risk"),
        "obj_off_track": t("leader.obj.off_track"), "key_results": t("overview.key_results"),
        "kr_on_track": t("leader.kr.on_track"), "kr_at_risk": t("leader.kr.at_risk"),
        "kr_off_track": t("leader.kr.off_track"), "score": t("leader.avg_score"), "stale": t("leader.stale"),
    }
    shown = table.drop(columns=["team_id"]).assign(score=[fmt_percent(s) for s in table["score"]])
    shown = shown.rename(columns=labels)
    status_columns = [labels[f"{g}_{s}"] for g in ("obj", "kr") for s in ov.STATUSES]
    status_keys = [s for _ in ("obj", "kr") for s in ov.STATUSES]
    small = {labels[f"kr_{s}"]: st.column_config.NumberColumn(help=t(f"leader.kr_help.{s}")) for s in ov.STATUSES}
    show_table(_status_style(shown, status_columns, status_keys), hide_index=True, width="stretch", column_config=small)
    worried = [(obj, state) for obj, state in zip(report, objective_states, strict=True) if state in ("at_risk", "off_track")]
    if worried:
        st.markdown(f"**{t('leader.worried')}**")
        rows = []
        for obj, state in sorted(worried, key=lambda pair: (pair[1] != "off_track", pair[0].get("score") or 0)):
            confidences = [kr["confidence"] for kr in obj["key_results"] if kr.get("confidence") is not None]
            rows.append({
                t("common.status"): t(f"okr.status.{state}"),
                t("common.title"): obj["title"],
                t("common.team"): obj["team"] or t("common.company"),
                t("overview.score"): fmt_percent(obj.get("score")),
                t("overview.confidence"): f"{min(confidences)}/10" if confidences else "—",
            })
        frame = pd.DataFrame(rows)
        status_col = t("common.status")
        colours = {t(f"okr.status.{s}"): STATUS_COLOURS[s] for s in ov.STATUSES}
        show_table(frame.style.apply(lambda col: [f"color: {colours.get(v, '#0f172a')}; font-weight: 600" for v in col],
                                     subset=[status_col]), hide_index=True, width="stretch")


# ---------------------------------------------------------------------------------------------
# Bets


def render_bets(ctx: PageContext, scope: Scope) -> None:
    """Bets released in the scope by verdict, the hit rate, the bets held back by a check, learnings."""
    from dashboard.services.hypotheses import format_change, format_interval, warning_texts

    st.subheader(md("leader.bets_title", scope=scope.label))
    hyps = cache.hypotheses(ctx.engine)
    if hyps.empty:
        empty_state("overview.no_bets", link_page="pages/2_Hypotheses.py", link_key="menu.hypotheses")
        return
    results = cache.measurements(ctx.engine, scope.today)
    verdicts = live_verdicts(hyps, results)
    releases = {i: (m.t0 if m is not None else None) for i, m in ((i, results.get(i)) for i in hyps["id"])}
    bets = ov.bets_in_scope(hyps, verdicts, releases, scope.period, scope.team_id)
    if bets.empty:
        st.info(md("leader.no_bets_in_scope", scope=scope.label), icon=":material/lightbulb:")
        return
    counts = ov.verdict_counts(bets)
    rate, measured = ov.hit_rate_of(bets)
    cols = st.columns(len(VERDICT_ORDER) + 1)
    for col, verdict in zip(cols, VERDICT_ORDER, strict=False):
        col.metric(verdict_label(verdict), fmt_number(counts.get(verdict, 0)))
    cols[-1].metric(t("overview.hit_rate"), fmt_percent(rate),
                    help=md("leader.hit_rate_help", measured=measured, scope=scope.label))
    rows = []
    for h in bets.itertuples():
        m = results.get(h.id)
        rows.append({
            t("leader.verdict"): verdict_label(h.verdict),
            t("overview.hypothesis"): h.statement,
            t("common.team"): h.team or t("common.company"),
            t("overview.released"): fmt_date(h.released),
            t("overview.expected"): format_change(m.expected, m.change_kind, h.metric_unit) if m else "—",
            t("overview.measured"): format_change(m.measured_change, m.change_kind, h.metric_unit) if m else "—",
            t("overview.interval"): format_interval(m.ci_low, m.ci_high, m.change_kind, h.metric_unit) if m else "—",
        })
    show_table(rows, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 460))
    st.caption(t("common.observational"))
    held = [(h, results[h.id]) for h in bets.itertuples() if results.get(h.id) is not None
            and any(c.held_back for c in results[h.id].checks)]
    for h, m in held:
        why = "; ".join(warning_texts(m, h.metric_unit, checks=True) or [t("leader.held_back_generic")])
        st.warning(md("leader.held_back", statement=h.statement, verdict=verdict_label(m.raw_verdict or ""),
                      why=why), icon=":material/pan_tool:")
    render_learnings(ctx, scope)


def render_learnings(ctx: PageContext, scope: Scope, limit: int = 3) -> None:
    learnings = cache.learnings(ctx.engine)
    if scope.team_id is not None and not learnings.empty:
        learnings = learnings[learnings["team_id"] == scope.team_id]
    if learnings.empty:
        return
    order = "updated_at" if "updated_at" in learnings else "id"
    newest = learnings.sort_values(order, ascending=False).head(limit)
    st.markdown(f"**{t('leader.learnings')}**")
    for row in newest.to_dict("records"):
        st.markdown(f"- **{escape_md(row['title'])}** — {escape_md(row.get('next_time') or row.get('happened') or '')}")
    st.page_link("pages/2_Hypotheses.py", label=t("leader.all_learnings"), icon=":material/arrow_forward:",
                 query_params={"lang": ctx.lang})


# ---------------------------------------------------------------------------------------------
# Output against outcome


def _weekly(values: pd.DataFrame, buckets: pd.Series, aggregation: str) -> pd.DataFrame:
    how = "last" if aggregation == "last" else "mean"
    weekly = values.set_index("date")["value"].resample("W-MON", label="left", closed="left").agg(how).dropna()
    frame = weekly.reset_index().rename(columns={"date": "bucket"})
    return frame[frame["bucket"].isin(buckets)]


def render_output_vs_outcome(ctx: PageContext, scope: Scope) -> None:
    """Outputs per week (linked or not) with the North Star or a team's metric on the same axis, per-team
    figures with the change of each team's own metrics, and the unlinked outputs by name."""
    from dashboard.charts.leadership import outcome_output_chart

    st.subheader(md("leader.oo_title", scope=scope.label))
    outputs = cache.outputs(ctx.engine)
    start, end = quarter_bounds(scope.period)
    shipped = ov.releases_in(outputs, scope.period, scope.team_id)
    if shipped.empty:
        empty_state("overview.no_outputs_in_quarter", period=fmt_period(scope.period))
        return
    metrics = cache.metric_summary(ctx.engine)
    hyps = cache.hypotheses(ctx.engine)
    objectives = cache.objectives(ctx.engine)
    key_results = cache.key_results(ctx.engine)
    candidates = metrics[metrics["kind"] == "north_star"]
    if scope.team_id is not None:
        own = ov.team_metric_ids(scope.team_id, key_results, objectives, hyps, scope.period)
        candidates = pd.concat([candidates, metrics[metrics["id"].isin(own)]]).drop_duplicates("id")
    line_metric = None
    if not candidates.empty:
        names = candidates["name"].tolist()
        chosen = st.columns([1, 2])[0].selectbox(t("leader.line_metric"), names, key="overview.line_metric",
                                                 help=t("leader.line_metric_help"))
        line_metric = candidates[candidates["name"] == chosen].iloc[0]
    timeline = ov.output_timeline(outputs, start, end, scope.team_id)
    metric_weekly = None
    if line_metric is not None:
        metric_weekly = _weekly(_total(ctx, line_metric, scope), timeline["bucket"], str(line_metric["aggregation"]))
    st.altair_chart(outcome_output_chart(
        timeline, metric_weekly, metric_name=str(line_metric["name"]) if line_metric is not None else "",
        unit=str(line_metric["unit"]) if line_metric is not None else "",
        title=t("leader.oo_chart_title", scope=scope.label), subtitle=t("leader.oo_chart_subtitle"),
    ))
    render_team_table(ctx, scope, outputs, hyps, metrics, objectives, key_results)
    unlinked = shipped[~shipped["linked"]]
    if not unlinked.empty:
        with st.expander(md("overview.unlinked_list", count=len(unlinked))):
            show_table(
                [{t("common.key"): o.key, t("common.title"): o.title, t("common.team"): o.team,
                  t("common.type"): o.type, t("outputs.shipped_on"): fmt_date(o.shipped_on)}
                 for o in unlinked.itertuples()],
                hide_index=True, width="stretch",
            )


def render_team_table(ctx: PageContext, scope: Scope, outputs: pd.DataFrame, hyps: pd.DataFrame,
                      metrics: pd.DataFrame, objectives: pd.DataFrame, key_results: pd.DataFrame) -> None:

    teams = cache.teams(ctx.engine)
    if scope.team_id is not None:
        teams = teams[teams["id"] == scope.team_id]
    results = cache.measurements(ctx.engine, scope.today)
    verdicts = live_verdicts(hyps, results)
    releases = {i: (m.t0 if m is not None else None) for i, m in ((i, results.get(i)) for i in hyps["id"])}
    bets = ov.bets_in_scope(hyps, verdicts, releases, scope.period, None)
    by_id = metrics.set_index("id")
    rows = []
    for team in teams.itertuples():
        shipped = ov.releases_in(outputs, scope.period, team.id)
        team_bets = bets[bets["team_id"] == team.id]
        rate, measured = ov.hit_rate_of(team_bets)
        own = ov.team_metric_ids(team.id, key_results, objectives, team_bets, scope.period)
        moves = []
        for metric_id in own:
            if metric_id not in by_id.index:
                continue
            meta = by_id.loc[metric_id]
            change = ov.quarter_change(_total(ctx, pd.Series({"id": metric_id, **meta.to_dict()}), scope),
                                       scope.period, scope.today, str(meta["aggregation"]))
            gain = ov.improvement(change.vs_previous, str(meta["direction"]))
            if gain is not None:
                moves.append(gain)
        improving = sum(1 for g in moves if g > 0)
        rows.append({
            t("common.team"): team.name,
            t("overview.outputs_shipped"): len(shipped),
            t("overview.linked_share"): fmt_percent(shipped["linked"].mean() if len(shipped) else None),
            t("overview.bets_in_quarter"): len(team_bets),
            t("overview.measured_share"): fmt_percent(measured / len(team_bets) if len(team_bets) else None),
            t("overview.hit_rate"): fmt_percent(rate),
            t("leader.own_metrics"): t("leader.improving", k=improving, n=len(moves)) if moves else "—",
            t("leader.own_change"): fmt_percent(float(pd.Series(moves).median()), 1, sign=True) if moves else "—",
        })
    show_table(rows, hide_index=True, width="stretch")
    st.caption(t("leader.own_metrics_help"))
