from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations import queries, services, tallies
from consultations.models import Answer, Invitation, Question, Response
from consultations.tests.factories import ConsultationFactory, build_survey
from core.errors import Conflict, ServiceError

pytestmark = pytest.mark.django_db


def _raw(qs, **over):
    raw = {qs["seen"].pk: "Yes", qs["where"].pk: "Patrol", qs["safe"].pk: "4"}
    raw.update({qs[k].pk: v for k, v in over.items()})
    return raw


def test_a_complete_response_stores_one_row_per_chosen_option(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    r = services.submit_response(
        consultation=c, raw=_raw(qs, topics=["Drugs", "Speeding"], rank=["B", "A"], years="12"), idempotency_key="k1"
    )
    assert sorted(r.answers.filter(question=qs["topics"]).values_list("option", flat=True)) == ["Drugs", "Speeding"]
    assert dict(r.answers.filter(question=qs["rank"]).values_list("option", "number")) == {"B": 1, "A": 2}
    assert r.answers.get(question=qs["years"]).number == 12


def test_a_missing_required_answer_stores_nothing(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    raw = _raw(qs)
    del raw[qs["safe"].pk]
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw=raw, idempotency_key="k1")
    assert qs["safe"].field_name in exc.value.errors
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_scale_value_out_of_range_is_refused(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw=_raw(qs, safe="7"), idempotency_key="k1")
    assert "1 (strongly disagree) to 5" in exc.value.errors[qs["safe"].field_name]


def test_a_hidden_question_is_not_required_and_its_answer_is_discarded(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    raw = _raw(qs, seen="No", where="Meeting")
    r = services.submit_response(consultation=c, raw=raw, idempotency_key="k1")
    assert not r.answers.filter(question=qs["where"]).exists()
    raw2 = _raw(qs, seen="No")
    del raw2[qs["where"].pk]
    assert services.submit_response(consultation=c, raw=raw2, idempotency_key="k2").pk


def test_a_shown_conditional_question_is_required(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    raw = _raw(qs)
    del raw[qs["where"].pk]
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw=raw, idempotency_key="k1")
    assert qs["where"].field_name in exc.value.errors


def test_a_number_outside_its_limits_is_refused(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw=_raw(qs, years="101"), idempotency_key="k1")
    assert "100 or less" in exc.value.errors[qs["years"].field_name]


def test_ranking_with_a_repeated_rank_is_refused(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    with pytest.raises(services.AnswersInvalid):
        services.submit_response(consultation=c, raw=_raw(qs, rank={"A": "1", "B": "1"}), idempotency_key="k1")


def test_a_submission_after_the_close_date_is_refused(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    with time_machine.travel(c.closes_at + timedelta(minutes=1)), pytest.raises(ServiceError) as exc:
        services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1")
    assert exc.value.code == "closed"
    assert Response.objects.count() == 0


def test_the_same_idempotency_key_stores_one_response(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    first = services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="same")
    again = services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="same")
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_a_personal_link_can_be_used_once(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    services.invite(
        consultation=c, by=None, body_kind=Invitation.BodyKind.LIST, recipients=[{"email": "a@example.test"}]
    )
    token = _token_for(c)
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", token=token)
    with pytest.raises(Conflict):
        services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k2", token=token)
    assert Response.objects.count() == 1
    assert Invitation.objects.get().answered_at is not None


def test_a_tampered_link_is_refused(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    with pytest.raises(ServiceError) as exc:
        services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", token="abc:def")
    assert exc.value.code == "bad_token"


def _token_for(c):
    from notifications.models import OutboundEmail

    text = OutboundEmail.objects.filter(reason="consultations.invitation").latest("pk").text
    return text.split("invitation=")[1].split()[0]


def _file_survey(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    f = Question.objects.create(section=qs["seen"].section, position=20, kind=Question.Kind.FILE, text="Your paper")
    return c, qs, f


def test_an_upload_of_a_disallowed_type_is_refused(lewisham):
    c, qs, f = _file_survey(lewisham)
    upload = SimpleUploadedFile("evil.exe", b"MZ...")
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw={**_raw(qs), f.pk: upload}, idempotency_key="k1")
    assert "PDF" in exc.value.errors[f.field_name]
    assert Response.objects.count() == 0


def test_an_oversized_upload_is_refused(lewisham, settings):
    settings.CONSULTATION_UPLOAD_MAX_BYTES = 10
    c, qs, f = _file_survey(lewisham)
    upload = SimpleUploadedFile("paper.pdf", b"%PDF-1.4 more than ten bytes")
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw={**_raw(qs), f.pk: upload}, idempotency_key="k1")
    assert "smaller than" in exc.value.errors[f.field_name]


def test_an_allowed_upload_is_stored(lewisham):
    c, qs, f = _file_survey(lewisham)
    upload = SimpleUploadedFile("paper.txt", b"Our group's response")
    r = services.submit_response(consultation=c, raw={**_raw(qs), f.pk: upload}, idempotency_key="k1")
    stored = r.answers.get(question=f).file
    assert stored.name.endswith(".txt")


def test_a_place_answer_sets_the_responses_ward_and_borough(ward):
    c, qs = build_survey(boroughs=[ward.borough])
    p = Question.objects.create(section=qs["seen"].section, position=30, kind=Question.Kind.PLACE, text="Where?")
    r = services.submit_response(consultation=c, raw={**_raw(qs), p.pk: "Catford South"}, idempotency_key="k1")
    assert r.ward == ward and r.borough == ward.borough


def test_editing_a_questionnaire_with_answers_makes_a_new_version(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1")
    data = {"kind": "single", "text": "Changed", "options": ["Yes", "No"], "required": True}
    new_q = services.update_question(consultation=c, by=None, question=qs["seen"], data=data)
    assert c.current_questionnaire().version == 2
    assert new_q.pk != qs["seen"].pk
    qs["seen"].refresh_from_db()
    assert qs["seen"].text == "Question seen"
    moved = Question.objects.get(section__questionnaire__version=2, text="Question where")
    assert moved.show_if == new_q


def test_named_consultation_needs_name_and_email(lewisham):
    c, qs = build_survey(boroughs=[lewisham], identity="named")
    with pytest.raises(services.AnswersInvalid) as exc:
        services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1")
    assert {"name", "email"} <= set(exc.value.errors)


def test_anonymous_consultation_drops_any_contact(lewisham):
    c, qs = build_survey(boroughs=[lewisham], identity="anonymous")
    r = services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", name="X", email="x@example.test")
    assert r.name == "" and r.email == ""


def test_a_respondent_who_left_an_email_is_told_the_outcome(lewisham):
    from feedback.models import Participant

    c, qs = build_survey(boroughs=[lewisham])
    services.publish_consultation(consultation=c, by=None)
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", email="me@example.test")
    assert Participant.objects.filter(email="me@example.test", record__object_id=str(c.pk)).exists()


def test_invitations_and_reminders_are_emailed_only_to_those_who_have_not_answered(
    lewisham, smtp_server, django_capture_on_commit_callbacks
):
    c, qs = build_survey(boroughs=[lewisham])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            consultation=c,
            by=None,
            body_kind=Invitation.BodyKind.LIST,
            recipients=[{"email": "a@example.test"}, {"email": "b@example.test"}, {"email": "a@example.test"}],
        )
    assert sorted(m["X-Rcpt-To"] for m in smtp_server.messages) == ["a@example.test", "b@example.test"]
    a_token = [m for m in smtp_server.messages if m["X-Rcpt-To"] == "a@example.test"][0]
    token = a_token.get_payload(decode=True).decode().split("invitation=")[1].split()[0]
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", token=token)
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(consultation=c, by=None) == 1
    assert [m["X-Rcpt-To"] for m in smtp_server.messages] == ["b@example.test"]
    assert smtp_server.messages[0]["Subject"].startswith("Reminder")


def test_a_pasted_list_with_a_bad_address_is_refused_whole():
    with pytest.raises(ServiceError):
        services.parse_email_list("good@example.test\nnot-an-email\n")


def test_quota_counts_responses_matching_answers_and_boroughs(lewisham, lambeth):
    c, qs = build_survey(boroughs=[lewisham, lambeth])
    quota = services.add_quota(
        consultation=c,
        by=None,
        name="Seen the team, in Lewisham",
        target=10,
        boroughs=[lewisham],
        conditions=[{"question": qs["seen"].pk, "values": ["Yes"]}],
    )
    for i, (seen, borough) in enumerate([("Yes", lewisham), ("Yes", lambeth), ("No", lewisham)]):
        r = services.submit_response(consultation=c, raw=_raw(qs, seen=seen), idempotency_key=f"k{i}")
        Response.objects.filter(pk=r.pk).update(borough=borough)
    progress = queries.quota_progress(c)
    assert progress[0].quota == quota and progress[0].achieved == 1
    assert progress[0].sentence() == "Seen the team, in Lewisham: 1 of 10"


def test_the_historical_example_reports_the_seed_response_rates(london):
    from demo import consultations as demo

    c = demo.load_historical()
    sentences = [r.sentence() for r in queries.rates_by_body(c)]
    assert "Ward panels: 34 of 630 (5.4%) from 20 boroughs" in sentences
    assert "Borough engagement groups: 10 of 32 (31.2%) from 10 boroughs" in sentences
    assert "Partnerships and partners: 2 of 32 (6.2%) from 2 boroughs" in sentences
    assert not Response.objects.filter(consultation=c, is_fictional=False).exists()
    assert demo.load_historical() is None  # idempotent


def test_crosstab_suppresses_small_counts(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i in range(7):
        r = services.submit_response(
            consultation=c, raw=_raw(qs, seen="Yes" if i < 6 else "No"), idempotency_key=f"k{i}"
        )
        Response.objects.filter(pk=r.pk).update(borough=lewisham)
    tallies.rebuild(c.current_questionnaire())  # the boroughs were set behind the services' back
    table = queries.crosstab_by_borough(qs["seen"])
    assert table.rows == [("Lewisham", ["6", "fewer than 5"])]


def test_question_results_count_choices_and_percentages(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i, seen in enumerate(["Yes", "Yes", "No", "Yes"]):
        services.submit_response(consultation=c, raw=_raw(qs, seen=seen), idempotency_key=f"k{i}")
    result = next(r for r in queries.question_results(c.current_questionnaire()) if r.question == qs["seen"])
    assert [(b.label, b.count, b.percent) for b in result.bars] == [("Yes", 3, 75.0), ("No", 1, 25.0)]


def test_publishing_without_questions_is_refused(lewisham):
    c = ConsultationFactory(boroughs=[lewisham], is_published=False)
    from consultations.models import Questionnaire

    Questionnaire.objects.create(consultation=c)
    with pytest.raises(ServiceError):
        services.publish_consultation(consultation=c, by=None)


def test_closing_date_must_follow_opening(lewisham):
    now = timezone.now()
    with pytest.raises(ServiceError) as exc:
        services.create_consultation(
            by=None,
            data={"title": "T", "opens_at": now, "closes_at": now - timedelta(days=1), "boroughs": [lewisham]},
        )
    assert exc.value.field == "closes_at"


def test_inviting_ward_panels_counts_panels_as_bodies(ward, lewisham):
    from consultations import audiences
    from groups.tests.factories import MemberFactory, WardPanelFactory

    c, qs = build_survey(boroughs=[lewisham])
    panel = WardPanelFactory(ward=ward)
    MemberFactory(group=panel, email="one@example.test")
    MemberFactory(group=panel, email="two@example.test")
    n = services.invite(
        consultation=c,
        by=None,
        body_kind=Invitation.BodyKind.WARD_PANEL,
        recipients=audiences.recipients(c, "ward_panels"),
    )
    assert n == 2
    token = _token_for(c)
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", token=token)
    (row,) = queries.rates_by_body(c)
    assert row.sentence() == "Ward panels: 1 of 1 (100.0%) from 1 borough"


def test_subscribers_who_want_consultations_can_be_invited(ward, lewisham):
    from django.utils import timezone as tz

    from alerts.models import Subscriber, interests_mask
    from consultations import audiences

    c, _ = build_survey(boroughs=[lewisham])
    sub = Subscriber.objects.create(
        email="sub@example.test",
        wants_email=True,
        email_confirmed_at=tz.now(),
        status=Subscriber.Status.ACTIVE,
        interests=interests_mask(["consultations"]),
    )
    sub.boroughs.set([lewisham])
    assert [r["email"] for r in audiences.recipients(c, "subscribers")] == ["sub@example.test"]


def test_the_outcome_of_a_consultation_is_due_a_target_time_after_it_closes(lewisham, settings):
    from feedback.queries import record_for

    settings.FEEDBACK_CONSULTATION_TARGET_DAYS = 84
    c, _ = build_survey(boroughs=[lewisham])
    services.publish_consultation(consultation=c, by=None)
    assert record_for(c).due_at == c.closes_at + timedelta(days=84)
    later = c.closes_at + timedelta(days=7)
    services.update_consultation(consultation=c, by=None, data={"opens_at": c.opens_at, "closes_at": later})
    assert record_for(c).due_at == later + timedelta(days=84)


def test_an_outcome_not_published_by_its_target_is_flagged_late(lewisham):
    from feedback import services as feedback_services
    from feedback.queries import record_for

    c, _ = build_survey(boroughs=[lewisham])
    services.publish_consultation(consultation=c, by=None)
    with time_machine.travel(record_for(c).due_at + timedelta(days=1)):
        assert feedback_services.flag_overdue() == 1
    assert record_for(c).overdue_flagged_at is not None


def test_erasing_a_person_deletes_their_response_files_once_committed(lewisham, django_capture_on_commit_callbacks):
    from accounts.tests.factories import UserFactory

    user = UserFactory(email="org@example.test")
    c, qs, f = _file_survey(lewisham)
    upload = SimpleUploadedFile("paper.txt", b"Our group's response")
    r = services.submit_response(
        consultation=c, raw={**_raw(qs), f.pk: upload}, idempotency_key="k1", email="org@example.test"
    )
    stored = r.answers.get(question=f).file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_personal_data(user) == 1
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not storage.exists(name)


def test_closed_consultations_lose_respondents_contact_details_after_the_retention_period(lewisham, settings):
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(consultation=c, raw=_raw(qs), idempotency_key="k1", name="Ann Lee", email="a@example.test")
    assert services.expire_contacts(c.closes_at + timedelta(days=29)) == 0
    assert services.expire_contacts(c.closes_at + timedelta(days=31)) == 1
    r = Response.objects.get()
    assert (r.name, r.email, r.user) == ("", "", None) and r.answers.exists()


def test_invited_subscribers_count_in_the_borough_they_subscribed_for(ward, lewisham, lambeth, other_ward):
    from django.utils import timezone as tz

    from alerts.models import Subscriber, interests_mask
    from consultations import audiences

    c, _ = build_survey(boroughs=[lewisham])
    for email, wards, boroughs in (
        ("ward@example.test", [ward], []),
        ("borough@example.test", [], [lewisham]),
        ("both@example.test", [other_ward, ward], []),
    ):
        sub = Subscriber.objects.create(
            email=email, wants_email=True, email_confirmed_at=tz.now(), status=Subscriber.Status.ACTIVE,
            interests=interests_mask(["consultations"]),
        )  # fmt: skip
        sub.wards.set(wards)
        sub.boroughs.set(boroughs)
    services.invite(
        consultation=c, by=None, body_kind=Invitation.BodyKind.SUBSCRIBER,
        recipients=audiences.recipients(c, "subscribers"),
    )  # fmt: skip
    assert [(row.label, row.invited) for row in queries.rates_by_borough(c)] == [("Lewisham", 3)]


def test_closing_a_consultation_stops_answers_and_moves_the_outcome_target(lewisham):
    from core.audit import history_for
    from feedback.queries import record_for

    consultation, qs = build_survey(boroughs=[lewisham])
    services.publish_consultation(consultation=consultation, by=None)
    planned_due = record_for(consultation).due_at
    services.close_consultation(consultation=consultation, by=None)
    consultation.refresh_from_db()
    assert not consultation.is_open() and consultation.state() == "Closed"
    assert record_for(consultation).due_at < planned_due
    assert any(entry.action == "consultation.closed" for entry in history_for(consultation))
    with pytest.raises(Conflict, match="already closed"):
        services.close_consultation(consultation=consultation, by=None)


def test_a_consultation_not_yet_open_or_unpublished_cannot_be_closed(lewisham):
    later = ConsultationFactory(boroughs=[lewisham], opens_at=timezone.now() + timedelta(days=2))
    with pytest.raises(Conflict, match="not opened yet"):
        services.close_consultation(consultation=later, by=None)
    draft = ConsultationFactory(boroughs=[lewisham], is_published=False)
    with pytest.raises(Conflict, match="published"):
        services.close_consultation(consultation=draft, by=None)
