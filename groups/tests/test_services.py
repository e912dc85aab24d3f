import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import NotAllowed, ServiceError
from equality.models import Answer, Subject, SubjectContext
from equality.services import record_answers
from groups import queries, services
from groups.models import CommunityGroup, JoinRequest, Member
from groups.tests.factories import (
    BriefingPackFactory,
    CommunityGroupFactory,
    JoinRequestFactory,
    MemberFactory,
    WardPanelFactory,
)
from notifications.models import OutboundEmail
from organisations.models import Role

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def panel(ward):
    return WardPanelFactory(ward=ward)


def test_ward_panel_is_represented_on_its_borough_group(officer, ward, administrator):
    board = services.create_group(
        by=administrator,
        data={
            "name": "Lewisham SNB",
            "kind": "borough_group",
            "level": "borough",
            "borough": ward.borough,
            "purpose": "Board",
        },
    )
    panel = services.create_group(
        by=officer,
        data={
            "name": "Catford South Ward Panel",
            "kind": "ward_panel",
            "level": "ward",
            "ward": ward,
            "purpose": "Panel",
        },
    )
    assert panel.represented_on == board
    assert panel.borough == ward.borough


def test_second_ward_panel_for_a_ward_is_refused(officer, panel, ward):
    with pytest.raises(ServiceError, match="already has a ward panel"):
        services.create_group(
            by=officer, data={"name": "Another", "kind": "ward_panel", "level": "ward", "ward": ward, "purpose": "x"}
        )


def test_officer_cannot_create_a_group_outside_their_ward(officer, other_ward):
    with pytest.raises(NotAllowed):
        services.create_group(
            by=officer, data={"name": "X", "kind": "youth_panel", "level": "ward", "ward": other_ward, "purpose": "x"}
        )


def test_overlapping_chair_terms_are_refused(officer, panel):
    services.add_member(
        group=panel,
        by=officer,
        data={"name": "A (demo)", "role": "chair", "term_start": D(2026, 1, 1), "term_end": D(2026, 12, 31)},
    )
    with pytest.raises(ServiceError, match="cannot overlap"):
        services.add_member(
            group=panel, by=officer, data={"name": "B (demo)", "role": "chair", "term_start": D(2026, 6, 1)}
        )


def test_consecutive_chair_terms_are_allowed(officer, panel):
    services.add_member(
        group=panel,
        by=officer,
        data={"name": "A (demo)", "role": "chair", "term_start": D(2025, 1, 1), "term_end": D(2025, 12, 31)},
    )
    member = services.add_member(
        group=panel, by=officer, data={"name": "B (demo)", "role": "chair", "term_start": D(2026, 1, 1)}
    )
    assert member.pk


def test_same_person_twice_as_member_with_overlapping_terms_is_refused(officer, panel):
    data = {"name": "A (demo)", "email": "a@example.test", "role": "member", "term_start": D(2026, 1, 1)}
    services.add_member(group=panel, by=officer, data=data)
    with pytest.raises(ServiceError, match="overlaps"):
        services.add_member(group=panel, by=officer, data={**data, "term_start": D(2026, 3, 1)})


def test_consent_records_its_wording_and_time(officer, panel):
    member = services.add_member(group=panel, by=officer, data={"name": "A", "term_start": D(2026, 1, 1)}, consent=True)
    assert member.consent_wording == services.JOIN_CONSENT_WORDING
    assert member.consent_at is not None


def test_join_request_without_consent_is_refused(panel):
    with pytest.raises(ServiceError, match="Tick the box"):
        services.request_to_join(group=panel, data={"name": "A", "email": "a@example.test"}, consent=False)
    assert not JoinRequest.objects.exists()


def test_join_request_emails_the_asker_and_the_group(panel):
    services.request_to_join(group=panel, data={"name": "A", "email": "a@example.test"}, consent=True)
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {"a@example.test", panel.contact_email}


def test_restricted_group_takes_no_join_requests(ward):
    group = CommunityGroupFactory(is_public=False)
    with pytest.raises(ServiceError):
        services.request_to_join(group=group, data={"name": "A", "email": "a@example.test"}, consent=True)


def test_accepting_a_request_makes_a_member_and_counts_their_answers(officer, panel):
    request = services.request_to_join(
        group=panel, data={"name": "A", "email": "a@example.test"}, consent=True, equality_answers={"sex": "female"}
    )
    assert not SubjectContext.objects.exists()
    services.decide_join_request(request=request, by=officer, accept=True)
    member = Member.objects.get(group=panel)
    assert member.consent_to_contact and member.subject_key == request.subject_key
    assert SubjectContext.objects.filter(context=panel.context).count() == 1


