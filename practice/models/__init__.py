"""Planning from knowledge: ward engagement plans, the good-practice library and its quarterly Top 10,
and how-to guides assembled into packs for each role.

A ward's plan records the team's choices (communities to reach, methods per community, the feedback
mechanism, six-month targets); its evidence is read from other apps' queries when the plan is shown, never
copied, except into a review, which keeps what the register showed on the day it was held.
"""

from practice.models.guides import Audience, Guide, GuideVersion, Pack, PackReceipt
from practice.models.library import CaseStudy, TopTen, TopTenEntry, financial_quarter
from practice.models.plans import (
    REVIEW_DAYS,
    REVIEW_MONTHS,
    PlanCommunity,
    PlanReview,
    PlanTarget,
    WardPlan,
    next_review,
)

__all__ = [
    "REVIEW_DAYS",
    "REVIEW_MONTHS",
    "Audience",
    "CaseStudy",
    "Guide",
    "GuideVersion",
    "Pack",
    "PackReceipt",
    "PlanCommunity",
    "PlanReview",
    "PlanTarget",
    "TopTen",
    "TopTenEntry",
    "WardPlan",
    "financial_quarter",
    "next_review",
]
