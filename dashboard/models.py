"""Every entity of the product: Base (shared fields and constraints), table, Create, Update, Read.

Field constraints live on the Base classes so that forms, importers and the CLI validate the same
way. Link tables (many-to-many) are plain tables without Create/Update variants.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import field_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

# Naming convention so that constraint names are stable across SQLite and PostgreSQL
# (Alembic batch mode on SQLite needs named constraints).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PERIOD_RE = re.compile(r"^(\d{4})-Q([1-4])$")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Direction(StrEnum):
    up = "up"
    down = "down"


class Aggregation(StrEnum):
    mean = "mean"
    sum = "sum"
    last = "last"


class MetricKind(StrEnum):
    north_star = "north_star"
    input = "input"
    kpi = "kpi"
    guardrail = "guardrail"


class ObjectiveStatus(StrEnum):
    draft = "draft"
    active = "active"
    achieved = "achieved"
    missed = "missed"
    dropped = "dropped"


OPEN_OBJECTIVE_STATUSES = (ObjectiveStatus.draft, ObjectiveStatus.active)
"""Objectives that can still be edited and carried over to the next quarter."""


class HypothesisStatus(StrEnum):
    idea = "idea"
    planned = "planned"
    shipped = "shipped"
    measuring = "measuring"
    validated = "validated"
    partial = "partial"
    invalidated = "invalidated"
    inconclusive = "inconclusive"
    stopped = "stopped"


OPEN_HYPOTHESIS_STATUSES = (HypothesisStatus.planned, HypothesisStatus.shipped, HypothesisStatus.measuring)
"""A team's open bets: what counts against its focus limit."""


class Verdict(StrEnum):
    """What the measurement says about a bet; `insufficient data` when it cannot say yet (and says why)."""

    validated = "validated"
    partial = "partial"
    invalidated = "invalidated"
    inconclusive = "inconclusive"
    insufficient_data = "insufficient data"


MEASURED_VERDICTS = (Verdict.validated, Verdict.partial, Verdict.invalidated, Verdict.inconclusive)
HIT_VERDICTS = (Verdict.validated, Verdict.partial)
"""The hit rate: hits over measured verdicts."""


class MeasurementState(StrEnum):
    """Where a bet's measurement stands: before its release, inside its window, or measured."""

    not_launched = "not_launched"
    measuring = "measuring"
    measured = "measured"


class KeyResultStatus(StrEnum):
    """A key result's status against the share of the quarter gone."""

    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"


class Zone(StrEnum):
    """A key result's score zone (Google's grading): below commit, commit, target, stretch."""

    fail = "fail"
    commit = "commit"
    target = "target"
    stretch = "stretch"


class ChangeKind(StrEnum):
    relative = "relative"  # +15 % -> expected_change 0.15
    pp = "pp"  # +2 percentage points -> expected_change 2.0 (metric unit is %)
    absolute = "absolute"  # +300 -> expected_change 300.0


