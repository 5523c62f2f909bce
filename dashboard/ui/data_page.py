"""Data page: upload with preview, column choices, import with progress, charts, history with undo."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.access import AccessDenied, Actor
from dashboard.i18n import (
    escape_md,
    fmt_count,
    fmt_date,
    fmt_datetime,
    fmt_value,
    has_key,
    md,
    md_plural,
    t,
    t_plural,
    unit_label,
)
from dashboard.importers.problems import note_text, problem_lines
from dashboard.importers.registry import kind_label_key
from dashboard.importers.registry import kinds as registered_kinds
from dashboard.importers.service import SKIP, Analysis, analyse, import_analysis
from dashboard.importers.store import UndoError, undo_import
from dashboard.ui import cache
from dashboard.ui.components import empty_state, person_label, show_table
from dashboard.ui.forms import flash
from dashboard.ui.frame import PageContext, data_changed, db_session

UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv"]
UPLOAD_KEY = "data.upload.files"
RESULT_KEY = "data.last_result"
IMPORTED_KEY = "data.imported"
CONFIRM_UNDO_KEY = "data.history.confirm_undo"
MAX_CHARTS = 12
# Streamlit writes the drop zone's words (the "Upload" button, "200MB per file • XLSX, CSV")
# in English whatever the page's language: these rules hide them and put the page's words in their place.
UPLOADER_CSS = (
    "[data-testid='stFileUploaderDropzoneInstructions'] > div > span {{font-size: 0}}"
    "[data-testid='stFileUploaderDropzoneInstructions'] > div > span::after {{content: '{drop}'; font-size: 0.875rem}}"
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p {{font-size: 0}}"
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after"
    " {{content: '{button}'; font-size: 0.875rem}}"
)


def _css_text(text: str) -> str:
    """`text` as a CSS string's content (quotes and backslashes escaped, no line breaks)."""
    return text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


def uploader_css(lang: str | None = None) -> str:
    """The style rules that put the page's words into Streamlit's file drop zone."""
    return UPLOADER_CSS.format(drop=_css_text(t("data.upload.drop", lang) + " · " + t("data.upload.limit", lang)),
                               button=_css_text(t("data.upload.button", lang)))
AUTO = "__auto__"
NONE = "__none__"


def _kind_label(kind: str | None) -> str:
    if not kind:
        return t("data.kind.unknown")
    # Each kind of sheet names its label; an import batch may also be a whole workspace or the demo.
    key = kind_label_key(kind) or "data.kindlabel." + kind.replace("-", "_")
    text = t(key)
    return text if text != key else kind


def _role_label(role: str) -> str:
    key = "data.role." + role
    text = t(key)
    return text if text != key else role.replace("_", " ")


# ---------------------------------------------------------------------------------------------
# choices the user makes when recognition is unsure


def _choice_key(sha: str, table_id: str, name: str) -> str:
    return f"data.choice.{sha[:12]}.{table_id or 'table'}.{name}"


def _choices_from_state(sha: str) -> dict[str, dict[str, Any]]:
    """Column choices already made in the widgets (read before analysing, so that they apply)."""
    prefix = f"data.choice.{sha[:12]}."
    choices: dict[str, dict[str, Any]] = {}
    for key in list(st.session_state.keys()):
        if not isinstance(key, str) or not key.startswith(prefix):
            continue
        table_id, name = key[len(prefix):].rsplit(".", 1)
        value = st.session_state[key]
        if value == AUTO:
            continue
        choices.setdefault("" if table_id == "table" else table_id, {})[name] = None if value == NONE else value
    return choices


