from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Consultation, Question, Questionnaire, Section


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"consultation-{n}")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    proposal = "Move the front counter to the library."
    why_asking = "We want to know how it would affect you."
    can_change = "Opening hours and the location."
    cannot_change = "The budget."
    how_used = "A report to the borough's engagement group."
    audience = "Everyone in the borough."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    is_published = True

    @factory.post_generation
    def boroughs(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.boroughs.set(extracted)

    @factory.post_generation
    def wards(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.wards.set(extracted)


def build_survey(consultation: Consultation | None = None, **kwargs: Any) -> tuple[Consultation, dict[str, Question]]:
    """A consultation with one of each common question type; a condition shows `where` if `seen` is Yes."""
    c = consultation or ConsultationFactory(**kwargs)
    q = Questionnaire.objects.create(consultation=c, version=1)
    s = Section.objects.create(questionnaire=q, position=1, title="About your area")
    K = Question.Kind
    qs: dict[str, Question] = {}
    specs = [
        ("seen", K.SINGLE, {"options": ["Yes", "No"], "required": True}),
        ("where", K.SINGLE, {"options": ["Patrol", "Meeting"], "required": True}),
        ("safe", K.SCALE, {"required": True}),
        ("topics", K.MULTIPLE, {"options": ["Drugs", "Speeding", "Burglary"]}),
        ("rank", K.RANKING, {"options": ["A", "B", "C"]}),
        ("years", K.NUMBER, {"min_value": 0, "max_value": 100}),
        ("comment", K.LONG_TEXT, {}),
    ]
    for i, (key, kind, extra) in enumerate(specs):
        qs[key] = Question.objects.create(section=s, position=i, kind=kind, text=f"Question {key}", **extra)
    qs["where"].show_if = qs["seen"]
    qs["where"].show_if_values = ["Yes"]
    qs["where"].save()
    return c, qs
