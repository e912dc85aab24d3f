"""A case study's texts on the public Top 10 page (its title, what was done, what came of it) that staff may
translate: those who choose the Top 10 and so put the case in front of the public, for the cases in a Top 10."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from core import registry
from practice import permissions
from practice.models import CaseStudy


def texts(case: CaseStudy) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(case, "title", "Title"),
        registry.SourceText.of(case, "what", "What they did"),
        registry.SourceText.of(case, "outcome", "What came of it"),
    ]


def _in_a_top_ten() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.filter(pk__in=CaseStudy.objects.filter(top_ten_entries__isnull=False).values("pk"))


def translatable_cases(user: Any) -> QuerySet[CaseStudy]:
    """The cases in a Top 10 (draft or published), for whoever may choose the Top 10."""
    if not permissions.publishes_top_ten(user):
        return CaseStudy.objects.none()
    return _in_a_top_ten().order_by("-held_on", "-pk")


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="case-study",
            label="Top 10 case",
            order=60,
            model=CaseStudy,
            editable=translatable_cases,
            texts=texts,
            describe=lambda case: case.title,
            back_url=lambda case: reverse("practice:case", args=[case.pk]),
            everything=_in_a_top_ten,
        )
    )
