"""Equality-monitoring answers: special category data, kept apart from any contact details.

A subject is known here only by an opaque random key that the member or respondent record holds.
No names, emails or links to other tables live in these tables. Answers are read only in aggregate
(see `equality.queries`), and there is deliberately no admin for them.
"""

import secrets

from django.core.validators import MaxValueValidator
from django.db import models

from core import bounds

RECORD_KEY_BASE = 256


def new_subject_key() -> str:
    """An opaque random key for a new subject (store it on the member or respondent record)."""
    return secrets.token_urlsafe(24)


def new_record_key() -> int:
    """A random record key for the cell-key method (see `equality.disclosure`): 0 to 255."""
    return secrets.randbelow(RECORD_KEY_BASE)


class Subject(models.Model):
    key = models.CharField(max_length=64, unique=True)
    # Kept with the answers and never shown: the noise added to every count this person is in comes from it.
    record_key = models.PositiveSmallIntegerField(
        default=new_record_key, editable=False, validators=[MaxValueValidator(RECORD_KEY_BASE - 1)]
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        # A key outside the table the cell-key method reads would break every published count it is in.
        constraints = [bounds.number_within("record_key", "equality_subject_record_key_in_range", RECORD_KEY_BASE - 1)]

    def __str__(self) -> str:
        return "Equality monitoring subject"


class SubjectContext(models.Model):
    """A context the subject's answers count towards, e.g. "group:12", "consultation:5"."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="contexts")
    context = models.CharField(max_length=60, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "context"], name="equality_subject_context_unique")]

    def __str__(self) -> str:
        return self.context


class Answer(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "question"], name="equality_answer_unique")]
        indexes = [models.Index(fields=["question", "answer"])]

    def __str__(self) -> str:
        return "Equality answer"  # never the answer itself