class Role(StrEnum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return {"viewer": 0, "editor": 1, "admin": 2}[self.value]

    def allows(self, needed: Role) -> bool:
        """True when this role includes `needed` (viewer < editor < admin)."""
        return self.rank >= needed.rank


class LearningStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class ImportKind(StrEnum):
    metrics = "metrics"
    metric_definitions = "metric-definitions"
    outputs = "outputs"
    objectives = "objectives"
    key_results = "key-results"
    check_ins = "check-ins"
    hypotheses = "hypotheses"
    learnings = "learnings"
    workspace = "workspace"
    demo = "demo"


def _strip_required(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError("required")
    return value


# ---------------------------------------------------------------------------------------------
# Audit: every write records who and when.


class Audited(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    created_by: str = Field(default="system", max_length=200, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by: str = Field(default="system", max_length=200, nullable=False)


# ---------------------------------------------------------------------------------------------
# Team


class TeamBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    archived: bool = Field(default=False)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_required(v)


class Team(TeamBase, Audited, table=True):
    __table_args__ = (UniqueConstraint("name"),)
    id: int | None = Field(default=None, primary_key=True)


class TeamCreate(TeamBase):
    pass


class TeamUpdate(SQLModel):
    name: str | None = None
    archived: bool | None = None


class TeamRead(TeamBase):
    id: int


# ---------------------------------------------------------------------------------------------
# Metric and its values


class MetricBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="count", max_length=40)
    direction: Direction = Field(default=Direction.up, max_length=8)
    aggregation: Aggregation = Field(default=Aggregation.mean, max_length=8)
    kind: MetricKind = Field(default=MetricKind.kpi, max_length=16)
    description: str = Field(default="", max_length=2000)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_required(v)


class Metric(MetricBase, Audited, table=True):
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("direction IN ('up', 'down')", name="direction"),
        CheckConstraint("aggregation IN ('mean', 'sum', 'last')", name="aggregation"),
        CheckConstraint("kind IN ('north_star', 'input', 'kpi', 'guardrail')", name="kind"),
    )
    id: int | None = Field(default=None, primary_key=True)


class MetricCreate(MetricBase):
    pass


class MetricUpdate(SQLModel):
    name: str | None = None
    unit: str | None = None
    direction: Direction | None = None
    aggregation: Aggregation | None = None
    kind: MetricKind | None = None
    description: str | None = None


class MetricRead(MetricBase):
    id: int


class ImportBatchBase(SQLModel):
    file_name: str = Field(max_length=500)
    sha256: str = Field(default="", max_length=64)
    sheet: str = Field(default="", max_length=500)
    kind: str = Field(max_length=32)
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


class ImportBatch(ImportBatchBase, table=True):
    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    created_by: str = Field(default="system", max_length=200, nullable=False)
    undone_at: datetime | None = None
    undone_by: str | None = Field(default=None, max_length=200)
    notes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ImportBatchRead(ImportBatchBase):
    id: int
    created_at: datetime
    created_by: str
    undone_at: datetime | None = None


class MetricValueBase(SQLModel):
    metric_id: int
    date: dt.date
    segment: str = Field(default="", max_length=200)  # "" = the whole population
    value: float

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return v


class MetricValue(MetricValueBase, Audited, table=True):
    __tablename__ = "metric_value"
    __table_args__ = (UniqueConstraint("metric_id", "date", "segment"),)
    id: int | None = Field(default=None, primary_key=True)
    metric_id: int = Field(
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    import_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("import_batch.id", ondelete="SET NULL"), nullable=True, index=True),
    )


class MetricValueCreate(MetricValueBase):
    pass


class MetricValueRead(MetricValueBase):
    id: int
    import_id: int | None = None


class MetricValueChange(SQLModel, table=True):
    """What an import replaced, so that undoing it restores the previous value and its origin."""

    __tablename__ = "metric_value_change"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(
        sa_column=Column(Integer, ForeignKey("import_batch.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    metric_id: int = Field(
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="CASCADE"), nullable=False)
    )
    date: dt.date
    segment: str = Field(default="", max_length=200)
    old_value: float
    old_import_id: int | None = None


class ImportChange(SQLModel, table=True):
    """One row an import inserted or changed (outputs, objectives, ...), so that undo can revert it.

    `action` is `insert` (undo deletes the row) or `update` (undo writes `old` back).
    """

    __tablename__ = "import_change"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(
        sa_column=Column(Integer, ForeignKey("import_batch.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    entity: str = Field(max_length=40)
    entity_id: int
    action: str = Field(max_length=10)
    old: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# ---------------------------------------------------------------------------------------------
# Output (shipped work)


class OutputBase(SQLModel):
    key: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=1, max_length=500)
    type: str = Field(default="feature", max_length=60)
    team_id: int | None = None
    status: str = Field(default="", max_length=100)
    shipped_on: dt.date | None = None
    link: str = Field(default="", max_length=1000)
    labels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sprints: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fix_versions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    components: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))

    @field_validator("key", "title")
    @classmethod
    def _required(cls, v: str) -> str:
        return _strip_required(v)


class Output(OutputBase, Audited, table=True):
    __table_args__ = (UniqueConstraint("key"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    import_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("import_batch.id", ondelete="SET NULL"), nullable=True),
    )


class OutputCreate(OutputBase):
    pass


class OutputUpdate(SQLModel):
    title: str | None = None
    type: str | None = None
    team_id: int | None = None
    status: str | None = None
    shipped_on: dt.date | None = None
    link: str | None = None
    labels: list[str] | None = None


class OutputRead(OutputBase):
    id: int


# ---------------------------------------------------------------------------------------------
# Objectives, key results, check-ins


class ObjectiveBase(SQLModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=4000)
    team_id: int | None = None
    period: str = Field(max_length=7)
    owner: str = Field(default="", max_length=200)
    status: ObjectiveStatus = Field(default=ObjectiveStatus.active, max_length=10)
    closing_note: str = Field(default="", max_length=4000)
    aligned_to_north_star: bool = False

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return _strip_required(v)

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        v = (v or "").strip().upper()
        if not PERIOD_RE.match(v):
            raise ValueError("period must look like 2026-Q4")
        return v


class Objective(ObjectiveBase, Audited, table=True):
    __table_args__ = (
        UniqueConstraint("title", "period"),
        CheckConstraint(
            "status IN ('draft', 'active', 'achieved', 'missed', 'dropped')", name="status"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    carried_from_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("objective.id", ondelete="SET NULL"), nullable=True),
    )


class ObjectiveCreate(ObjectiveBase):
    pass


class ObjectiveUpdate(SQLModel):
    title: str | None = None
    description: str | None = None
    team_id: int | None = None
    period: str | None = None
    owner: str | None = None
    status: ObjectiveStatus | None = None
    closing_note: str | None = None
    aligned_to_north_star: bool | None = None


class ObjectiveRead(ObjectiveBase):
    id: int


class ObjectiveParent(SQLModel, table=True):
    """Alignment: an objective may sit under several parent objectives."""

    __tablename__ = "objective_parent"
    __table_args__ = (CheckConstraint("child_id <> parent_id", name="not_self"),)
    child_id: int = Field(
        sa_column=Column(Integer, ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)
    )
    parent_id: int = Field(
        sa_column=Column(Integer, ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)
    )


class KeyResultBase(SQLModel):
    objective_id: int
    title: str = Field(min_length=1, max_length=300)
    metric_id: int | None = None
    baseline: float
    target: float
    stretch: float | None = None
    unit: str = Field(default="", max_length=40)

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return _strip_required(v)


class KeyResult(KeyResultBase, Audited, table=True):
    __tablename__ = "key_result"
    __table_args__ = (
        UniqueConstraint("objective_id", "title"),
        CheckConstraint("target <> baseline", name="target_differs"),
    )
    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(
        sa_column=Column(Integer, ForeignKey("objective.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    metric_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="SET NULL"), nullable=True),
    )


class KeyResultCreate(KeyResultBase):
    pass


class KeyResultUpdate(SQLModel):
    title: str | None = None
    metric_id: int | None = None
    baseline: float | None = None
    target: float | None = None
    stretch: float | None = None
    unit: str | None = None


class KeyResultRead(KeyResultBase):
    id: int


class CheckInBase(SQLModel):
    key_result_id: int
    date: dt.date
    value: float | None = None
    confidence: int | None = Field(default=None, ge=0, le=10)
    comment: str = Field(default="", max_length=4000)


class CheckIn(CheckInBase, table=True):
    __tablename__ = "check_in"
    __table_args__ = (CheckConstraint("confidence IS NULL OR (confidence BETWEEN 0 AND 10)", name="confidence"),)
    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int = Field(
        sa_column=Column(Integer, ForeignKey("key_result.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    created_by: str = Field(default="system", max_length=200, nullable=False)


class CheckInCreate(CheckInBase):
    pass


class CheckInRead(CheckInBase):
    id: int
    created_at: datetime
    created_by: str


class KeyResultOutput(SQLModel, table=True):
    """An output contributes to a key result."""

    __tablename__ = "key_result_output"
    key_result_id: int = Field(
        sa_column=Column(Integer, ForeignKey("key_result.id", ondelete="CASCADE"), primary_key=True)
    )
    output_id: int = Field(
        sa_column=Column(Integer, ForeignKey("output.id", ondelete="CASCADE"), primary_key=True)
    )


# ---------------------------------------------------------------------------------------------
# Hypotheses and learnings


class HypothesisBase(SQLModel):
    statement: str = Field(min_length=1, max_length=1000)
    team_id: int | None = None
    metric_id: int
    change_kind: ChangeKind = Field(default=ChangeKind.relative, max_length=10)
    expected_change: float  # fraction for relative (0.15 = +15 %), units otherwise
    segment: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=2000)
    key_result_id: int | None = None
    # None: the default for the data's frequency (28 days for daily data, 8 values otherwise).
    window_days: int | None = Field(default=None, ge=7, le=365)
    guardrail_metric_id: int | None = None
    # A control: segments of the same metric that did not get the release (comma separated), or
    # another metric; the counterfactual then follows the control's movement.
    control_segments: str = Field(default="", max_length=1000)
    control_metric_id: int | None = None
    status: HypothesisStatus = Field(default=HypothesisStatus.idea, max_length=14)
    stop_reason: str = Field(default="", max_length=2000)
    learning: str = Field(default="", max_length=4000)

    @field_validator("statement")
    @classmethod
    def _statement(cls, v: str) -> str:
        return _strip_required(v)

    @field_validator("control_segments")
    @classmethod
    def _controls(cls, v: str) -> str:
        return ", ".join(dict.fromkeys(part.strip() for part in (v or "").split(",") if part.strip()))

    @field_validator("expected_change")
    @classmethod
    def _nonzero(cls, v: float) -> float:
        if v == 0 or v != v:
            raise ValueError("expected change must not be zero")
        return v


class Hypothesis(HypothesisBase, Audited, table=True):
    __table_args__ = (
        UniqueConstraint("statement"),
        CheckConstraint("change_kind IN ('relative', 'pp', 'absolute')", name="change_kind"),
        CheckConstraint("window_days BETWEEN 7 AND 365", name="window_days"),
    )
    id: int | None = Field(default=None, primary_key=True)
    # Set when a learning draft was opened for this hypothesis, so it is opened once only.
    learning_opened_at: datetime | None = None
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    metric_id: int = Field(
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="RESTRICT"), nullable=False)
    )
    key_result_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("key_result.id", ondelete="SET NULL"), nullable=True),
    )
    guardrail_metric_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="SET NULL"), nullable=True),
    )
    control_metric_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="SET NULL"), nullable=True),
    )