def _render_choices(analysis: Analysis, plan) -> None:
    """Select boxes for what recognition was unsure about; the choice is remembered on import."""
    sha, table_id = analysis.sha256, plan.table_id
    prepared = plan.prepared
    unsure = list(prepared.unsure) if prepared else []
    kinds = [AUTO, *(str(k.name) for k in registered_kinds() if k.offered), SKIP]
    kind_labels = {AUTO: t("data.choice.auto"), SKIP: t("data.choice.skip"),
                   **{k: _kind_label(k) for k in kinds if k not in (AUTO, SKIP)}}
    if plan.kind is None or unsure or plan.remembered:
        if plan.remembered:
            st.caption(t("data.choice.remembered"))
        st.selectbox(t("data.choice.kind"), kinds, key=_choice_key(sha, table_id, "kind"),
                     format_func=lambda v: kind_labels[v])
    date_key = _choice_key(sha, table_id, "date")
    if prepared is None or prepared.skipped or date_key in st.session_state:
        # Not understood: let the user name the date column; each numeric column then becomes a metric.
        # (Kept on screen once used, so that the choice survives the next run.)
        header = plan.table.header
        options = [AUTO, *range(len(header))]
        labels = {AUTO: t("data.choice.pick"), **{i: plan.table.column_name(i) for i in range(len(header))}}
        st.selectbox(t("data.choice.date"), options, key=date_key, format_func=lambda v: labels[v])
    if prepared is None or prepared.skipped:
        return
    if "date_order" in unsure or _choice_key(sha, table_id, "date_order") in st.session_state:
        orders = [AUTO, "DMY", "MDY"]
        named = {"DMY": t("data.choice.dmy"), "MDY": t("data.choice.mdy")}
        found = named.get(prepared.choice.get("date_order"), "")
        order_labels = {AUTO: f"{t('data.choice.auto')}: {found}" if found else t("data.choice.auto"), **named}
        st.selectbox(t("data.choice.date_order"), orders, key=_choice_key(sha, table_id, "date_order"),
                     format_func=lambda v: order_labels[v])
    if "value" in unsure or _choice_key(sha, table_id, "value") in st.session_state:
        columns = prepared.options.get("columns", [])
        options = [AUTO, *prepared.options.get("value", [])]
        value_labels = {AUTO: t("data.choice.auto"), **{i: columns[i] for i in options if isinstance(i, int)}}
        st.selectbox(t("data.choice.value"), options, key=_choice_key(sha, table_id, "value"),
                     format_func=lambda v: value_labels[v])
    if "segment" in unsure or _choice_key(sha, table_id, "segment") in st.session_state:
        columns = prepared.options.get("columns", [])
        options = [AUTO, NONE, *[i for i in prepared.options.get("segment", []) if i is not None]]
        seg_labels = {AUTO: t("data.choice.auto"), NONE: t("data.choice.no_segment"),
                      **{i: columns[i] if i < len(columns) else str(i) for i in options if isinstance(i, int)}}
        st.selectbox(t("data.choice.segment"), options, key=_choice_key(sha, table_id, "segment"),
                     format_func=lambda v: seg_labels[v])


# ---------------------------------------------------------------------------------------------
# preview


def _summary_table(summary: list[dict[str, Any]]) -> None:
    rows = [
        {
            t("common.metric"): s["metric"],
            t("data.points"): fmt_count(s["points"]),
            t("data.first"): fmt_date(s["first"]) if s.get("first") else "—",
            t("data.last"): fmt_date(s["last"]) if s.get("last") else "—",
            t("common.unit"): unit_label(s.get("unit")),
            t("data.segments"): s.get("segments") or "—",
        }
        for s in summary
    ]
    show_table(rows, hide_index=True, width="stretch")


def _definition_cell(field: str, value: Any) -> str:
    """A metric definition's cell in the page's language (`up` -> `higher is better`, `count` -> `Anzahl`)."""
    if value in (None, ""):
        return "—"
    if field == "unit":
        return unit_label(str(value))
    if field in ("direction", "aggregation", "kind") and has_key(f"{field}.{value}"):
        return t(f"{field}.{value}")
    return value


def _preview_table(preview: list[dict[str, Any]], summary: list[dict[str, Any]] | None = None) -> None:
    if not preview:
        return
    # A value shows in its metric's unit, the proposed one included (0.32 of a ratio as 32.0 %).
    units = {str(s["metric"]): s.get("unit") or "" for s in summary or [] if "metric" in s}
    if {"date", "metric", "value"} <= set(preview[0]):
        rows = [
            {
                t("common.date"): fmt_date(r["date"]),
                t("common.metric"): r["metric"],
                t("data.segment"): r.get("segment") or "—",
                t("common.value"): fmt_value(r["value"], r.get("unit") or units.get(str(r["metric"]), "")),
            }
            for r in preview
        ]
    else:
        labels = {"name": t("common.metric"), "unit": t("common.unit"), "description": t("common.description"),
                  "direction": t("data.col.direction"), "aggregation": t("data.col.aggregation"),
                  "kind": t("data.kind")}
        rows = [{labels.get(k, k): _definition_cell(k, v) for k, v in r.items()} for r in preview]
    st.caption(md_plural("data.preview.first_rows", len(rows)))
    show_table(rows, hide_index=True, width="stretch")  # as tall as the rows it previews


def _table_title(plan, file_name: str) -> str:  # noqa: ANN001 - a service Plan
    """A table named by its sheet, or for a text file's n-th table by its first header cells."""
    if plan.table_id and not plan.table_id.startswith("#"):
        return plan.table_id
    header = [h for h in plan.table.header if str(h).strip()][:3]
    named = ", ".join(str(h) for h in header)
    if not named:
        return plan.table_id or file_name
    return f"{named}{', …' if len(plan.table.header) > 3 else ''}"


