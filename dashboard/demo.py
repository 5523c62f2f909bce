"""The demo workspace: a B2B SaaS with three teams over 2026, generated deterministically.

Metric series carry trend, weekly seasonality and noise; the releases behind the hypotheses put
real steps into the data so that measuring them gives a mix of wins, partial wins, failures and
unclear results. The same call always produces the same workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from dashboard.access import record
from dashboard.models import (
    CheckIn,
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Learning,
    LearningHypothesis,
    Metric,
    MetricValue,
    Objective,
    ObjectiveParent,
    Output,
    Team,
    utcnow,
)

SEED = 20261124
DATA_START = date(2025, 11, 25)
DATA_END = date(2026, 11, 24)  # the demo's "today": its data ends here
DEMO_USER = "demo"

TEAMS = ["Growth", "Core Product", "Monetization"]
TEAM_PREFIX = {"Growth": "GRO", "Core Product": "CORE", "Monetization": "MON"}


@dataclass
class MetricSpec:
    name: str
    unit: str
    direction: str
    aggregation: str
    kind: str
    description: str
    level: float
    trend: float = 0.0  # relative change over the year
    weekly: float = 0.0  # weekend dip as a share of the level
    noise: float = 0.02  # relative noise (sd) per day
    decimals: int = 1
    steps: list[tuple[date, float]] = field(default_factory=list)  # relative steps from a date on
    segments: dict[str, float] = field(default_factory=dict)  # segment -> level factor
    weekly_only: bool = False  # measured once a week (Mondays), like a survey
    # Stored only per segment (no total rows), each segment with its own steps, all sharing a seasonal
    # swing of this amplitude (a 9-week cycle no trend can follow): the case for a control group.
    segment_steps: dict[str, list[tuple[date, float]]] = field(default_factory=dict)
    swing: float = 0.0


METRICS = [
    MetricSpec("Weekly active accounts", "count", "up", "mean", "north_star",
               "Accounts with at least three active users in the last 7 days.", 1800, trend=0.22,
               weekly=0.01, noise=0.012, decimals=0,
               steps=[(date(2026, 8, 17), 0.008)]),
    MetricSpec("Signups", "count", "up", "sum", "input", "New trial accounts per day.", 120,
               trend=0.15, weekly=0.2, noise=0.05, decimals=0,
               steps=[(date(2026, 4, 20), 0.10)]),
    MetricSpec("Activation rate", "%", "up", "mean", "input",
               "Share of new accounts that create a first report within 7 days.", 38, trend=0.0,
               weekly=0.02, noise=0.05, steps=[(date(2026, 2, 10), 0.16)],
               segments={"Starter": 0.85, "Pro": 1.08, "Enterprise": 1.25}),
    MetricSpec("Trial-to-paid conversion", "%", "up", "mean", "input",
               "Share of trials that convert to a paid plan.", 12, noise=0.07,
               steps=[(date(2026, 3, 2), 0.0), (date(2026, 6, 1), 0.19)]),
    MetricSpec("Onboarding completion", "%", "up", "mean", "input",
               "Share of new accounts that finish the onboarding steps.", 55, noise=0.11,
               steps=[(date(2026, 6, 15), 0.02)]),
    MetricSpec("Time to first value", "h", "down", "mean", "input",
               "Median hours from signup to the first shared report.", 30, noise=0.09,
               steps=[(date(2026, 7, 6), -0.07)]),
    MetricSpec("Reports created", "count", "up", "sum", "input", "Reports created per day.", 450,
               trend=0.2, weekly=0.6, noise=0.07, decimals=0, steps=[(date(2026, 3, 16), 0.30)]),
    MetricSpec("MRR", "€", "up", "last", "kpi", "Monthly recurring revenue.", 420_000, trend=0.28,
               noise=0.002, decimals=0, steps=[(date(2026, 8, 3), 0.01)]),
    MetricSpec("Expansion revenue", "€", "up", "sum", "kpi", "Upsell and seat revenue per day.", 1500,
               trend=0.1, weekly=0.5, noise=0.4, decimals=0, steps=[(date(2026, 4, 13), 0.12)]),
    MetricSpec("Churn rate", "%", "down", "mean", "guardrail",
               "Share of paying accounts cancelling, 30-day rolling.", 2.1, noise=0.06,
               decimals=2, steps=[(date(2026, 8, 3), -0.19)]),
    MetricSpec("Support tickets", "count", "down", "sum", "guardrail", "New support tickets per day.", 60,
               trend=0.05, weekly=0.2, noise=0.06, decimals=0,
               steps=[(date(2026, 5, 4), 0.0), (date(2026, 9, 14), 0.08)]),
    MetricSpec("Page load time p95", "ms", "down", "mean", "guardrail",
               "95th percentile of dashboard load time.", 1400, noise=0.04, decimals=0,
               steps=[(date(2026, 3, 16), 0.08), (date(2026, 5, 4), -0.30)]),
    MetricSpec("NPS", "NPS", "up", "last", "kpi",
               "Net Promoter Score from the weekly in-app survey (Mondays).", 31, noise=0.12,
               decimals=0, weekly_only=True, steps=[(date(2026, 9, 7), 0.1)]),
    MetricSpec("Checkout starts", "count", "up", "sum", "input",
               "Visitors who start the checkout, per day and country.", 260, weekly=0.15, noise=0.04,
               decimals=0, segments={"DE": 1.0, "FR": 0.7, "NL": 0.45}, swing=0.12,
               segment_steps={"DE": [(date(2026, 9, 21), 0.12)]}),
]


@dataclass
class HypothesisSpec:
    team: str
    statement: str
    metric: str
    change_kind: str
    expected: float
    shipped_on: date | None
    output_title: str
    reason: str
    status: str
    guardrail: str | None = None
    window: int | None = None  # None: the default for the data's frequency
    segment: str = ""
    control_segments: str = ""


HYPOTHESES = [
    HypothesisSpec("Growth", "A guided onboarding checklist will raise activation by 4 pp",
                   "Activation rate", "pp", 4.0, date(2026, 2, 10), "Guided onboarding checklist",
                   "New accounts get lost between signup and the first report.", "validated"),
    HypothesisSpec("Growth", "Social sign-up will raise daily signups by 20 %", "Signups", "relative", 0.20,
                   date(2026, 4, 20), "Sign up with Google and Microsoft",
                   "A third of visitors abandon the signup form.", "partial", guardrail="Activation rate"),
    HypothesisSpec("Growth", "A shorter signup form will raise trial-to-paid conversion by 10 %",
                   "Trial-to-paid conversion", "relative", 0.10, date(2026, 3, 2), "Three-field signup form",
                   "Fewer fields bring in more committed trials.", "invalidated"),
    HypothesisSpec("Growth", "An onboarding email series will raise onboarding completion by 5 %",
                   "Onboarding completion", "relative", 0.05, date(2026, 6, 15), "Onboarding email series",
                   "People forget to come back after day one.", "inconclusive"),
    HypothesisSpec("Growth", "A referral programme will raise signups by 10 %", "Signups", "relative", 0.10,
                   None, "Referral programme", "Happy customers know similar teams.", "planned"),
    HypothesisSpec("Core Product", "Report builder v2 will raise reports created by 20 %", "Reports created",
                   "relative", 0.20, date(2026, 3, 16), "Report builder v2",
                   "The old builder needs too many clicks for a simple report.", "validated",
                   guardrail="Page load time p95"),
    HypothesisSpec("Core Product", "Query caching will cut p95 page load time by 25 %", "Page load time p95",
                   "relative", -0.25, date(2026, 5, 4), "Dashboard query caching",
                   "Most dashboard queries repeat within minutes.", "validated", guardrail="Support tickets"),
    HypothesisSpec("Core Product", "In-app templates will cut time to first value by 20 %", "Time to first value",
                   "relative", -0.20, date(2026, 7, 6), "In-app report templates",
                   "A blank canvas slows new users down.", "partial"),
    HypothesisSpec("Core Product", "An in-app help centre will raise NPS by 5 points", "NPS", "absolute", 5.0,
                   date(2026, 9, 7), "In-app help centre",
                   "People who cannot find answers rate us lower.", "measuring", window=28),
    HypothesisSpec("Core Product", "Dark mode will cut support tickets by 10 %", "Support tickets", "relative",
                   -0.10, date(2026, 9, 14), "Dark mode",
                   "Many tickets complain about eye strain.", "invalidated"),
    HypothesisSpec("Monetization", "An annual plan discount will raise trial-to-paid conversion by 15 %",
                   "Trial-to-paid conversion", "relative", 0.15, date(2026, 6, 1), "Annual plan with 2 months free",
                   "Buyers want budget certainty.", "validated", guardrail="MRR"),
    HypothesisSpec("Monetization", "A usage-based pricing page will raise expansion revenue by 25 %",
                   "Expansion revenue", "relative", 0.25, date(2026, 4, 13), "Usage-based pricing page",
                   "Customers do not see when an upgrade pays off.", "inconclusive"),
    HypothesisSpec("Monetization", "A pause option in the cancellation flow will cut churn by 0.3 pp",
                   "Churn rate", "pp", -0.3, date(2026, 8, 3), "Pause instead of cancel",
                   "Seasonal customers cancel when they only need a break.", "validated", guardrail="MRR"),
    HypothesisSpec("Monetization", "Seat-based upsell prompts will raise MRR by 3 %", "MRR", "relative", 0.03,
                   date(2026, 11, 20), "Seat-based upsell prompts",
                   "Teams add colleagues but stay on the smallest plan.", "measuring"),
    HypothesisSpec("Monetization", "Clearer pricing page copy will raise trial-to-paid conversion by 5 %",
                   "Trial-to-paid conversion", "relative", 0.05, None, "Pricing page copy refresh",
                   "Visitors misread what the Pro plan includes.", "idea"),
    HypothesisSpec("Monetization", "A German checkout will raise checkout starts in Germany by 10 %",
                   "Checkout starts", "relative", 0.10, date(2026, 9, 21), "Checkout in German",
                   "German visitors drop off at the English payment page.", "validated",
                   segment="DE", control_segments="FR, NL"),
]

FEATURES = {
    "Growth": [
        "Landing page redesign", "Trial extension offer", "Welcome video", "Signup A/B framework",
        "Product tour tooltips", "UTM tracking fix", "Invite teammates step", "Empty-state guidance",
        "Lifecycle email tooling", "Newsletter signup", "Pricing FAQ", "Onboarding survey",
        "SEO templates gallery", "Partner landing pages", "Webinar registration", "Signup bot protection",
        "Localised landing pages (DE, FR)", "Demo booking widget", "Trial progress banner",
        "Use-case quiz on signup", "Activation dashboard for CSMs", "Sample data workspace",
        "Cookie banner rework", "Referral tracking links", "Integration directory page",
        "Customer stories page", "Free-tier limits copy", "Reactivation email", "Signup speed fixes",
        "Self-serve team invites", "Changelog page", "In-app NPS survey", "Magic link login",
        "Password reset flow fix", "Affiliate payouts report",
    ],
    "Core Product": [
        "CSV export for reports", "Chart annotations", "Scheduled reports", "Report sharing links",
        "Custom date ranges", "Filter presets", "Keyboard shortcuts", "Table pivot view",
        "Comments on reports", "Audit log", "SSO with SAML", "API rate limit headers",
        "Mobile report view", "Data source health check", "Bulk edit dashboards", "Dashboard folders",
        "Drill-down on charts", "Embedded reports", "BigQuery connector", "Snowflake connector",
        "Report version history", "Alerts on thresholds", "Dark theme for charts", "Timezone settings",
        "PDF export", "Query timeout handling", "Column formatting rules", "Role-based access",
        "Public API v2", "Webhook retries", "Report duplication", "Search across dashboards",
        "Accessibility fixes", "Faster CSV import", "Workspace templates",
    ],
    "Monetization": [
        "Invoice PDF redesign", "VAT ID validation", "Seat management page", "Plan comparison table",
        "Dunning emails", "Coupon codes", "Usage meter in settings", "Upgrade nudges",
        "Enterprise quote form", "Payment method update", "Proration preview", "Billing contacts",
        "Revenue dashboard", "Trial-ending reminder", "Downgrade survey", "SEPA direct debit",
        "Annual invoice reminders", "Tax rates for Switzerland", "Self-serve plan change",
        "Add-on purchase flow", "Credit notes", "Purchase orders for enterprise", "Billing audit trail",
        "Currency selector", "Seat overage alerts", "Checkout page speed", "Failed payment retry logic",
        "Enterprise SSO upsell", "Invoice email templates", "Price localisation", "Refund workflow",
        "Usage export for finance", "Reseller accounts", "Billing API", "Pricing page analytics",
    ],
}
TYPES = ["feature", "feature", "feature", "story", "story", "bug", "release", "epic", "task"]


# Check-in comments: the same few situations, worded for the key result and the week, so that the
# history reads like notes people wrote rather than one sentence repeated.
CHECK_IN_COMMENTS = [
    "On plan.", "Release slipped a week.", "Data looks noisy, watching.", "Good momentum after the launch.",
    "Waiting for the next export.", "Blocked on design review.",
]
_COMMENT_VARIANTS = {
    "On plan.": ["On plan.", "Week {week}: on plan for “{kr}”.", "Still on plan; no change to the forecast.",
                 "Tracking as expected this week."],
    "Release slipped a week.": ["Release slipped a week.", "The release behind “{kr}” moved by a week.",
                                "Slipped again: shipping next sprint.", "One week late, scope unchanged."],
    "Data looks noisy, watching.": ["Data looks noisy, watching.", "Noisy week for “{kr}”; not reading much into it.",
                                    "Big swing in the numbers, waiting for a second week.", "Seasonal dip, as last year."],
    "Good momentum after the launch.": ["Good momentum after the launch.", "Launch landed well; “{kr}” moving.",
                                        "First customers asking for more.", "Week {week}: the best week so far."],
    "Waiting for the next export.": ["Waiting for the next export.", "No fresh numbers yet for “{kr}”.",
                                     "Export delayed by the data team.", "Numbers due Monday."],
    "Blocked on design review.": ["Blocked on design review.", "Design review pending for week {week}.",
                                  "Waiting on design sign-off.", "Unblocked late in the week; catching up."],
}


def _check_in_comment(base: str, kr_title: str, week: int) -> str:
    """One of the situation's wordings, chosen by key result and week (no random draw: the numbers stay)."""
    variants = _COMMENT_VARIANTS.get(str(base), [str(base)])
    index = (sum(map(ord, kr_title)) + week) % len(variants)
    return variants[index].format(week=week, kr=kr_title)


