"""The record key the cell-key method reads is held to its table by the model and the database.

Equality answers themselves are choices checked by the forms (see test_services); the record key is never an
input, so no form or API can send one: the bound protects the published counts from a bad write.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from equality.models import RECORD_KEY_BASE, Subject

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_record_key_outside_the_cell_key_table():
    subject = Subject.objects.create(key="bounds-subject")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subject.objects.filter(pk=subject.pk).update(record_key=RECORD_KEY_BASE)


def test_full_clean_refuses_a_record_key_outside_the_cell_key_table():
    subject = Subject(key="bounds-subject", record_key=RECORD_KEY_BASE)
    with pytest.raises(ValidationError) as raised:
        subject.full_clean()
    assert "record_key" in raised.value.message_dict
