"""History pages show other people named in audit entries as references, except to auditors."""

from typing import Any

import pytest
from django.urls import reverse

from activities.tests.factories import record
from core import audit
from organisations.models import Role

pytestmark = pytest.mark.django_db

MEMBER_EMAIL = "resident.person@example.test"


@pytest.fixture
def changed_unit(make_staff: Any, ward_team: Any) -> tuple[Any, Any]:
    editor = make_staff(Role.ADMINISTRATOR, london_wide=True, email="editor.admin@police.example.test")
    audit.log(
        editor,
        "unit.changed",
        ward_team,
        changes={"email": [MEMBER_EMAIL, "team@police.example.test"], "name": ["Old", "New"]},
        note=f"Asked by {MEMBER_EMAIL}",
    )
    return editor, ward_team


def _history(client: Any, unit: Any) -> str:
    response = client.get(reverse("workspace:history", args=["organisations.Unit", unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_champion_sees_other_people_in_the_history_as_references(
    client: Any, make_staff: Any, changed_unit: Any, lewisham: Any
) -> None:
    editor, unit = changed_unit
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,)))
    html = _history(client, unit)
    assert "unit.changed" in html and "Old" in html and "New" in html
    assert editor.email not in html and MEMBER_EMAIL not in html
    assert "person-" in html


def test_an_oversight_reader_sees_the_people_as_written(client: Any, make_staff: Any, changed_unit: Any) -> None:
    editor, unit = changed_unit
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    html = _history(client, unit)
    assert editor.email in html and MEMBER_EMAIL in html


def test_the_activity_page_history_names_only_the_reader_themselves(
    client: Any, make_staff: Any, ward: Any, ward_team: Any, lewisham: Any
) -> None:
    activity = record(wards=[ward], organising_unit=ward_team)
    colleague = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="colleague.pc@police.example.test")
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="champion@police.example.test")
    audit.log(colleague, "activity.changed", activity)
    audit.log(champion, "activity.checked", activity)
    client.force_login(champion)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "activity.changed" in html and "activity.checked" in html
    assert colleague.email not in html
    assert champion.email in html