def _series(spec: MetricSpec, rng: np.random.Generator, factor: float = 1.0,
            steps_override: list[tuple[date, float]] | None = None) -> np.ndarray:
    days = (DATA_END - DATA_START).days + 1
    dates = [DATA_START + timedelta(days=i) for i in range(days)]
    t = np.arange(days) / 365.0
    level = spec.level * factor * (1 + spec.trend * t) * (1 + spec.swing * np.sin(2 * np.pi * np.arange(days) / 63))
    weekday = np.array([d.weekday() for d in dates])
    weekly = np.where(weekday >= 5, 1 - spec.weekly, 1 + spec.weekly * 2 / 5)
    steps = np.ones(days)
    for when, size in spec.steps if steps_override is None else steps_override:
        steps *= np.where(np.array(dates) >= when, 1 + size, 1.0)
    values = level * weekly * steps * (1 + rng.normal(0, spec.noise, days))
    if spec.aggregation == "last":  # cumulative-looking series (MRR) move smoothly
        values = level * steps * (1 + np.cumsum(rng.normal(0, spec.noise / 4, days)) / 10)
    return np.round(np.maximum(values, 0), spec.decimals)


def _clear(session: Session) -> None:
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name != "data_version":  # the counter keeps counting, so cached reads never match old data
            session.exec(delete(table))


