"""The privacy notice names who is responsible, why each kind of record is held, for how long, and how to
complain; the periods it states are the ones `apply_retention` enforces."""

from typing import Any

from django.core.management import call_command
from django.test import override_settings
from django.utils.html import escape

from core import registry


@override_settings(
    DATA_CONTROLLER_NAME="Commissioner of Police of the Metropolis",
    DATA_CONTROLLER_ADDRESS="New Scotland Yard, Victoria Embankment, London SW1A 2JL",
    DATA_PROTECTION_OFFICER_EMAIL="dpo@police.example.test",
    DATA_PROTECTION_OFFICER_ADDRESS="Data Protection Officer, PO Box 1, London",
    ICO_REGISTRATION_NUMBER="Z1234567",
)
def test_the_notice_names_the_controller_and_the_data_protection_officer(client: Any, db: Any) -> None:
    html = client.get("/privacy/").content.decode()
    assert "Commissioner of Police of the Metropolis" in html
    assert "New Scotland Yard, Victoria Embankment, London SW1A 2JL" in html
    assert 'href="mailto:dpo@police.example.test"' in html
    assert "Data Protection Officer, PO Box 1, London" in html
    assert "Z1234567" in html


def test_the_notice_says_who_sees_the_information(client: Any, db: Any) -> None:
    html = client.get("/privacy/").content.decode()
    assert "Who sees it" in html and "deliver our emails and text messages" in html
    assert "We make no automated decisions about you." in html


def test_the_notice_explains_the_right_to_complain_to_the_ico(client: Any, db: Any) -> None:
    html = client.get("/privacy/").content.decode()
    assert "Information Commissioner’s Office" in html
    assert 'href="https://ico.org.uk/make-a-complaint/"' in html
    assert "0303 123 1113" in html


def test_every_kind_of_record_has_its_lawful_basis_and_retention_period(client: Any, db: Any) -> None:
    html = client.get("/privacy/").content.decode()
    kinds = registry.personal_records.ordered()
    assert {"accounts.account", "priorities.issues", "alerts.subscriptions", "alerts.questions", "notifications.texts",
            "consultations.responses", "groups.members", "equality.answers", "feedback.participants",
            "notifications.emails", "core.audit", "organisations.posts"} <= {k.key for k in kinds}  # fmt: skip
    for kind in kinds:
        assert escape(kind.record) in html
        assert escape(kind.basis) in html
        assert escape(kind.kept()) in html


def test_the_periods_shown_follow_the_settings(client: Any, db: Any, settings: Any) -> None:
    settings.QUESTION_RETENTION_DAYS = 365 * 3
    settings.OUTBOX_RETENTION_DAYS = 45
    html = client.get("/privacy/").content.decode()
    assert "3 years after you asked, then deleted" in html
    assert "45 days after sending, then deleted" in html


def test_an_unset_controller_is_a_deployment_warning(settings: Any) -> None:
    from django.core import checks

    settings.DATA_CONTROLLER_NAME = ""
    settings.DATA_PROTECTION_OFFICER_EMAIL = ""
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True, tags=["website"])}
    assert {"website.W001", "website.W002"} <= ids
    call_command("check")  # a warning, not an error: the site still starts


def test_the_register_of_records_is_in_the_page_language(client: Any, db: Any, settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl"]
    settings.OUTBOX_RETENTION_DAYS = 45
    html = client.get("/pl/privacy/").content.decode()
    kinds = registry.personal_records.ordered()
    assert len(kinds) >= 17
    for kind in kinds:
        assert escape(kind.record) not in html and escape(kind.basis) not in html
    assert "after sending, then deleted" not in html and "45 dni" in html