class HypothesisCreate(HypothesisBase):
    pass


class HypothesisUpdate(SQLModel):
    statement: str | None = None
    team_id: int | None = None
    metric_id: int | None = None
    change_kind: ChangeKind | None = None
    expected_change: float | None = None
    segment: str | None = None
    reason: str | None = None
    key_result_id: int | None = None
    window_days: int | None = None
    guardrail_metric_id: int | None = None
    control_segments: str | None = None
    control_metric_id: int | None = None
    status: HypothesisStatus | None = None
    stop_reason: str | None = None
    learning: str | None = None


class HypothesisRead(HypothesisBase):
    id: int


class HypothesisOutput(SQLModel, table=True):
    """The outputs whose release a hypothesis bets on."""

    __tablename__ = "hypothesis_output"
    hypothesis_id: int = Field(
        sa_column=Column(Integer, ForeignKey("hypothesis.id", ondelete="CASCADE"), primary_key=True)
    )
    output_id: int = Field(
        sa_column=Column(Integer, ForeignKey("output.id", ondelete="CASCADE"), primary_key=True)
    )


class LearningBase(SQLModel):
    title: str = Field(min_length=1, max_length=300)
    team_id: int | None = None
    believed: str = Field(default="", max_length=4000)
    happened: str = Field(default="", max_length=4000)
    next_time: str = Field(default="", max_length=4000)
    status: LearningStatus = Field(default=LearningStatus.draft, max_length=8)

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return _strip_required(v)