def load_demo(engine: Engine, *, reset: bool = False, user: str = DEMO_USER) -> dict[str, int]:
    """Write the demo workspace (into an empty database, or replacing everything with `reset`)."""
    from dashboard.db import is_empty

    if not reset and not is_empty(engine):
        raise ValueError("the database already holds data; use --reset to replace it with the demo")
    rng = np.random.default_rng(SEED)
    now = utcnow()
    audit = {"created_at": now, "created_by": user, "updated_at": now, "updated_by": user}
    counts: dict[str, int] = {}
    with Session(engine, expire_on_commit=False, info={"audit": False}) as session:  # a sample, not a change
        _clear(session)
        teams = {name: Team(name=name, **audit) for name in TEAMS}
        session.add_all(teams.values())
        session.flush()

        metrics: dict[str, Metric] = {}
        for spec in METRICS:
            metrics[spec.name] = Metric(
                name=spec.name, unit=spec.unit, direction=spec.direction, aggregation=spec.aggregation,
                kind=spec.kind, description=spec.description, **audit,
            )
        session.add_all(metrics.values())
        session.flush()

        rows = []
        days = (DATA_END - DATA_START).days + 1
        dates = [DATA_START + timedelta(days=i) for i in range(days)]
        series: dict[str, np.ndarray] = {}
        for spec in METRICS:
            if spec.segment_steps:
                # Stored per country only, from its own random stream (the other series stay as they are).
                own = np.random.default_rng(SEED + 1)
                parts = {name: _series(spec, own, factor, spec.segment_steps.get(name, []))
                         for name, factor in spec.segments.items()}
                series[spec.name] = np.sum(list(parts.values()), axis=0)
                rows.extend(
                    {"metric_id": metrics[spec.name].id, "date": d, "segment": name, "value": float(v), **audit}
                    for name, vals in parts.items() for d, v in zip(dates, vals, strict=True)
                )
                continue
            values = _series(spec, rng)
            series[spec.name] = values
            for segment_name, factor in {"": 1.0, **spec.segments}.items():
                vals = values if segment_name == "" else _series(spec, rng, factor)
                mid = metrics[spec.name].id
                rows.extend(
                    {"metric_id": mid, "date": d, "segment": segment_name, "value": float(v), **audit}
                    for d, v in zip(dates, vals, strict=True)
                    if not spec.weekly_only or d.weekday() == 0
                )
        session.exec(insert(MetricValue), params=rows)
        counts["metric_values"] = len(rows)

        # Outputs: the releases behind the hypotheses, plus the rest of each team's work.
        outputs: dict[str, Output] = {}
        numbers = dict.fromkeys(TEAMS, 100)

        def add_output(team: str, title: str, shipped: date | None, otype: str) -> Output:
            numbers[team] += 1
            key = f"{TEAM_PREFIX[team]}-{numbers[team]}"
            out = Output(
                key=key, title=title, type=otype, team_id=teams[team].id,
                status="Done" if shipped else ("In Progress" if rng.random() < 0.6 else "To Do"),
                shipped_on=shipped, link=f"https://tracker.example.com/browse/{key}",
                labels=[team.lower().replace(" ", "-")], sprints=[], fix_versions=[], components=[], **audit,
            )
            if shipped:
                sprint = (shipped - date(2026, 1, 5)).days // 14 + 1
                out.sprints = [f"{TEAM_PREFIX[team]} Sprint {max(sprint, 1)}"]
                out.fix_versions = [f"2026.{shipped.month}"]
            outputs[key] = out
            return out

        hyp_outputs: dict[int, Output] = {}
        for i, spec in enumerate(HYPOTHESES):
            hyp_outputs[i] = add_output(spec.team, spec.output_title, spec.shipped_on, "feature")
        for team, titles in FEATURES.items():
            for j in range(35):
                title = titles[j % len(titles)]
                shipped = None
                if rng.random() > 0.1:
                    shipped = date(2026, 1, 5) + timedelta(days=int(rng.integers(0, 323)))
                add_output(team, title, shipped, TYPES[int(rng.integers(0, len(TYPES)))])
        session.add_all(outputs.values())
        session.flush()
        counts["outputs"] = len(outputs)

        # Objectives and key results (baselines from the data at the quarter's start).
        aggregation = {spec.name: spec.aggregation for spec in METRICS}

        def value_at(metric: str, day: date) -> float:
            # The metric's aggregation over the 7 days before `day`, as key results count it.
            idx = (day - DATA_START).days
            window = series[metric][max(idx - 7, 0) : idx]
            how = aggregation[metric]
            value = window.sum() if how == "sum" else (window[-1] if how == "last" else window.mean())
            return float(np.round(value, 2))

        objectives: dict[str, Objective] = {}
        key_results: list[tuple[KeyResult, str]] = []
        okr_plan = [
            ("2026-Q1", "Growth", "New accounts find value in their first week", "Mara Schulz", "achieved",
             [("Raise activation rate to 42 %", "Activation rate", None, 42.0, 44.0),
              ("Grow signups to 950 a week", "Signups", None, 950.0, None),
              ("Interview 15 new accounts", None, 0.0, 15.0, None)]),
            ("2026-Q1", "Core Product", "Reporting becomes the fastest part of the product", "Jonas Weber", "missed",
             [("Reports created to 4,000 a week", "Reports created", None, 4000.0, 4400.0),
              ("Cut p95 page load time to 1,300 ms", "Page load time p95", None, 1300.0, None)]),
            ("2026-Q2", "Core Product", "Dashboards feel instant", "Jonas Weber", "achieved",
             [("Cut p95 page load time to 1,100 ms", "Page load time p95", None, 1100.0, 1000.0),
              ("Support tickets below 400 a week", "Support tickets", None, 400.0, None),
              ("Move 20 largest accounts to cached queries", None, 0.0, 20.0, None)]),
            ("2026-Q2", "Monetization", "More trials become paying customers", "Lea Fischer", "achieved",
             [("Trial-to-paid conversion to 14.5 %", "Trial-to-paid conversion", None, 14.5, 16.0),
              ("Expansion revenue to 13,000 € a week", "Expansion revenue", None, 13000.0, None)]),
            ("2026-Q3", "Growth", "Onboarding that people finish", "Mara Schulz", "missed",
             [("Onboarding completion to 62 %", "Onboarding completion", None, 62.0, None),
              ("Time to first value under 24 h", "Time to first value", None, 24.0, 20.0),
              ("Run 4 onboarding experiments", None, 0.0, 4.0, None)]),
            ("2026-Q3", "Monetization", "Keep the customers we have", "Lea Fischer", "achieved",
             [("Churn rate down to 1.8 %", "Churn rate", None, 1.8, 1.6),
              ("MRR to 520,000 €", "MRR", None, 520_000.0, None)]),
            ("2026-Q4", None, "Make weekly active accounts the number everyone moves", "Sofia Brandt", "active",
             [("Weekly active accounts to 2,300", "Weekly active accounts", None, 2300.0, 2450.0),
              ("MRR to 560,000 €", "MRR", None, 560_000.0, None)]),
            ("2026-Q4", "Growth", "Turn more signups into active accounts", "Mara Schulz", "active",
             [("Activation rate to 48 %", "Activation rate", None, 48.0, None),
              ("Signups to 1,150 a week", "Signups", None, 1150.0, 1250.0),
              ("Launch the referral programme to 200 accounts", None, 0.0, 200.0, None)]),
            ("2026-Q4", "Core Product", "Teams use reports every week", "Jonas Weber", "active",
             [("Reports created to 5,600 a week", "Reports created", None, 5600.0, None),
              ("Time to first value under 22 h", "Time to first value", None, 22.0, None),
              ("Interview 12 teams about their weekly reporting", None, 0.0, 12.0, None)]),
            ("2026-Q4", "Monetization", "Grow revenue from existing customers", "Lea Fischer", "active",
             [("Expansion revenue to 14,000 € a week", "Expansion revenue", None, 14000.0, 16000.0),
              ("Churn rate under 1.6 %", "Churn rate", None, 1.6, None)]),
        ]
        from dashboard.analysis.periods import quarter_bounds

        for period, team, title, owner, status, krs in okr_plan:
            obj = Objective(
                title=title, description="", team_id=teams[team].id if team else None, period=period,
                owner=owner, status=status, closing_note="" if status == "active" else
                ("Reached on the back of the releases we bet on." if status == "achieved"
                 else "The releases shipped but the numbers did not follow; see the learnings."),
                aligned_to_north_star=team is None, **audit,
            )
            objectives[title] = obj
            start, _ = quarter_bounds(period)
            for kr_title, metric, baseline, target, stretch in krs:
                unit = metrics[metric].unit if metric else "count"
                if metric:
                    baseline = value_at(metric, start)
                kr = KeyResult(
                    objective_id=0, title=kr_title, metric_id=metrics[metric].id if metric else None,
                    baseline=baseline, target=target, stretch=stretch, unit=unit, **audit,
                )
                key_results.append((kr, title))
        session.add_all(objectives.values())
        session.flush()
        for kr, obj_title in key_results:
            kr.objective_id = objectives[obj_title].id
        session.add_all([kr for kr, _ in key_results])
        session.flush()
        company = objectives["Make weekly active accounts the number everyone moves"]
        for obj in objectives.values():
            if obj.period == "2026-Q4" and obj.id != company.id:
                session.add(ObjectiveParent(child_id=obj.id, parent_id=company.id))
        counts["objectives"] = len(objectives)
        counts["key_results"] = len(key_results)

        # Weekly check-ins: confidence for every key result, values for the manual ones.
        checkins = []
        for kr, obj_title in key_results:
            start, end = quarter_bounds(objectives[obj_title].period)
            day = start + timedelta(days=6)
            week = 0
            last = min(end, DATA_END)
            weeks = max(((last - start).days // 7), 1)
            while day <= last:
                week += 1
                value = None
                if kr.metric_id is None:
                    share = min(1.0, week / 13 * (0.6 + 0.5 * rng.random()))
                    value = round(kr.baseline + (kr.target - kr.baseline) * share)
                confidence = int(np.clip(round(7 + rng.normal(0, 1.5) - (week > weeks * 0.7) * rng.random() * 2), 1, 10))
                comment = "" if rng.random() < 0.5 else _check_in_comment(
                    rng.choice(CHECK_IN_COMMENTS), kr.title, week)
                checkins.append(CheckIn(key_result_id=kr.id, date=day, value=value, confidence=confidence,
                                        comment=str(comment), created_at=now, created_by=user))
                day += timedelta(days=7)
        session.add_all(checkins)
        counts["check_ins"] = len(checkins)

        # Link some outputs to key results, so that part of the work counts as "linked".
        kr_by_metric: dict[int, KeyResult] = {}
        for kr, _ in key_results:
            if kr.metric_id:
                kr_by_metric.setdefault(kr.metric_id, kr)
        generic = [o for o in outputs.values() if o not in hyp_outputs.values() and o.shipped_on]
        team_metric = {"Growth": "Signups", "Core Product": "Reports created", "Monetization": "Expansion revenue"}
        team_by_id = {t.id: name for name, t in teams.items()}
        for out in generic[::3]:
            metric = metrics[team_metric[team_by_id[out.team_id]]]
            if metric.id in kr_by_metric:
                session.add(KeyResultOutput(key_result_id=kr_by_metric[metric.id].id, output_id=out.id))

        # Hypotheses with their outputs.
        hyps: list[Hypothesis] = []
        for spec in HYPOTHESES:
            hyp = Hypothesis(
                statement=spec.statement, team_id=teams[spec.team].id, metric_id=metrics[spec.metric].id,
                change_kind=spec.change_kind, expected_change=spec.expected, reason=spec.reason,
                window_days=spec.window, status=spec.status, segment=spec.segment,
                control_segments=spec.control_segments,
                guardrail_metric_id=metrics[spec.guardrail].id if spec.guardrail else None, **audit,
            )
            hyps.append(hyp)
        session.add_all(hyps)
        session.flush()
        for i, hyp in enumerate(hyps):
            session.add(HypothesisOutput(hypothesis_id=hyp.id, output_id=hyp_outputs[i].id))
        counts["hypotheses"] = len(hyps)

        learnings = [
            ("Form length is not what stops trials from buying", "Growth", [2],
             "Fewer signup fields would bring in trials that convert better.",
             "Signups went up slightly but conversion did not move at all.",
             "Qualify intent later in the trial instead of at the door."),
            ("Cosmetic features do not reduce support load", "Core Product", [9],
             "Dark mode would remove a common source of complaints.",
             "Tickets went slightly up: the launch itself raised questions.",
             "Check ticket tags before betting on a theme."),
            ("Revenue effects need longer windows than four weeks", "Monetization", [11],
             "A clearer pricing page would lift expansion revenue within a month.",
             "Expansion revenue is too noisy day to day to tell within 28 days.",
             "Use 8-week windows for revenue bets, or measure upgrades instead of euros."),
        ]
        for title, team, hyp_idx, believed, happened, next_time in learnings:
            learning = Learning(title=title, team_id=teams[team].id, believed=believed, happened=happened,
                                next_time=next_time, status="open", **audit)
            session.add(learning)
            session.flush()
            for idx in hyp_idx:
                session.add(LearningHypothesis(learning_id=learning.id, hypothesis_id=hyps[idx].id,
                                               relation="supports"))
        counts["learnings"] = len(learnings)
        # One entry for the whole sample instead of one per row it holds.
        record(session, actor=user, action="create", entity="workspace", label="Demo workspace",
               changes={name: [None, count] for name, count in counts.items()})
        session.commit()
    return counts