def _render_analysis(analysis: Analysis) -> None:
    """What was recognised in one file, table by table; skipped tables folded into one line."""
    skipped = []
    for plan in analysis.plans:
        prepared = plan.prepared
        chosen = any(k in st.session_state for k in (_choice_key(analysis.sha256, plan.table_id, "date"),
                                                    _choice_key(analysis.sha256, plan.table_id, "kind")))
        if (prepared is None or prepared.skipped) and not chosen:
            skipped.append(plan)
            continue
        _render_plan(analysis, plan)
    if skipped:
        names = "; ".join(_table_title(p, analysis.file_name) for p in skipped)
        with st.expander(md_plural("data.skipped.summary", len(skipped), names=names), icon=":material/visibility_off:"):
            st.caption(t("data.skipped.help"))
            for plan in skipped:
                _render_plan(analysis, plan)


def _render_plan(analysis: Analysis, plan) -> None:  # noqa: ANN001 - a service Plan
    """One table of a file: kind, columns used, choices, summary and preview."""
    title = _table_title(plan, analysis.file_name)
    prepared = plan.prepared
    with st.container(border=True):
        st.markdown(f"**{escape_md(title)}** · {escape_md(_kind_label(plan.kind))}")
        if prepared is not None and prepared.columns:
            used = ", ".join(f"{_role_label(role)}: {name}" for role, name in prepared.columns.items())
            st.caption(md("data.preview.columns", columns=used))
        _render_choices(analysis, plan)
        if prepared is None or prepared.skipped:
            st.caption(t("data.preview.skipped"))
            return
        if prepared.unsure:
            st.warning(t("data.preview.unsure"), icon=":material/help:")
        if prepared.summary:
            _summary_table(prepared.summary)
        _preview_table(prepared.preview, prepared.summary)


def _progress_callback(bar):
    def report(fraction: float) -> None:
        bar.progress(fraction, text=md("data.import.progress", percent=int(fraction * 100)))

    return report


def _import(ctx: PageContext, analysis: Analysis, choices: dict[str, dict[str, Any]]) -> None:
    bar = st.progress(0.0, text=md("data.import.progress", percent=0))
    remember = {p.table_id: p.prepared.choice for p in analysis.plans if p.table_id in choices and p.prepared}
    remember.update({tid: c for tid, c in choices.items() if c.get("kind") == SKIP})
    outcome = import_analysis(analysis, engine=ctx.engine, user=ctx.user, progress=_progress_callback(bar),
                              remember=remember)
    bar.empty()
    data_changed()
    if not outcome.ok:
        st.error(md("data.import.failed", file=analysis.file_name))
        st.markdown("\n".join(f"- {escape_md(line)}" for line in problem_lines(outcome.problems)))
        return
    metrics = sorted({s["metric"] for p in analysis.prepared for s in p.summary}, key=str.casefold)
    kinds = sorted({p.kind for p in analysis.plans if p.kind and p.prepared is not None and not p.prepared.skipped})
    st.session_state[RESULT_KEY] = {
        "file": analysis.file_name, "import_id": outcome.import_id, "metrics": metrics, "kinds": kinds,
        **outcome.counts,
    }
    # The file stays in the uploader; remember that it is stored so that its preview folds away.
    st.session_state[IMPORTED_KEY] = {**st.session_state.get(IMPORTED_KEY, {}), analysis.sha256: outcome.import_id}


def _render_result(ctx: PageContext) -> None:
    """The last import's counts and a chart per imported metric."""
    result = st.session_state.get(RESULT_KEY)
    if not result:
        return
    done_key = "data.import.counts.outputs" if result.get("kinds") == ["outputs"] else "data.import.done"
    st.success(md(done_key, file=result["file"], read=fmt_count(result["read"]),
                 inserted=fmt_count(result["inserted"]), updated=fmt_count(result["updated"]),
                 unchanged=fmt_count(result["unchanged"])), icon=":material/check_circle:")
    summary = cache.metric_summary(ctx.engine)
    by_name = {n.casefold(): row for n, row in zip(summary["name"], summary.itertuples(), strict=True)}
    shown = [by_name[m.casefold()] for m in result["metrics"] if m.casefold() in by_name][:MAX_CHARTS]
    if not shown:
        return
    from dashboard.charts.imports import imported_metric_chart

    cols = st.columns(2)
    for i, metric in enumerate(shown):
        values = cache.metric_values(ctx.engine, int(metric.id), None)
        if values.empty:
            continue
        with cols[i % 2]:
            st.altair_chart(imported_metric_chart(values, metric.name, metric.unit, metric.aggregation),
                            width="stretch")
    if len(result["metrics"]) > MAX_CHARTS:
        st.caption(md_plural("data.import.more_charts", len(result["metrics"]) - MAX_CHARTS))


