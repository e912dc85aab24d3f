"""Reads of the register, by concern (each a module of this package); callers use `activities.queries.<name>`.

- `base`: what the others share: footprint kinds, the statuses the public sees, method weights, who is asked;
- `register`: who may see which activities, the register's filters, counts per borough and ward;
- `clashes`: proposals, the clashes they meet, and the pairs nobody has answered;
- `thresholds`: fatigue settings at work: calibrated thresholds, kept for the day;
- `fatigue`: what has been asked of each ward and community, and how heavy that is;
- `reach`: who was engaged when, and who is never asked;
- `calendar`: occurrences, a borough's month, upcoming public activities;
- `consultations`: prior consultations waiting and open objections;
- `standards`: minimum standards met or not, and their quarterly baselines.
"""

from activities.queries.base import (
    ASKS_OF_COMMUNITY,
    ASKS_OF_PUBLIC,
    DEFAULT_WEIGHTS,
    LONG,
    PUBLIC_STATUSES,
    K,
)
from activities.queries.calendar import (
    Occurrence,
    borough_month,
    occurrences,
    upcoming_public_for_borough,
    upcoming_public_for_ward,
)
from activities.queries.clashes import (
    AUDIENCE_WEIGHT,
    CLASH_ACTIVITY_FIELDS,
    CLASH_OCCURRENCES,
    FIELDS,
    PLACE_WEIGHT,
    Clash,
    ClashPair,
    Proposal,
    check_clashes,
    clash_window,
    find_clashes,
    relevance,
    standing_clashes,
    unresolved_clashes,
)
from activities.queries.consultations import (
    consultations_for_coordinator,
    consultations_waiting_for,
    objections_for_coordinator,
)
from activities.queries.fatigue import (
    FATIGUE_SORTS,
    Fatigue,
    fatigue_for_borough,
    fatigue_for_boroughs,
    fatigue_for_communities,
    fatigue_for_community,
    fatigue_for_proposal,
    fatigue_for_ward,
    sort_and_filter,
)
from activities.queries.reach import (
    LAST_ENGAGED_KEY,
    NEVER_ASKED_DAYS,
    NeverAsked,
    activities_reached,
    community_populations,
    last_engaged,
    never_asked,
    never_asked_trend,
)
from activities.queries.register import (
    Filters,
    apply_filters,
    counts_by_borough,
    counts_by_ward,
    place_q,
    public_activities,
    visible_activities,
)
from activities.queries.standards import (
    StandardResult,
    money,
    standard_result,
    standard_results,
    standard_rule,
    standard_trend,
    standards_report,
)
from activities.queries.thresholds import (
    BIN,
    CALIBRATION_WINDOWS,
    STALE_CALIBRATION_DAYS,
    THRESHOLDS_KEY,
    WARD_COUNTS_KEY,
    FatigueConfig,
    Thresholds,
    calibrate,
    fatigue_config,
    recalibrate,
    ward_counts,
)

__all__ = [
    "ASKS_OF_COMMUNITY",
    "ASKS_OF_PUBLIC",
    "AUDIENCE_WEIGHT",
    "BIN",
    "CALIBRATION_WINDOWS",
    "CLASH_ACTIVITY_FIELDS",
    "CLASH_OCCURRENCES",
    "Clash",
    "ClashPair",
    "DEFAULT_WEIGHTS",
    "FATIGUE_SORTS",
    "FIELDS",
    "Fatigue",
    "FatigueConfig",
    "Filters",
    "K",
    "LAST_ENGAGED_KEY",
    "LONG",
    "NEVER_ASKED_DAYS",
    "NeverAsked",
    "Occurrence",
    "PLACE_WEIGHT",
    "PUBLIC_STATUSES",
    "Proposal",
    "STALE_CALIBRATION_DAYS",
    "StandardResult",
    "THRESHOLDS_KEY",
    "Thresholds",
    "WARD_COUNTS_KEY",
    "activities_reached",
    "apply_filters",
    "borough_month",
    "calibrate",
    "check_clashes",
    "clash_window",
    "community_populations",
    "consultations_for_coordinator",
    "consultations_waiting_for",
    "counts_by_borough",
    "counts_by_ward",
    "fatigue_config",
    "fatigue_for_borough",
    "fatigue_for_boroughs",
    "fatigue_for_communities",
    "fatigue_for_community",
    "fatigue_for_proposal",
    "fatigue_for_ward",
    "find_clashes",
    "last_engaged",
    "money",
    "never_asked",
    "never_asked_trend",
    "objections_for_coordinator",
    "occurrences",
    "place_q",
    "public_activities",
    "recalibrate",
    "relevance",
    "sort_and_filter",
    "standard_result",
    "standard_results",
    "standard_rule",
    "standard_trend",
    "standards_report",
    "standing_clashes",
    "unresolved_clashes",
    "upcoming_public_for_borough",
    "upcoming_public_for_ward",
    "visible_activities",
    "ward_counts",
]