def test_declining_a_request_deletes_their_answers(officer, panel):
    request = services.request_to_join(
        group=panel, data={"name": "A", "email": "a@example.test"}, consent=True, equality_answers={"sex": "female"}
    )
    services.decide_join_request(request=request, by=officer, accept=False)
    assert not Answer.objects.exists()
    assert OutboundEmail.objects.filter(to="a@example.test", subject__contains="your request").exists()


def test_a_request_cannot_be_decided_twice(officer, panel):
    request = JoinRequestFactory(group=panel)
    services.decide_join_request(request=request, by=officer, accept=False)
    with pytest.raises(ServiceError, match="already"):
        services.decide_join_request(request=request, by=officer, accept=True)


def test_deleting_a_member_deletes_their_equality_answers(officer, panel):
    member = MemberFactory(group=panel)
    record_answers(subject_key=member.subject_key, contexts=[panel.context], answers={"sex": "male"})
    services.remove_member(member=member, by=officer)
    assert not Subject.objects.exists()


def test_deleting_a_group_deletes_its_members_answers(panel):
    member = MemberFactory(group=panel)
    record_answers(subject_key=member.subject_key, contexts=[panel.context], answers={"sex": "male"})
    panel.delete()
    assert not Answer.objects.exists()


def test_member_contacts_lists_only_current_consenting_members(panel):
    MemberFactory(group=panel, name="Yes", email="yes@example.test")
    MemberFactory(group=panel, name="No", consent_to_contact=False)
    MemberFactory(group=panel, name="Past", term_end=D(2026, 2, 1))
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)):
        assert queries.member_contacts(panel) == [("Yes", "yes@example.test", "")]


def test_ward_panel_for_and_groups_for_ward(panel, ward, other_ward):
    london = CommunityGroupFactory(name="London IAG")
    assert queries.ward_panel_for(ward) == panel
    assert queries.ward_panel_for(other_ward) is None
    assert set(queries.groups_for_ward(ward)) == {panel, london}


def test_vacancies_report_groups_with_no_chair(panel):
    MemberFactory(group=panel, role=Member.Role.SECRETARY)
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)):
        assert queries.vacancies(panel) == ["Chair", "Vice-chair"]
        assert panel in queries.groups_with_vacancy(CommunityGroup.objects.all())


def test_briefing_document_of_a_forbidden_type_is_refused(officer):
    pack = BriefingPackFactory()
    with pytest.raises(ServiceError, match="must be one of"):
        services.add_briefing_document(pack=pack, by=officer, title="x", upload=SimpleUploadedFile("x.exe", b"MZ"))


def test_briefing_document_too_large_is_refused(officer, settings):
    pack = BriefingPackFactory()
    big = SimpleUploadedFile("x.pdf", b"0" * (services.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(ServiceError, match="smaller than 10 MB"):
        services.add_briefing_document(pack=pack, by=officer, title="x", upload=big)


def test_record_briefing_keeps_who_received_which(officer, panel):
    member = MemberFactory(group=panel)
    pack = BriefingPackFactory()
    services.record_briefing(member=member, pack=pack, by=officer, received_on=D(2026, 1, 5), how="email")
    assert member.briefings.get().pack == pack


def test_group_officer_of_supporting_unit_manages_a_london_group(make_staff):
    from organisations.tests.factories import UnitFactory

    unit = UnitFactory()
    group = CommunityGroupFactory(supporting_unit=unit)
    user = make_staff(Role.GROUP_OFFICER, unit=unit, wards=())
    from groups.permissions import can_manage

    assert can_manage(user, group)


def test_personal_data_export_and_erase(panel):
    from accounts.tests.factories import UserFactory

    user = UserFactory(email="person@example.test")
    member = MemberFactory(group=panel, email="Person@example.test")
    record_answers(subject_key=member.subject_key, contexts=[panel.context], answers={"sex": "male"})
    assert queries.export_personal_data(user)[0]["group"] == panel.name
    assert services.erase_personal_data(user) == 1
    assert not Member.objects.exists() and not Answer.objects.exists()


def test_retention_deletes_ended_memberships_and_their_name_in_the_audit_log(officer, panel):
    from core.models import AuditEntry

    member = services.add_member(
        group=panel, by=officer,
        data={"name": "Ottoline Marchbanks", "role": Member.Role.MEMBER, "term_start": D(2020, 1, 1),
              "term_end": D(2022, 1, 1)},
    )  # fmt: skip
    record_answers(subject_key=member.subject_key, contexts=[panel.context], answers={"sex": "female"})
    assert AuditEntry.objects.filter(changes__member="Ottoline Marchbanks").exists()
    assert services.expire_records(datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC)) == 0
    assert services.expire_records(datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)) == 1
    assert not Member.objects.exists() and not Subject.objects.exists()
    for entry in AuditEntry.objects.all():
        assert "Marchbanks" not in f"{entry.object_repr} {entry.changes} {entry.note}"
