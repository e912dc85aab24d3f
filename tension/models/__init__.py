"""Community tension: weekly assessments per borough (and London), the items of information behind them, and
tier-3 records of critical incidents and events with their impact assessments, advisory cell and timeline.

Restricted information (OFFICIAL-SENSITIVE): read only through `tension.permissions`, every read audited.
"""

from tension.models.assessments import AreaLevel, Assessment, Item
from tension.models.common import MARKING
from tension.models.incidents import (
    Advice,
    AdvisoryMember,
    ImpactAssessment,
    Incident,
    KinContact,
    TimelineEntry,
)

__all__ = [
    "MARKING",
    "Advice",
    "AdvisoryMember",
    "AreaLevel",
    "Assessment",
    "ImpactAssessment",
    "Incident",
    "Item",
    "KinContact",
    "TimelineEntry",
]
