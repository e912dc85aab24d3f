"""A police.uk client written from police.uk's docs works against a live server, given only its base URL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import record
from organisations.models import Role, SeniorOfficer
from policeuk.tests.police_uk_client import Force, NotFound, PoliceAPI
from priorities.tests.factories import PriorityFactory

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_a_police_uk_client_works_by_changing_only_its_base_url(live_server, ward, ward_team, make_staff):
    ward_team.email = "catford.south@police.example.test"
    ward_team.save()
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    officer.posts.update(listed_publicly=True, job_title="PCSO")
    activity = record(wards=[ward], title="Beat surgery", starts_at=timezone.now() + timedelta(days=2))
    Activity.objects.filter(pk=activity.pk).update(consultation_pending=False)
    PriorityFactory(ward=ward, issue="Street drinking by the station")
    SeniorOfficer.objects.create(
        name="Commander Avery Quill", rank="Commander", bio="Leads neighbourhood policing.", is_published=True
    )

    police = PoliceAPI(base_url=f"{live_server.url}/api/police-uk/")

    assert ("metropolitan", "Metropolitan Police Service") in police.get_forces()
    force = police.get_force("metropolitan")
    assert isinstance(force, Force) and force.telephone == "101"
    (senior,) = police.get_senior_officers("metropolitan")
    assert (senior.name, senior.rank, senior.bio) == (
        "Commander Avery Quill",
        "Commander",
        "<p>Leads neighbourhood policing.</p>",
    )
    assert police.get_senior_officers("city-of-london") == []
    assert (ward.code, ward.name) in police.get_neighbourhoods("metropolitan")

    neighbourhood = police.get_neighbourhood("metropolitan", ward.code)
    assert neighbourhood.name == "Catford South" and neighbourhood.population == ward.population
    assert neighbourhood.contact_details["email"] == "catford.south@police.example.test"
    boundary = police.get_boundary("metropolitan", ward.code)
    assert len(boundary) > 20 and all(51.4 < lat < 51.5 for lat, _ in boundary)

    assert [(o.name, o.rank) for o in police.get_officers("metropolitan", ward.code)] == [(str(officer), "PCSO")]
    events = police.get_events("metropolitan", ward.code)
    assert [e.title for e in events] == ["Beat surgery"] and events[0].end_date > events[0].start_date
    priorities = police.get_priorities("metropolitan", ward.code)
    assert priorities[0].issue == "Street drinking by the station" and priorities[0].issue_date is not None

    assert police.locate_neighbourhood(*neighbourhood.centre) == ("metropolitan", ward.code)
    assert police.locate_neighbourhood(53.48, -2.24) is None
    with pytest.raises(NotFound):
        police.get_neighbourhood("metropolitan", "E05999999")