def upload_section(ctx: PageContext) -> None:
    """Upload one or several files, preview each, import the valid ones."""
    st.subheader(t("data.upload.title"))
    if not ctx.can_edit:
        st.info(t("data.upload.read_only"))
        return
    teams = cache.teams(ctx.engine)
    team_options = [AUTO, *teams["name"].tolist()]
    team_labels = {AUTO: t("data.upload.team_from_file")}  # computed now: format_func may run in another thread
    team = st.selectbox(t("data.upload.team"), team_options, key="data.upload.team", help=t("data.upload.team_help"),
                        format_func=lambda v: team_labels.get(v, v))
    if ctx.lang != "en":
        # Streamlit writes the drop zone's own words in English; these rules put the page's words in.
        st.html(f"<style>{uploader_css()}</style>")
    files = st.file_uploader(t("data.upload.label"), type=UPLOAD_TYPES, accept_multiple_files=True,
                             key=UPLOAD_KEY, help=t("data.upload.help"))
    _render_result(ctx)
    if not files:
        st.caption(t("data.upload.hint"))
        return
    for index, uploaded in enumerate(files):
        data = uploaded.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        st.markdown(f"#### {escape_md(uploaded.name)}")
        imported = st.session_state.get(IMPORTED_KEY, {}).get(sha)
        if imported is not None:
            st.caption(md("data.upload.already", id=imported))
            continue
        choices = _choices_from_state(sha)
        with db_session(ctx) as session:
            analysis = analyse(data, uploaded.name, session=session, choices=choices,
                               team=None if team == AUTO else team)
        del data
        if analysis.problems:
            st.error(md_plural("data.upload.refused", len(analysis.problems), file=uploaded.name),
                     icon=":material/error:")
            st.markdown("\n".join(f"- {escape_md(line)}" for line in problem_lines(analysis.problems)))
        if len(analysis.notes) > 2:
            with st.expander(md_plural("data.notes.title", len(analysis.notes)), icon=":material/info:"):
                st.markdown("\n".join(f"- {note_text(note, markup=True)}" for note in analysis.notes))
        else:
            for note in analysis.notes:
                st.caption(note_text(note, markup=True))
        _render_analysis(analysis)
        if analysis.problems:
            continue
        label = md("data.import.button_counted", file=uploaded.name, rows=t_plural("data.rows", analysis.rows_read))
        if st.button(label, key=f"data.import.{index}", type="primary", icon=":material/upload:"):
            _import(ctx, analysis, choices)
            st.rerun()


# ---------------------------------------------------------------------------------------------
# metrics, history, templates


def metrics_section(ctx: PageContext) -> None:
    """Every metric with its number of points, first/last date and latest value."""
    st.subheader(t("data.metrics"))
    metrics = cache.metric_summary(ctx.engine)
    if metrics.empty:
        empty_state("data.no_metrics")
        return
    rows = [
        {
            t("common.metric"): m.name,
            t("common.unit"): unit_label(m.unit),
            t("data.points"): fmt_count(m.points),
            t("data.first"): fmt_date(m.first) if m.first else "—",
            t("data.last"): fmt_date(m.last) if m.last else "—",
            t("data.latest"): fmt_value(m.latest, m.unit),
        }
        for m in metrics.itertuples()
    ]
    show_table(rows, hide_index=True, width="stretch")


def _undo(engine, import_id: int, user: Actor, label: str) -> None:  # noqa: ANN001 - a Streamlit callback
    st.session_state.pop(CONFIRM_UNDO_KEY, None)
    try:
        counts = undo_import(engine=engine, import_id=import_id, user=user)
    except AccessDenied as exc:
        flash(md("auth.denied", role=t(f"role.{exc.actor.role.value}"),
                                                  needed=t(f"role.{exc.needed.value}")), "error")
        return
    except UndoError:
        flash(md("data.history.undo_failed", file=label), "warning")
        return
    st.session_state.pop(RESULT_KEY, None)
    imported = st.session_state.get(IMPORTED_KEY, {})
    st.session_state[IMPORTED_KEY] = {sha: i for sha, i in imported.items() if i != import_id}
    flash(md("data.history.undone", file=label, deleted=counts["deleted"],
                                                restored=counts["restored"]))
    data_changed()


