"""A volunteer's data in their export, and gone when they are erased; a guardian's details come off a cadet."""

import pytest

from accounts import services as accounts
from core.models import AuditEntry
from core.personal import EmailHolder
from volunteers import services
from volunteers.models import Output, Shift, Volunteer

from .conftest import birthday

pytestmark = pytest.mark.django_db


def test_export_and_erasure(post, hub, make_volunteer, lewisham):
    volunteer = make_volunteer(name="Quentin Erasable")
    opportunity = post()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    services.record_output(
        by=hub, opportunity=opportunity, shift=invitation.shift, data={"kind": "homes", "count": 5, "borough": lewisham}
    )
    exported = accounts.export_personal_data(volunteer.user)["volunteers"]
    assert exported[0]["name"] == "Quentin Erasable" and exported[0]["shifts"]
    accounts.delete_account(volunteer.user)
    assert not Volunteer.objects.filter(pk=volunteer.pk).exists()
    assert not Shift.objects.exists()
    assert Output.objects.get().shift is None  # the count stays, about no one
    assert not AuditEntry.objects.filter(object_repr__contains="Quentin Erasable").exists()


def test_a_guardian_erasing_their_data_leaves_the_cadet(make_volunteer):
    cadet = make_volunteer(
        kind=Volunteer.Kind.CADET,
        date_of_birth=birthday(15),
        guardian_name="Gwen Guardian",
        guardian_phone="1",
        guardian_email="gwen@example.test",
    )
    accounts.erase_by_email(EmailHolder(email="gwen@example.test"))
    cadet.refresh_from_db()
    assert cadet.guardian_name == "" and cadet.guardian_email == ""
