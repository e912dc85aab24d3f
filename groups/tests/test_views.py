import datetime

import pytest
from django.urls import reverse

from core.models import AuditEntry
from equality.services import record_answers
from groups.models import CommunityGroup, JoinRequest, Member
from groups.tests.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory, WardPanelFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(ward):
    return WardPanelFactory(ward=ward, contact_email="panel@example.test")


def test_public_group_page_shows_purpose_and_join_link(client, panel):
    response = client.get(panel.get_public_url())
    assert response.status_code == 200
    assert panel.purpose in response.content.decode()
    assert reverse("groups:join", args=[panel.slug]) in response.content.decode()


def test_restricted_group_has_no_public_page(client):
    group = CommunityGroupFactory(is_public=False)
    assert client.get(reverse("groups:public_detail", args=[group.slug])).status_code == 404


def test_join_without_consent_shows_an_error_and_keeps_input(client, panel):
    response = client.post(
        reverse("groups:join", args=[panel.slug]), {"name": "Ada (demo)", "email": "ada@example.test"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick the box" in body and "Ada (demo)" in body
    assert not JoinRequest.objects.exists()


def test_join_with_consent_sends_confirmation_over_smtp(client, panel, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:join", args=[panel.slug]),
            {"name": "Ada (demo)", "email": "ada@example.test", "consent": "on", "sex": "female"},
        )
    assert response.status_code == 302
    recipients = {m["X-Rcpt-To"] for m in smtp_server.messages}
    assert recipients == {"ada@example.test", "panel@example.test"}


def test_ward_page_shows_the_ward_panel(client, panel, ward):
    response = client.get(ward.get_absolute_url())
    assert "Your ward panel and how to get involved" in response.content.decode()
    assert panel.get_public_url() in response.content.decode()


def test_officer_sees_their_panel_but_not_another_wards(client, officer, panel, other_ward):
    other = WardPanelFactory(ward=other_ward)
    client.force_login(officer)
    assert client.get(panel.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_restricted_group_is_hidden_from_staff_out_of_scope(client, officer):
    group = CommunityGroupFactory(is_public=False)  # London-wide
    client.force_login(officer)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_officer_accepts_a_join_request(client, officer, panel):
    request = JoinRequestFactory(group=panel)
    client.force_login(officer)
    response = client.post(reverse("groups:request_decide", args=[request.pk]), {"decision": "accept"})
    assert response.status_code == 302
    assert Member.objects.filter(group=panel, email=request.email).exists()


def test_reader_cannot_decide_a_request(client, make_staff, panel):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    request = JoinRequestFactory(group=panel)
    client.force_login(reader)
    assert client.post(reverse("groups:request_decide", args=[request.pk]), {"decision": "accept"}).status_code == 403


def test_overlapping_chair_shows_a_clear_error(client, officer, panel):
    MemberFactory(group=panel, role=Member.Role.CHAIR, name="First Chair (demo)")
    client.force_login(officer)
    response = client.post(
        reverse("groups:member_add", args=[panel.pk]),
        {"name": "Second Chair (demo)", "role": "chair", "term_start": "2026-03-01", "data_basis": "consent"},
    )
    assert response.status_code == 400
    assert "terms in the same role cannot overlap" in response.content.decode()


def test_representativeness_page_suppresses_and_logs(client, make_staff, panel):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    for i in range(12):
        m = MemberFactory(group=panel)
        record_answers(
            subject_key=m.subject_key, contexts=[panel.context], answers={"sex": "female" if i < 10 else "male"}
        )
    client.force_login(reader)
    response = client.get(reverse("groups:representativeness", args=[panel.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "suppressed" in body and "<svg" in body and "style=" not in body.split("<main", 1)[-1]
    assert AuditEntry.objects.filter(action="equality.aggregate_read", actor=reader).exists()


def test_representativeness_csv_shows_suppressed_cells(client, make_staff, panel):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    for i in range(12):
        m = MemberFactory(group=panel)
        record_answers(
            subject_key=m.subject_key, contexts=[panel.context], answers={"sex": "female" if i < 10 else "male"}
        )
    client.force_login(reader)
    response = client.get(reverse("groups:representativeness", args=[panel.pk]) + "?format=csv")
    text = response.content.decode()
    assert "Sex,Male,suppressed" in text  # 2, give or take 2, is under 5
    assert ",2," not in text


def test_partner_cannot_read_a_groups_equality_figures(client, make_staff, panel):
    partner = make_staff(Role.PARTNER, london_wide=True)
    client.force_login(partner)
    assert client.get(reverse("groups:representativeness", args=[panel.pk])).status_code == 404


def test_member_monitoring_link_records_and_withdraws(client, officer, panel):
    from groups.services import monitoring_token

    member = MemberFactory(group=panel)
    url = reverse("groups:monitoring", args=[monitoring_token(member)])
    assert client.post(url, {"action": "save", "sex": "male"}).status_code == 200
    from equality.models import Answer

    assert Answer.objects.count() == 1
    client.post(url, {"action": "withdraw"})
    assert Answer.objects.count() == 0


def test_forged_monitoring_link_is_refused(client):
    assert client.get(reverse("groups:monitoring", args=["forged"])).status_code == 404


def test_reports_list_groups_without_a_chair_and_ended_terms(client, officer, panel):
    MemberFactory(
        group=panel, name="Gone Member (demo)", term_start=datetime.date(2024, 1, 1), term_end=datetime.date(2025, 1, 1)
    )
    client.force_login(officer)
    body = client.get(reverse("groups:reports")).content.decode()
    assert panel.name in body and "Gone Member (demo)" in body


def test_workspace_card_lists_requests_to_join(client, officer, panel):
    JoinRequestFactory(group=panel, name="Waiting Person (demo)")
    client.force_login(officer)
    assert "Waiting Person (demo)" in client.get(reverse("workspace:home")).content.decode()


def test_reports_compare_all_groups_in_a_borough_with_the_census(client, make_staff, panel, lewisham):
    for i in range(12):
        m = MemberFactory(group=panel)
        record_answers(
            subject_key=m.subject_key, contexts=[panel.context], answers={"sex": "male" if i < 6 else "female"}
        )
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=[lewisham])
    client.force_login(champion)
    body = client.get(reverse("groups:reports") + f"?borough={lewisham.pk}").content.decode()
    assert "All groups in Lewisham together" in body
    assert "<svg" in body


def test_a_group_cannot_send_a_representative_to_a_ward_panel(client, make_staff, lewisham, panel):
    board = CommunityGroup.objects.create(
        name="Lewisham Board", kind=CommunityGroup.Kind.BOROUGH_GROUP, level=CommunityGroup.Level.BOROUGH,
        borough=lewisham, purpose="Oversight",
    )  # fmt: skip
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    response = client.get(reverse("groups:edit", args=[board.pk]))
    assert response.status_code == 200
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update(name="Lewisham Board", represented_on=panel.pk)
    response = client.post(reverse("groups:edit", args=[board.pk]), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    board.refresh_from_db()
    assert board.represented_on is None


def test_the_oversight_body_reads_every_group(client, make_staff, panel, other_ward):
    restricted = WardPanelFactory(ward=other_ward, is_public=False, name="Brixton Windrush Panel")
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    body = client.get(reverse("groups:list")).content.decode()
    assert panel.name in body and restricted.name in body
    assert client.get(reverse("groups:detail", args=[restricted.pk])).status_code == 200


def test_group_list_paging_and_csv_links_keep_the_filter(client, make_staff, lewisham):
    for n in range(51):
        CommunityGroupFactory(name=f"Lewisham group {n:02}", level="borough", borough=lewisham)
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,)))
    body = client.get(reverse("groups:list"), {"q": "Lewisham"}).content.decode()
    assert 'href="?q=Lewisham&amp;page=2"' in body
    assert 'href="?q=Lewisham&amp;format=csv"' in body
    assert "??" not in body


@pytest.mark.parametrize("board_is_public", [True, False])
def test_the_board_a_panel_reports_to_links_only_where_its_reader_may_go(client, officer, panel, board_is_public):
    """A ward officer's panel page linked to the borough board's staff page, which refused them (404)."""
    board = CommunityGroupFactory(
        name="Lewisham Safer Neighbourhood Board",
        kind=CommunityGroup.Kind.BOROUGH_GROUP,
        level=CommunityGroup.Level.BOROUGH,
        borough=panel.borough,
        is_public=board_is_public,
    )
    panel.represented_on = board
    panel.save()
    client.force_login(officer)
    html = client.get(panel.get_absolute_url()).content.decode()
    assert "Lewisham Safer Neighbourhood Board" in html
    assert f'href="{board.get_absolute_url()}"' not in html
    assert (f'href="{board.get_public_url()}"' in html) == board_is_public
    if board_is_public:
        assert client.get(board.get_public_url()).status_code == 200