def history_section(ctx: PageContext) -> None:
    """Every import with its counts; undo one as a whole."""
    st.subheader(t("data.history"))
    imports = cache.imports(ctx.engine)
    if imports.empty:
        empty_state("data.no_imports")
        return
    rows = [
        {
            t("data.file"): i.file_name,
            t("data.kind"): _kind_label(i.kind),
            t("data.who"): person_label(i.created_by),
            t("data.when"): fmt_datetime(i.created_at),
            t("data.read"): fmt_count(i.rows_read),
            t("data.inserted"): fmt_count(i.inserted),
            t("data.updated"): fmt_count(i.updated),
            t("data.unchanged"): fmt_count(i.unchanged),
            t("data.history.state"): t("data.history.undone_at", when=fmt_datetime(i.undone_at))
            if pd.notna(i.undone_at) else t("data.history.active"),
        }
        for i in imports.itertuples()
    ]
    counts = ("data.read", "data.inserted", "data.updated", "data.unchanged")
    show_table(rows, hide_index=True, width="stretch",
               column_config={t(key): st.column_config.TextColumn(alignment="right") for key in counts})
    active = imports[imports["undone_at"].isna()]
    if active.empty or not ctx.is_admin:
        return
    labels = {int(i.id): f"#{i.id} · {i.file_name} · {fmt_datetime(i.created_at)}" for i in active.itertuples()}
    left, right = st.columns([2, 1], vertical_alignment="bottom")  # the German button's words need the room
    with left:
        choice = st.selectbox(t("data.history.undo_pick"), list(labels), key="data.history.undo_id",
                              format_func=lambda v: labels[v])
    with right:
        # The first click only asks: undoing removes everything the import added.
        st.button(t("data.history.undo"), key="data.history.undo", icon=":material/undo:",
                  on_click=_ask_undo, args=(int(choice),))
    if st.session_state.get(CONFIRM_UNDO_KEY) != int(choice):
        return
    batch = active[active["id"] == int(choice)].iloc[0]
    st.warning(md("data.history.undo_confirm", file=labels[int(choice)], inserted=fmt_count(batch["inserted"]),
                 updated=fmt_count(batch["updated"])), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(md("data.history.undo_yes_counted", rows=t_plural("data.rows", int(batch["inserted"]))),
               key="data.history.undo_yes",
               type="primary", on_click=_undo, args=(ctx.engine, int(choice), ctx.user, labels[int(choice)]))
    no.button(t("common.cancel"), key="data.history.undo_no", on_click=_ask_undo, args=(None,))


def _ask_undo(import_id: int | None) -> None:
    """Remember which import the user wants to undo (None: cancelled); the confirm button undoes it."""
    st.session_state[CONFIRM_UNDO_KEY] = import_id


def templates_section() -> None:
    """Download a template for each kind of sheet, and the example export."""
    from dashboard.config import PROJECT_ROOT
    from dashboard.importers.registry import templates
    from dashboard.importers.templates import build_template

    expander = st.expander(t("data.templates.title"), icon=":material/description:")
    expander.caption(t("data.templates.caption"))
    cols = expander.columns(4)
    for i, template in enumerate(templates()):
        with cols[i % 4]:
            st.download_button(
                t(template.label_key), data=_template_bytes(template.name, build_template),
                file_name=template.file_name, key=f"data.templates.{template.name}", icon=":material/download:",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
    example = PROJECT_ROOT / "data" / "examples" / "product-metrics-export.xlsx"
    if example.exists():
        expander.download_button(t("data.templates.example"), data=example.read_bytes(), file_name=example.name,
                           key="data.templates.example", icon=":material/table_view:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _template_bytes(kind: str, _builder) -> bytes:  # noqa: ANN001 - the builder is not hashed
    return _builder(kind)


# ---------------------------------------------------------------------------------------------
# the whole workspace as a workbook


def workspace_download_section(ctx: PageContext) -> None:
    """Editors and admins download every sheet of the workspace in the import format (built on click)."""
    if not ctx.can_edit:
        return  # viewers get no raw-data downloads
    from datetime import date

    from sqlmodel import Session

    from dashboard.exports.workspace import workspace_workbook

    engine = ctx.engine

    def build() -> bytes:  # runs only when the button is clicked, not on every rerun
        with Session(engine) as session:
            return workspace_workbook(session, date.today())

    st.subheader(t("export.workspace.title"))
    st.caption(t("export.workspace.caption"))
    st.download_button(
        t("export.workspace.download"), data=build, file_name=f"workspace-{date.today().isoformat()}.xlsx",
        key="data.export.workspace", icon=":material/download:", help=t("export.workspace.help"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    )
