"""The standard equality-monitoring questions (ONS Census 2021 wording where there is one).

Each question lists its answers as (value, label). `summary` maps an answer to the category shown in
aggregates (ethnic group answers are shown by the five high-level ONS groups plus "other"); `census`
maps a summary category to the Census 2021 category it is compared with (None: not compared).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = gettext_noop("Prefer not to say")


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    hint: str
    options: tuple[tuple[str, str], ...]
    summary: dict[str, str] = field(default_factory=dict)  # answer value -> summary category label
    census_topic: str = ""
    census: dict[str, str | None] = field(default_factory=dict)  # summary label -> census category
    census_note: str = ""

    def choices(self) -> list[tuple[str, str]]:
        return [*self.options, (PREFER_NOT, PREFER_NOT_LABEL)]

    def values(self) -> set[str]:
        return {v for v, _ in self.choices()}

    def summary_of(self, value: str) -> str:
        if value == PREFER_NOT:
            return PREFER_NOT_LABEL
        return self.summary.get(value) or dict(self.options).get(value, value)

    def summary_categories(self) -> list[str]:
        """Summary categories in display order (without "Prefer not to say")."""
        seen: list[str] = []
        for value, _ in self.options:
            label = self.summary_of(value)
            if label not in seen:
                seen.append(label)
        return seen


ASIAN = "Asian, Asian British or Asian Welsh"
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
MIXED = "Mixed or Multiple ethnic groups"
WHITE = "White"
OTHER_ETHNIC = "Other ethnic group"

# The 19 detailed ONS 2021 ethnic groups, under the five high-level groups.
ETHNIC_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("asian_bangladeshi", gettext_noop("Asian or Asian British: Bangladeshi"), ASIAN),
    ("asian_chinese", gettext_noop("Asian or Asian British: Chinese"), ASIAN),
    ("asian_indian", gettext_noop("Asian or Asian British: Indian"), ASIAN),
    ("asian_pakistani", gettext_noop("Asian or Asian British: Pakistani"), ASIAN),
    ("asian_other", gettext_noop("Asian or Asian British: any other Asian background"), ASIAN),
    ("black_african", gettext_noop("Black, Black British, Caribbean or African: African"), BLACK),
    ("black_caribbean", gettext_noop("Black, Black British, Caribbean or African: Caribbean"), BLACK),
    ("black_other", gettext_noop("Black, Black British, Caribbean or African: any other Black background"), BLACK),
    ("mixed_white_asian", gettext_noop("Mixed or multiple ethnic groups: White and Asian"), MIXED),
    ("mixed_white_black_african", gettext_noop("Mixed or multiple ethnic groups: White and Black African"), MIXED),
    ("mixed_white_black_caribbean", gettext_noop("Mixed or multiple ethnic groups: White and Black Caribbean"), MIXED),
    ("mixed_other", gettext_noop("Mixed or multiple ethnic groups: any other mixed or multiple background"), MIXED),
    ("white_british", gettext_noop("White: English, Welsh, Scottish, Northern Irish or British"), WHITE),
    ("white_irish", gettext_noop("White: Irish"), WHITE),
    ("white_gypsy_traveller", gettext_noop("White: Gypsy or Irish Traveller"), WHITE),
    ("white_roma", gettext_noop("White: Roma"), WHITE),
    ("white_other", gettext_noop("White: any other White background"), WHITE),
    ("other_arab", gettext_noop("Other ethnic group: Arab"), OTHER_ETHNIC),
    ("other_any", gettext_noop("Other ethnic group: any other ethnic group"), OTHER_ETHNIC),
)

AGE = Question(
    key="age_band",
    label=gettext_noop("What is your age?"),
    hint="",
    options=(
        ("under_15", gettext_noop("Under 15")),
        ("15_24", gettext_noop("15 to 24")),
        ("25_34", gettext_noop("25 to 34")),
        ("35_44", gettext_noop("35 to 44")),
        ("45_54", gettext_noop("45 to 54")),
        ("55_64", gettext_noop("55 to 64")),
        ("65_74", gettext_noop("65 to 74")),
        ("75_plus", gettext_noop("75 and over")),
    ),
    census_topic="Age",
    census={
        "Under 15": None,
        "15 to 24": "15 to 24",
        "25 to 34": "25 to 34",
        "35 to 44": "35 to 44",
        "45 to 54": "45 to 54",
        "55 to 64": "55 to 64",
        "65 to 74": "65 to 74",
        "75 and over": "75 and over",
    },
    census_note="Compared with residents aged 15 and over.",
)

SEX = Question(
    key="sex",
    label=gettext_noop("What is your sex?"),
    hint=gettext_noop("A question about gender identity follows."),
    options=(("female", gettext_noop("Female")), ("male", gettext_noop("Male"))),
    census_topic="Sex",
    census={"Female": "Female", "Male": "Male"},
)

GENDER_IDENTITY = Question(
    key="gender_identity",
    label=gettext_noop("Is the gender you identify with the same as your sex registered at birth?"),
    hint="",
    options=(("yes", gettext_noop("Yes")), ("no", gettext_noop("No"))),
)

ETHNIC_GROUP = Question(
    key="ethnic_group",
    label=gettext_noop("What is your ethnic group?"),
    hint=gettext_noop("Choose the option that best describes your ethnic group or background."),
    options=tuple((v, label) for v, label, _ in ETHNIC_GROUPS),
    summary={v: high for v, _, high in ETHNIC_GROUPS},
    census_topic="Ethnic group",
    census={ASIAN: ASIAN, BLACK: BLACK, MIXED: MIXED, WHITE: WHITE, OTHER_ETHNIC: OTHER_ETHNIC},
)

RELIGION = Question(
    key="religion",
    label=gettext_noop("What is your religion?"),
    hint="",
    options=(
        ("none", gettext_noop("No religion")),
        ("buddhist", gettext_noop("Buddhist")),
        ("christian", gettext_noop("Christian")),
        ("hindu", gettext_noop("Hindu")),
        ("jewish", gettext_noop("Jewish")),
        ("muslim", gettext_noop("Muslim")),
        ("sikh", gettext_noop("Sikh")),
        ("other", gettext_noop("Any other religion")),
    ),
    census_topic="Religion",
    census={
        "No religion": "No religion",
        "Buddhist": "Buddhist",
        "Christian": "Christian",
        "Hindu": "Hindu",
        "Jewish": "Jewish",
        "Muslim": "Muslim",
        "Sikh": "Sikh",
        "Any other religion": "Other religion",
    },
    census_note="Compared with residents who answered the census question on religion.",
)

SEXUAL_ORIENTATION = Question(
    key="sexual_orientation",
    label=gettext_noop("Which of the following best describes your sexual orientation?"),
    hint="",
    options=(
        ("straight", gettext_noop("Straight or heterosexual")),
        ("gay_lesbian", gettext_noop("Gay or lesbian")),
        ("bisexual", gettext_noop("Bisexual")),
        ("other", gettext_noop("Other sexual orientation")),
    ),
)

DISABILITY = Question(
    key="disability",
    label=gettext_noop(
        "Are your day-to-day activities limited because of a health problem or disability which has lasted, "
        "or is expected to last, at least 12 months?"
    ),
    hint=gettext_noop("Include problems related to old age."),
    options=(
        ("yes_a_lot", gettext_noop("Yes, limited a lot")),
        ("yes_a_little", gettext_noop("Yes, limited a little")),
        ("no", gettext_noop("No")),
    ),
    summary={"yes_a_lot": "Disabled", "yes_a_little": "Disabled", "no": "Not disabled"},
    census_topic="Disability",
    census={"Disabled": "Disabled under the Equality Act", "Not disabled": "Not disabled under the Equality Act"},
)

QUESTIONS: tuple[Question, ...] = (AGE, SEX, GENDER_IDENTITY, ETHNIC_GROUP, RELIGION, SEXUAL_ORIENTATION, DISABILITY)
BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
