"""Writes to the register, by concern (each a module of this package); callers use `activities.services.<name>`.

- `validation`: who may plan for which unit and places, and the checks every activity passes;
- `footprint`: the derived occurrence and place rows of an activity, and the cached pages it touches;
- `consultation`: prior consultation (action 3.6): asking the wards' teams, answers, objections, lapses;
- `records`: recording an activity, changing it, moving it through its statuses;
- `links`: a planner's answer to a clash: joined up, or both needed;
- `administration`: fatigue settings, minimum standards and baselines, communities of interest, operations.
"""

from activities.services.administration import (
    completed_quarters,
    quarter_start,
    record_operation,
    record_standard_baselines,
    save_community,
    save_fatigue_settings,
    save_minimum_standard,
)
from activities.services.consultation import (
    consult_local_teams,
    consultation_deadline,
    lapse_unanswered_consultations,
    overrule_objection,
    refresh_consultation_hold,
    resolve_objection,
    respond_to_consultation,
    ward_coordinators,
)
from activities.services.footprint import (
    LONG_OCCURRENCE,
    footprint_rows,
    rebuild_footprint,
)
from activities.services.links import (
    link_clash,
)
from activities.services.records import (
    DEFAULTS,
    SCHEDULE_FIELDS,
    TRANSITIONS,
    change_status,
    record_activity,
    update_activity,
)
from activities.services.validation import (
    BOUNDED_FIELDS,
    HELD_OR_LATER,
    M2M_FIELDS,
    MAX_LIST_ITEMS,
    MAX_OCCURRENCE_LENGTH,
    OUTCOME_FIELDS,
    SCALAR_FIELDS,
    plannable_units,
    validate,
)

__all__ = [
    "BOUNDED_FIELDS",
    "DEFAULTS",
    "HELD_OR_LATER",
    "LONG_OCCURRENCE",
    "M2M_FIELDS",
    "MAX_LIST_ITEMS",
    "MAX_OCCURRENCE_LENGTH",
    "OUTCOME_FIELDS",
    "SCALAR_FIELDS",
    "SCHEDULE_FIELDS",
    "TRANSITIONS",
    "change_status",
    "completed_quarters",
    "consult_local_teams",
    "consultation_deadline",
    "footprint_rows",
    "lapse_unanswered_consultations",
    "link_clash",
    "overrule_objection",
    "plannable_units",
    "quarter_start",
    "rebuild_footprint",
    "record_activity",
    "record_operation",
    "record_standard_baselines",
    "refresh_consultation_hold",
    "resolve_objection",
    "respond_to_consultation",
    "save_community",
    "save_fatigue_settings",
    "save_minimum_standard",
    "update_activity",
    "validate",
    "ward_coordinators",
]
