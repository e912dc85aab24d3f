"""The service's tension scale, in one place: three tiers, six levels, shared with the national community
tensions team. Every page, form, export, API schema and check constraint reads it from here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    tier: str
    meaning: str


TIER_NORMAL = "Normal"
TIER_ELEVATED = "Elevated"
TIER_CRITICAL = "Critical"
TIERS = (TIER_NORMAL, TIER_ELEVATED, TIER_CRITICAL)

LEVELS: tuple[Level, ...] = (
    Level(1, "Low", TIER_NORMAL, "No known tension beyond everyday community concerns."),
    Level(2, "Guarded", TIER_NORMAL, "Concerns are known and being watched; no sign of escalation."),
    Level(3, "Elevated", TIER_ELEVATED, "Tension is evident; engagement and reassurance are needed."),
    Level(4, "Substantial", TIER_ELEVATED, "Tension is high and may lead to disorder; partners are engaged."),
    Level(5, "Severe", TIER_CRITICAL, "Disorder is likely or under way in places; a command structure is set up."),
    Level(6, "Critical", TIER_CRITICAL, "Serious and widespread disorder; a critical incident."),
)
MIN_LEVEL = LEVELS[0].value
MAX_LEVEL = LEVELS[-1].value
# From this level up a borough's tension is shown to engagement planners ("consult the borough lead").
NOTICE_FROM = 3
BY_VALUE = {level.value: level for level in LEVELS}
CHOICES = [(level.value, f"{level.value} — {level.label} ({level.tier.lower()})") for level in LEVELS]
SCALE_TEXT = f"a whole number from {MIN_LEVEL} to {MAX_LEVEL}"


def level(value: int | None) -> Level | None:
    return BY_VALUE.get(value) if value is not None else None


def label(value: int | None) -> str:
    found = level(value)
    return found.label if found else "Not assessed"


def tier(value: int | None) -> str:
    found = level(value)
    return found.tier if found else ""


def tag_class(value: int | None) -> str:
    """The GOV.UK tag colour of a level."""
    if value is None:
        return "govuk-tag--grey"
    if value >= 5:
        return "govuk-tag--red"
    if value >= 3:
        return "govuk-tag--orange"
    return "govuk-tag--green"