class Learning(LearningBase, Audited, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="SET NULL"), nullable=True),
    )


class LearningCreate(LearningBase):
    pass


class LearningUpdate(SQLModel):
    title: str | None = None
    believed: str | None = None
    happened: str | None = None
    next_time: str | None = None
    status: LearningStatus | None = None


class LearningRead(LearningBase):
    id: int


class LearningHypothesis(SQLModel, table=True):
    """A hypothesis supports or contradicts a learning."""

    __tablename__ = "learning_hypothesis"
    __table_args__ = (CheckConstraint("relation IN ('supports', 'contradicts')", name="relation"),)
    learning_id: int = Field(
        sa_column=Column(Integer, ForeignKey("learning.id", ondelete="CASCADE"), primary_key=True)
    )
    hypothesis_id: int = Field(
        sa_column=Column(Integer, ForeignKey("hypothesis.id", ondelete="CASCADE"), primary_key=True)
    )
    relation: str = Field(default="supports", max_length=12)


# ---------------------------------------------------------------------------------------------
# Review snapshots, settings, remembered import mappings


class ReviewSnapshot(SQLModel, table=True):
    __tablename__ = "review_snapshot"
    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7, index=True)
    title: str = Field(default="", max_length=300)
    taken_at: datetime = Field(default_factory=utcnow, nullable=False)
    taken_by: str = Field(default="system", max_length=200)
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AppSetting(SQLModel, table=True):
    """Workspace-wide settings (e.g. the open-bets limit), one JSON value per key."""

    __tablename__ = "app_setting"
    key: str = Field(primary_key=True, max_length=100)
    value: dict | list | str | int | float | bool | None = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by: str = Field(default="system", max_length=200)


