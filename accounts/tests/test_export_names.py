"""A staff member's subject access export shows their audit entries without naming anyone else."""

import json

import pytest

from accounts.services import export_personal_data
from core import audit
from organisations.models import Role

pytestmark = pytest.mark.django_db

OTHER_NAME = "Zebedee Quillfeather"
OTHER_PHONE = "07700 900461"
OTHER_EMAIL = "zebedee.quill@example.test"


def test_entries_the_staff_member_wrote_show_the_people_they_name_as_references(officer):
    audit.log(
        officer,
        "member.added",
        None,
        changes={"name": OTHER_NAME, "phone": OTHER_PHONE, "email": OTHER_EMAIL, "role": "member"},
        note=f"Asked by {OTHER_EMAIL} on {OTHER_PHONE}",
    )
    exported = export_personal_data(officer)
    text = json.dumps(exported["audit"])
    assert "member.added" in text
    for value in (OTHER_NAME, OTHER_PHONE, OTHER_EMAIL):
        assert value not in text
    entry = next(e for e in exported["audit"] if e["action"] == "member.added")
    assert entry["who"] == officer.email
    assert entry["changes"]["name"].startswith("person-") and entry["changes"]["role"] == "member"
    # The same person keeps the same reference within one export.
    assert entry["changes"]["email"] in entry["note"]


def test_entries_about_the_staff_member_by_someone_else_do_not_name_the_other(officer, make_staff):
    colleague = make_staff(Role.ADMINISTRATOR, london_wide=True, email="colleague.admin@police.example.test")
    audit.log(colleague, "post.changed", officer, changes={"role": ["a", "b"]})
    exported = export_personal_data(officer)
    entry = next(e for e in exported["audit"] if e["action"] == "post.changed")
    assert colleague.email not in json.dumps(exported["audit"])
    assert entry["who"].startswith("person-")
    assert entry["record"] == str(officer)


def test_two_exports_give_the_same_person_different_references(officer):
    audit.log(officer, "member.added", None, changes={"email": OTHER_EMAIL})
    first = export_personal_data(officer)["audit"][-1]["changes"]["email"]
    second = export_personal_data(officer)["audit"][-1]["changes"]["email"]
    assert first.startswith("person-") and second.startswith("person-") and first != second
