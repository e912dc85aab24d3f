import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from consultations import queries, services
from consultations.models import Consultation, Question, Response
from consultations.tests.factories import build_survey
from core.errors import NotAllowed
from equality import queries as equality_queries
from equality.models import Subject
from equality.permissions import can_read_context
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_staff, lewisham):
    unit = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham)
    return make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=[lewisham])


def _post(qs, key="k1", **over):
    data = {
        "idempotency_key": key,
        qs["seen"].field_name: "Yes",
        qs["where"].field_name: "Patrol",
        qs["safe"].field_name: "4",
    }
    data.update(over)
    return data


def test_the_public_page_says_what_is_proposed_and_what_can_change(client, lewisham):
    c, _ = build_survey(boroughs=[lewisham])
    html = client.get(c.get_absolute_url()).content.decode()
    for heading in (
        "What is proposed",
        "Why we are asking",
        "What can still change",
        "What cannot change",
        "How your answers will be used",
        "Who is being asked",
        "Other formats and languages",
    ):
        assert heading in html


def test_answering_on_the_web_stores_one_response_even_when_sent_twice(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    url = reverse("consultations:answer", args=[c.slug])
    first = client.post(url, _post(qs))
    second = client.post(url, _post(qs))
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_a_missing_answer_shows_the_error_and_keeps_what_was_typed(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    data = _post(qs, **{qs["comment"].field_name: "Keep <b>this</b>"})
    del data[qs["safe"].field_name]
    response = client.post(reverse("consultations:answer", args=[c.slug]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Answer this question: Question safe" in html
    assert "Keep &lt;b&gt;this&lt;/b&gt;" in html
    assert Response.objects.count() == 0


def test_the_answer_form_shows_the_condition_as_a_hint(client, lewisham):
    c, _ = build_survey(boroughs=[lewisham])
    html = client.get(reverse("consultations:answer", args=[c.slug])).content.decode()
    assert "Answer this only if you answered “Yes” to “Question seen”." in html


def test_a_closed_consultation_does_not_show_the_form(client, lewisham):
    from datetime import timedelta

    from django.utils import timezone

    c, _ = build_survey(
        boroughs=[lewisham], opens_at=timezone.now() - timedelta(days=8), closes_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(reverse("consultations:answer", args=[c.slug]))
    assert response.status_code == 410
    assert "Send my answers" not in response.content.decode()


def test_the_borough_page_lists_the_consultation(client, lewisham):
    c, _ = build_survey(boroughs=[lewisham])
    html = client.get(lewisham.get_absolute_url()).content.decode()
    assert c.title in html


def test_staff_build_a_consultation_and_publish_it(client, lead, lewisham):
    client.force_login(lead)
    unit = lead.posts.get().unit
    response = client.post(
        reverse("consultations:create"),
        {
            "title": "Front counter hours",
            "proposal": "Shorter hours.",
            "why_asking": "Costs.",
            "can_change": "Which hours.",
            "how_used": "Decide hours.",
            "audience": "Lewisham residents.",
            "accessible_formats": "Ask us.",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2030-01-01T09:00",
            "identity": "contact_optional",
            "organising_unit": unit.pk,
            "boroughs": [lewisham.pk],
        },
    )
    c = Consultation.objects.get(title="Front counter hours")
    assert response.status_code == 302
    builder = reverse("consultations:builder", args=[c.pk])
    client.post(builder, {"action": "add_section", "section-title": "Hours"})
    section = c.current_questionnaire().sections.get()
    client.post(
        builder,
        {
            "action": "add_question",
            "question-section": section.pk,
            "question-kind": "single",
            "question-text": "Which hours suit you?",
            "question-options": "Mornings\nEvenings",
            "question-required": "on",
        },
    )
    assert Question.objects.filter(section=section, text="Which hours suit you?").exists()
    client.post(builder, {"action": "publish"})
    c.refresh_from_db()
    assert c.is_published and c.activity_id


def test_a_question_with_too_few_options_is_refused_on_the_form(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    client.force_login(lead)
    response = client.post(
        reverse("consultations:builder", args=[c.pk]),
        {
            "action": "add_question",
            "question-section": qs["seen"].section_id,
            "question-kind": "single",
            "question-text": "Lonely",
            "question-options": "Only one",
        },
    )
    assert response.status_code == 400
    assert "at least two answers" in response.content.decode()


def test_staff_outside_the_area_cannot_see_the_builder(client, make_staff, lambeth, lewisham):
    c, _ = build_survey(boroughs=[lewisham])
    other = make_staff(
        Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lambeth), boroughs=[lambeth]
    )
    client.force_login(other)
    assert client.get(reverse("consultations:builder", args=[c.pk])).status_code == 404
    assert client.get(reverse("consultations:export", args=[c.pk, "csv"])).status_code == 404


def test_the_analysis_page_has_a_chart_and_a_table_with_the_same_figures(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i in range(3):
        services.submit_response(consultation=c, raw={qs["seen"].pk: "No", qs["safe"].pk: "5"}, idempotency_key=f"k{i}")
    client.force_login(lead)
    html = client.get(reverse("consultations:analysis", args=[c.pk])).content.decode()
    assert "<svg" in html and "<title" in html
    assert "style=" not in html.split("<main", 1)[1]
    assert "Strongly agree" in html


def test_the_crosstab_by_borough_is_shown(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(consultation=c, raw={qs["seen"].pk: "No", qs["safe"].pk: "5"}, idempotency_key="k")
    client.force_login(lead)
    url = reverse("consultations:analysis", args=[c.pk]) + f"?question={qs['seen'].pk}&by=borough"
    assert "fewer than 5" in client.get(url).content.decode()


def test_the_raw_export_is_csv_and_xlsx(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(
        consultation=c,
        raw={qs["seen"].pk: "No", qs["safe"].pk: "5", qs["comment"].pk: "=HYPERLINK(1)"},
        idempotency_key="k",
    )
    client.force_login(lead)
    csv_response = client.get(reverse("consultations:export", args=[c.pk, "csv"]))
    body = b"".join(csv_response.streaming_content).decode()
    assert "Question seen" in body and "'=HYPERLINK(1)" in body
    xlsx = client.get(reverse("consultations:export", args=[c.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_invite_partners_and_see_the_rate(client, lead, lewisham):
    c, _ = build_survey(boroughs=[lewisham])
    UnitFactory(kind=Unit.Kind.LOCAL_AUTHORITY, borough=lewisham, email="council@lewisham.example.test")
    client.force_login(lead)
    url = reverse("consultations:invitations", args=[c.pk])
    response = client.post(url, {"action": "audience", "audience-audience": "partners"})
    assert response.status_code == 302
    html = client.get(reverse("consultations:rates", args=[c.pk])).content.decode()
    assert "Partnerships and partners: 0 of 1 (0.0%)" in html


def test_themes_page_finds_and_renames_themes(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i, text in enumerate(["speeding cars", "cars speeding fast", "drug dealing park", "dealing drugs park"]):
        services.submit_response(
            consultation=c,
            raw={qs["seen"].pk: "No", qs["safe"].pk: "5", qs["comment"].pk: text},
            idempotency_key=f"k{i}",
        )
    client.force_login(lead)
    url = reverse("consultations:themes", args=[c.pk, qs["comment"].pk])
    client.post(url, {"action": "find"})
    theme = qs["comment"].themes.first()
    client.post(url, {"action": "rename", "theme": theme.pk, "name": "Roads"})
    assert "Roads" in client.get(url).content.decode()


def test_equality_answers_are_stored_in_the_equality_records(client, lewisham):
    from equality.queries import build_profile

    c, qs = build_survey(boroughs=[lewisham])
    questionnaire = c.current_questionnaire()
    questionnaire.include_equality = True
    questionnaire.save()
    assert (
        "Equality monitoring (optional)" in client.get(reverse("consultations:answer", args=[c.slug])).content.decode()
    )
    for i in range(12):
        client.post(reverse("consultations:answer", args=[c.slug]), _post(qs, key=f"k{i}", **{"eq-sex": "female"}))
    profile = build_profile([f"consultation:{c.pk}"])
    assert profile.total == 10  # 12, rounded to the nearest 5


def test_the_analysis_shows_respondents_beside_the_census(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i in range(12):
        services.submit_response(
            consultation=c,
            raw={qs["seen"].pk: "No", qs["safe"].pk: "5"},
            idempotency_key=f"k{i}",
            equality_answers={"sex": "female" if i % 2 else "male"},
        )
    client.force_login(lead)
    html = client.get(reverse("consultations:analysis", args=[c.pk])).content.decode()
    assert "beside the area&#x27;s census profile" in html or "beside the area's census profile" in html
    assert "Share of the area (Census 2021)" in html


def test_the_workspace_home_shows_the_consultations_card(client, lead, lewisham):
    build_survey(boroughs=[lewisham])
    client.force_login(lead)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "1 open, 0 drafts." in html


def test_a_persons_responses_are_exported_and_erased(lewisham):
    from accounts.tests.factories import UserFactory
    from consultations import queries as q

    user = UserFactory(email="me@example.test")
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(
        consultation=c, raw={qs["seen"].pk: "No", qs["safe"].pk: "5"}, idempotency_key="k", email="me@example.test"
    )
    assert q.personal_data(user)["responses"][0]["consultation"] == c.title
    assert services.erase_personal_data(user) == 1
    assert not Response.objects.exists()


def test_crosstab_by_an_equality_dimension_uses_protected_totals(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i in range(24):
        services.submit_response(
            consultation=c,
            raw={qs["seen"].pk: "No", qs["safe"].pk: "5"},
            idempotency_key=f"k{i}",
            equality_answers={"sex": "female" if i < 12 else "male"},
        )
    client.force_login(lead)
    url = reverse("consultations:analysis", args=[c.pk]) + f"?question={qs['seen'].pk}&by=eq:sex"
    html = client.get(url).content.decode()
    assert "“Question seen” by What is your sex?" in html
    table = html.split("by What is your sex?")[-1].split("</table>")[0]
    for label in ("Female", "Male"):
        row = table.split(f">{label}</th>")[1].split("</tr>")[0]
        no = int(row.split("</td>")[1].rsplit(">", 1)[1])  # the "No" column: 12, give or take 2
        assert 10 <= no <= 14


def test_a_consultations_equality_figures_are_for_readers_covering_its_whole_area(make_staff, lewisham, lambeth):
    c, qs = build_survey(boroughs=[lewisham, lambeth])
    in_lambeth = make_staff(Role.OVERSIGHT_READER, boroughs=[lambeth])
    in_both = make_staff(Role.OVERSIGHT_READER, boroughs=[lambeth, lewisham])
    assert not can_read_context(in_lambeth, f"consultation:{c.pk}")
    assert can_read_context(in_both, f"consultation:{c.pk}")
    with pytest.raises(NotAllowed):
        queries.crosstab_by_equality(qs["seen"], "sex", in_lambeth)
    with pytest.raises(NotAllowed):
        equality_queries.compare_with_census(contexts=[f"consultation:{c.pk}"], boroughs=[lewisham], user=in_lambeth)


def test_respondents_equality_answers_have_a_random_key_not_the_response_id(lewisham):
    """Attack: answers filed under "consultation-response:<id>" lead back to the named response."""
    c, qs = build_survey(boroughs=[lewisham])
    response = services.submit_response(
        consultation=c,
        raw={qs["seen"].pk: "No", qs["safe"].pk: "5"},
        idempotency_key="k",
        name="Ann Example",
        email="ann@example.test",
        equality_answers={"sex": "female"},
    )
    subject = Subject.objects.get()
    assert "consultation-response" not in subject.key and str(response.pk) != subject.key
    assert subject.key == response.subject_key and len(subject.key) >= 32


def test_deleting_a_response_deletes_its_equality_answers(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(
        consultation=c,
        raw={qs["seen"].pk: "No", qs["safe"].pk: "5"},
        idempotency_key="k",
        equality_answers={"sex": "female"},
    )
    assert Subject.objects.count() == 1
    Response.objects.all().delete()
    assert not Subject.objects.exists()


def test_the_migration_rekeys_answers_filed_under_the_response_id(lewisham):
    migration = importlib.import_module("consultations.migrations.0002_response_random_subject_key")
    c, qs = build_survey(boroughs=[lewisham])
    response = services.submit_response(
        consultation=c, raw={qs["seen"].pk: "No", qs["safe"].pk: "5"}, idempotency_key="k"
    )
    Subject.objects.create(key=f"consultation-response:{response.pk}")
    Subject.objects.create(key="consultation-response:999999")  # its response is gone
    migration.rekey_equality_answers(apps, None)
    response.refresh_from_db()
    assert list(Subject.objects.values_list("key", flat=True)) == [response.subject_key]
    assert not response.subject_key.startswith("consultation-response")


def test_an_uploaded_csv_list_is_invited_and_a_reused_link_is_refused(client, lead, lewisham):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from notifications.models import OutboundEmail

    c, qs = build_survey(boroughs=[lewisham])
    client.force_login(lead)
    upload = SimpleUploadedFile("list.csv", b"email,name\nann@example.test,Ann\nbob@example.test,Bob\n")
    response = client.post(
        reverse("consultations:invitations", args=[c.pk]),
        {"action": "list", "list-body_kind": "list", "list-body_name": "Residents", "list-file": upload},
    )
    assert response.status_code == 302
    assert c.invitations.count() == 2
    client.logout()
    text = OutboundEmail.objects.filter(to="ann@example.test").get().text
    token = text.split("invitation=")[1].split()[0]
    url = reverse("consultations:answer", args=[c.slug])
    assert client.post(url, {**_post(qs, key="a1"), "invitation": token}).status_code == 302
    again = client.post(url, {**_post(qs, key="a2"), "invitation": token})
    assert again.status_code == 409
    assert "already been used" in again.content.decode()


def test_a_closed_consultation_page_says_when_its_outcome_is_due_then_shows_it(client, lead, lewisham):
    from datetime import timedelta

    from django.utils import timezone

    from feedback import services as feedback_services
    from feedback.queries import record_for

    c, _ = build_survey(boroughs=[lewisham], is_published=False)
    services.publish_consultation(consultation=c, by=lead)
    c.closes_at = timezone.now() - timedelta(days=1)
    c.save(update_fields=["closes_at"])
    record = record_for(c)
    html = client.get(c.get_absolute_url()).content.decode()
    assert "What we did" in html and "We will publish what we did by" in html
    feedback_services.add_entry(record=record, by=lead, kind="said", text="Most of you wanted the counter kept.")
    feedback_services.add_entry(record=record, by=lead, kind="did", text="The front counter stays open on Saturdays.")
    html = client.get(c.get_absolute_url()).content.decode()
    assert "The front counter stays open on Saturdays." in html
    assert "Most of you wanted the counter kept." in html
    assert record.get_absolute_url() in html


@pytest.mark.parametrize("where", ["comment", "name", "idempotency_key"])
def test_a_nul_character_in_an_answer_is_refused_not_a_server_error(client, lewisham, where):
    """PostgreSQL cannot store U+0000 in text: a pasted or crafted one must be a 400, never a 500 or a half-saved
    response."""
    c, qs = build_survey(boroughs=[lewisham])
    field = {"comment": qs["comment"].field_name, "name": "name", "idempotency_key": "idempotency_key"}[where]
    data = _post(qs, **{field: "Late\u0000night"})
    response = client.post(reverse("consultations:answer", args=[c.slug]), data)
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_the_champion_closes_a_consultation_and_is_led_to_write_what_was_done(client, lead, lewisham):
    from consultations.tests.factories import ConsultationFactory
    from feedback.queries import record_for

    consultation = ConsultationFactory(boroughs=[lewisham])
    client.force_login(lead)
    manage = reverse("consultations:manage", args=[consultation.pk])
    assert b"Close it now" in client.get(manage).content
    response = client.post(reverse("consultations:close", args=[consultation.pk]))
    assert response.status_code == 302 and response["Location"] == manage
    consultation.refresh_from_db()
    assert consultation.state() == "Closed"
    record = record_for(consultation)
    assert record is not None and record.due_at > consultation.closes_at
    page = client.get(manage).content.decode()
    assert f'href="{record.get_absolute_url()}"' in page
    assert "Close it now" not in page
    # Closing twice says so, and changes nothing.
    response = client.post(reverse("consultations:close", args=[consultation.pk]), follow=True)
    assert "already closed" in response.content.decode()


def test_staff_outside_the_area_cannot_close_a_consultation(client, make_staff, lambeth, lewisham):
    from consultations.tests.factories import ConsultationFactory

    consultation = ConsultationFactory(boroughs=[lewisham])
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=[lambeth]))
    assert client.post(reverse("consultations:close", args=[consultation.pk])).status_code == 404
    consultation.refresh_from_db()
    assert consultation.is_open()


def test_every_answer_error_names_its_question_and_leads_to_its_first_input(client, lewisham):
    import re

    c, qs = build_survey(boroughs=[lewisham])
    data = _post(
        qs,
        **{
            qs["years"].field_name: "lots",
            f"{qs['rank'].field_name}__0": "1",
            f"{qs['rank'].field_name}__1": "1",
        },
    )
    del data[qs["seen"].field_name]  # a required radio question left unanswered
    response = client.post(reverse("consultations:answer", args=[c.slug]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count('class="govuk-error-summary"') == 1
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))
    for target in links:
        assert f'id="{target}"' in html, f"#{target} is not on the page"
    assert links[f"id_{qs['seen'].field_name}_0"] == "Answer this question: Question seen"
    assert links[f"id_{qs['years'].field_name}"] == "Question years: Enter a whole number, like 12."
    assert links[f"id_{qs['rank'].field_name}__0"] == "Question rank: Give each item a different rank."


def test_the_analysis_chart_shrinks_to_its_column_at_320_pixels(client, lead, lewisham):
    """Its SVG has a fixed width: the stylesheet lets it shrink (with its viewBox) instead of widening the page."""
    import re
    from pathlib import Path

    from django.conf import settings

    c, qs = build_survey(boroughs=[lewisham])
    services.submit_response(consultation=c, raw={qs["seen"].pk: "No", qs["safe"].pk: "5"}, idempotency_key="k")
    client.force_login(lead)
    html = client.get(reverse("consultations:analysis", args=[c.pk])).content.decode()
    assert re.search(r'<svg class="eh-chart"[^>]* viewBox="0 0 \d+ \d+"', html)
    scss = (Path(settings.BASE_DIR) / "static" / "scss" / "app.scss").read_text()
    rule = scss.split(".eh-chart {", 1)[1].split("}", 1)[0]
    assert "max-width: 100%" in rule and "height: auto" in rule