class ImportMapping(SQLModel, table=True):
    """A user's column choices for files with the same headers, remembered for the next upload."""

    __tablename__ = "import_mapping"
    signature: str = Field(primary_key=True, max_length=64)
    mapping: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by: str = Field(default="system", max_length=200)


class DataVersion(SQLModel, table=True):
    """One row counting committed writes; every app server keys its cached reads on it.

    Incremented in the same transaction as every write (see `dashboard.db`), so a server sees
    a change made through another server on its next rerun.
    """

    __tablename__ = "data_version"
    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))


# ---------------------------------------------------------------------------------------------
# People and the audit trail


class AppUser(SQLModel, table=True):
    """A person who signs in with a password (`OUTCOMES_AUTH=password`), managed by an admin."""

    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),)
    name: str = Field(primary_key=True, max_length=120)
    role: str = Field(default="viewer", max_length=10)
    password_hash: str = Field(max_length=300)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    created_by: str = Field(default="system", max_length=200, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by: str = Field(default="system", max_length=200, nullable=False)


class SignInFailure(SQLModel, table=True):
    """Failed sign-ins per name, to slow down repeated guessing (shared by every server)."""

    __tablename__ = "sign_in_failure"
    name: str = Field(primary_key=True, max_length=120)
    failures: int = Field(default=0)
    last_at: datetime = Field(default_factory=utcnow, nullable=False)


class AuditEvent(SQLModel, table=True):
    """Who created, changed or deleted what and when, with the old and new values that changed."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    actor: str = Field(max_length=200, index=True)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=40, index=True)
    entity_key: str = Field(default="", max_length=100)
    label: str = Field(default="", max_length=300)
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
