import pytest
from django.urls import reverse

from activities.tests.factories import ActivityFactory
from core.errors import ServiceError
from plans import services

pytestmark = pytest.mark.django_db


def test_manager_links_register_activities_and_the_public_sees_public_ones(client, action, manager):
    shown = ActivityFactory(title="Ward panel open meeting", is_public=True)
    hidden = ActivityFactory(title="Internal briefing", is_public=False)
    services.link_activities(action, by=manager, activity_ids=[shown.pk, hidden.pk])
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Ward panel open meeting" in body and "Internal briefing" not in body


def test_staff_who_may_read_the_register_follow_its_own_page(client, action, manager, reader):
    internal = ActivityFactory(title="Internal briefing", is_public=False)
    public = ActivityFactory(title="Ward panel open meeting", is_public=True)
    services.link_activities(action, by=manager, activity_ids=[internal.pk, public.pk])
    client.force_login(reader)
    body = client.get(action.get_absolute_url()).content.decode()
    assert f'href="{internal.get_absolute_url()}"' in body
    assert f'href="{public.get_absolute_url()}"' in body and f'href="{public.get_public_url()}"' not in body


def test_linking_an_unknown_activity_is_refused(action, manager):
    with pytest.raises(ServiceError) as err:
        services.link_activities(action, by=manager, activity_ids=[999999])
    assert "999999" in err.value.message


def test_action_form_links_activities_by_number(client, action, manager):
    activity = ActivityFactory(title="Street briefing")
    client.force_login(manager)
    url = reverse("plans:action_edit", args=[action.plan.slug, action.pk])
    response = client.post(
        url, {"reference": "1.1", "description": "D", "lead_text": "CO11", "activity_ids": f"{activity.pk}"}
    )
    assert response.status_code == 302
    assert list(action.activities.all()) == [activity]
    bad = client.post(url, {"reference": "1.1", "description": "D", "activity_ids": "abc"})
    assert bad.status_code == 400


def test_annual_review_keeps_the_activity_links(action, manager):
    activity = ActivityFactory()
    services.link_activities(action, by=manager, activity_ids=[activity.pk])
    from datetime import date

    new = services.review_plan(action.plan, by=manager, issued_on=date(2026, 4, 1))
    assert list(new.actions.get().activities.all()) == [activity]
