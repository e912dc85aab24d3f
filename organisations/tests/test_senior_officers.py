"""Senior officers' public profiles: the staff pages, the rule that guards them and the police.uk answer."""

from typing import Any

import pytest
from django.urls import reverse

from core.models import AuditEntry
from organisations.models import PoliceForce, Role, SeniorOfficer

pytestmark = pytest.mark.django_db

PEOPLE = "/api/police-uk/forces/{force}/people"


def _profile(**overrides: Any) -> dict[str, Any]:
    data = {
        "force": "metropolitan",
        "name": "Commander Avery Quill",
        "rank": "Commander",
        "bio": "Leads neighbourhood policing.\n\nJoined in <2001> & never left.",
        "email": "frontline.commander@police.example.test",
        "telephone": "020 7946 0123",
        "web": "",
        "twitter": "https://x.com/example",
        "facebook": "",
        "youtube": "",
        "order": "1",
        "is_published": "on",
    }
    return {**data, **overrides}


def test_an_administrator_publishes_a_profile_with_audit(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    assert client.get(reverse("organisations:senior_officer_create")).status_code == 200
    response = client.post(reverse("organisations:senior_officer_create"), _profile())
    assert response.status_code == 302
    officer = SeniorOfficer.objects.get()
    assert officer.is_published and officer.rank == "Commander"
    entry = AuditEntry.objects.get(action="senior_officer.created", object_id=str(officer.pk))
    assert entry.actor == administrator and entry.changes["name"] == "Commander Avery Quill"
    html = client.get(reverse("organisations:senior_officers")).content.decode()
    assert "Commander Avery Quill" in html and "Published" in html


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:senior_officer_create"),
        _profile(email="not an address", telephone="call me", twitter="@handle", name=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a valid email address" in html
    assert "Enter a telephone number using digits" in html
    assert "Enter a valid URL" in html
    assert not SeniorOfficer.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="senior_officer.").exists()


def test_an_over_long_biography_is_refused(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    response = client.post(reverse("organisations:senior_officer_create"), _profile(bio="x" * 2001))
    assert response.status_code == 400
    assert not SeniorOfficer.objects.exists()


def test_a_change_is_audited_and_unpublishing_hides_the_profile(client: Any, administrator: Any) -> None:
    officer = SeniorOfficer.objects.create(name="Commander Avery Quill", rank="Commander", is_published=True)
    client.force_login(administrator)
    url = reverse("organisations:senior_officer_edit", args=[officer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _profile(is_published="", rank="Deputy Assistant Commissioner"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="senior_officer.changed", object_id=str(officer.pk))
    assert entry.changes["rank"] == ["Commander", "Deputy Assistant Commissioner"]
    assert entry.changes["is_published"] == [True, False]
    assert client.get(PEOPLE.format(force="metropolitan")).json() == []


def test_an_administrator_removes_a_profile_after_confirming(client: Any, administrator: Any) -> None:
    officer = SeniorOfficer.objects.create(name="Commander Avery Quill", rank="Commander")
    client.force_login(administrator)
    url = reverse("organisations:senior_officer_remove", args=[officer.pk])
    assert "Remove the profile of Commander Avery Quill?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not SeniorOfficer.objects.exists()
    assert AuditEntry.objects.filter(action="senior_officer.removed", object_id=str(officer.pk)).exists()


def test_another_role_is_refused(client: Any, officer: Any) -> None:
    client.force_login(officer)
    assert client.get(reverse("organisations:senior_officers")).status_code == 403
    assert client.post(reverse("organisations:senior_officer_create"), _profile()).status_code == 403
    assert not SeniorOfficer.objects.exists()


def test_an_administrator_of_one_borough_is_refused(client: Any, make_staff: Any, lewisham: Any) -> None:
    borough_admin = make_staff(Role.ADMINISTRATOR, boroughs=(lewisham,))
    client.force_login(borough_admin)
    assert client.post(reverse("organisations:senior_officer_create"), _profile()).status_code == 403
    assert not SeniorOfficer.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client: Any, db: Any) -> None:
    response = client.get(reverse("organisations:senior_officers"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_police_uk_answer_has_police_uks_shape_for_published_profiles_only(client: Any, db: Any) -> None:
    SeniorOfficer.objects.create(
        force=PoliceForce.METROPOLITAN,
        name="Commander Avery Quill",
        rank="Commander",
        bio="Leads neighbourhood policing.\n\nJoined in <2001> & never left.",
        email="frontline.commander@police.example.test",
        twitter="https://x.com/example",
        order=2,
        is_published=True,
    )
    SeniorOfficer.objects.create(name="Chief Superintendent Sol Reyes", rank="Chief Superintendent", order=1)
    SeniorOfficer.objects.create(
        force=PoliceForce.CITY_OF_LONDON, name="Commander Lee Marsh", rank="Commander", is_published=True
    )
    assert client.get(PEOPLE.format(force="metropolitan")).json() == [
        {
            "name": "Commander Avery Quill",
            "rank": "Commander",
            "bio": "<p>Leads neighbourhood policing.</p>\n\n<p>Joined in &lt;2001&gt; &amp; never left.</p>",
            "contact_details": {
                "email": "frontline.commander@police.example.test",
                "twitter": "https://x.com/example",
            },
        }
    ]
    assert client.get(PEOPLE.format(force="city-of-london")).json() == [
        {"name": "Commander Lee Marsh", "rank": "Commander", "bio": None, "contact_details": {}}
    ]
    assert client.get(PEOPLE.format(force="leicestershire")).status_code == 404


def test_the_profile_never_carries_the_accounts_own_contact_details(
    client: Any, administrator: Any, officer: Any
) -> None:
    client.force_login(administrator)
    client.post(reverse("organisations:senior_officer_create"), _profile(name=str(officer), email="", telephone=""))
    (person,) = client.get(PEOPLE.format(force="metropolitan")).json()
    assert person["contact_details"] == {"twitter": "https://x.com/example"}
    assert officer.email not in str(person)
