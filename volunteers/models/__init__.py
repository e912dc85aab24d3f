"""The volunteers app's models: deployments (volunteers, opportunities, shifts, hours, outputs) and outreach."""

from volunteers.models.deployments import (
    CADET_AGE_LIMIT,
    MAX_HOURS,
    MAX_PLACES,
    HoursLog,
    Invitation,
    Language,
    Opportunity,
    Output,
    Shift,
    Skill,
    TrainingRecord,
    Volunteer,
)
from volunteers.models.outreach import Campaign, Target

__all__ = [
    "CADET_AGE_LIMIT",
    "MAX_HOURS",
    "MAX_PLACES",
    "Campaign",
    "HoursLog",
    "Invitation",
    "Language",
    "Opportunity",
    "Output",
    "Shift",
    "Skill",
    "Target",
    "TrainingRecord",
    "Volunteer",
]
