"""The Public Attitude Survey's published headline measures, with the questionnaire's wording.

The wording is the 2021/22 MOPAC PAS questionnaire's, as quoted in public analysis code (see docs/insight.md);
administrators can correct it on the measures page. `seed_measures` adds missing ones and changes nothing else.
"""

from typing import Any

AREA = "To what extent do you agree with these statements about the police in your area? "
SOURCE = "MOPAC Public Attitude Survey questionnaire 2021/22, question {}"

MEASURES: list[dict[str, Any]] = [
    {
        "key": "informed-local",
        "label": "Informed local",
        "order": 10,
        "source": SOURCE.format("Q131"),
        "question": "How well informed do you feel about what the police in your area have been doing over the last "
        "12 months?",
    },
    {
        "key": "understand-issues",
        "label": "Understand issues",
        "order": 20,
        "source": SOURCE.format("Q62E"),
        "question": AREA + "They understand the issues that affect this community.",
    },
    {
        "key": "deal-with-what-matters",
        "label": "Deal with things that matter",
        "order": 30,
        "source": SOURCE.format("Q62F"),
        "question": AREA + "They are dealing with the things that matter to people in this community.",
    },
    {
        "key": "good-job-local",
        "label": "Good job local",
        "order": 40,
        "source": SOURCE.format("Q60"),
        "question": "Taking everything into account, how good a job do you think the police in your area are doing?",
    },
    {
        "key": "listen-to-concerns",
        "label": "Listen to concerns",
        "order": 50,
        "source": SOURCE.format("Q62TG"),
        "question": AREA + "The police in your area listen to the concerns of local people.",
    },
    {
        "key": "relied-on",
        "label": "Relied on to be there",
        "order": 60,
        "source": SOURCE.format("Q62A"),
        "question": AREA + "They can be relied on to be there when you need them.",
    },
    {
        "key": "treat-fairly",
        "label": "Treat everyone fairly",
        "order": 70,
        "source": SOURCE.format("Q62C"),
        "question": AREA + "The police in your area treat everyone fairly regardless of who they are.",
    },
    {
        "key": "contact-ward-officer",
        "label": "Contact ward officer",
        "order": 80,
        "source": SOURCE.format("NQ133A"),
        "question": "Do you know how to contact your Safer Neighbourhood Team or your Dedicated Ward Officers?",
    },
    {
        "key": "trust-mps",
        "label": "Trust MPS",
        "order": 90,
        "source": SOURCE.format("NQ135BD"),
        "question": "To what extent do you agree or disagree with the following statement: the Metropolitan Police "
        "Service is an organisation that I can trust.",
    },
]


def seed_measures(measure_model: Any) -> int:
    made = 0
    for m in MEASURES:
        _obj, created = measure_model.objects.get_or_create(
            key=m["key"], defaults={k: v for k, v in m.items() if k != "key"}
        )
        made += created
    return made
