import pytest

from equality.services import record_answers
from groups.tests.factories import CommunityGroupFactory, MemberFactory, WardPanelFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


def test_anonymous_sees_public_groups_only(client, ward):
    WardPanelFactory(ward=ward)
    CommunityGroupFactory(is_public=False, name="Secret IAG")
    data = client.get("/api/v1/groups/").json()
    assert [g["name"] for g in data["results"]] == ["Catford South Ward Panel"]


def test_restricted_group_is_404_to_anonymous(client):
    group = CommunityGroupFactory(is_public=False)
    assert client.get(f"/api/v1/groups/{group.pk}").status_code == 404


def test_representativeness_needs_permission(client, ward):
    panel = WardPanelFactory(ward=ward)
    response = client.get(f"/api/v1/groups/{panel.pk}/representativeness")
    assert response.status_code == 403
    assert "detail" in response.json()


def test_representativeness_shows_perturbed_counts_at_or_above_the_threshold(client, ward, make_staff):
    panel = WardPanelFactory(ward=ward)
    for i in range(20):
        m = MemberFactory(group=panel)
        record_answers(
            subject_key=m.subject_key, contexts=[panel.context], answers={"sex": "male" if i < 10 else "female"}
        )
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    data = client.get(f"/api/v1/groups/{panel.pk}/representativeness").json()
    sex = next(d for d in data["dimensions"] if d["key"] == "sex")
    assert all(8 <= r["count"] <= 12 for r in sex["rows"])  # 10 each, give or take 2
    assert data["total"] == 20 and data["minimum_population"] == 10


def test_representativeness_of_a_small_group_shows_nothing(client, ward, make_staff):
    panel = WardPanelFactory(ward=ward)
    for i in range(8):
        m = MemberFactory(group=panel)
        record_answers(subject_key=m.subject_key, contexts=[panel.context], answers={"sex": "male" if i else "female"})
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    data = client.get(f"/api/v1/groups/{panel.pk}/representativeness").json()
    assert data["dimensions"] == [] and data["total"] is None
