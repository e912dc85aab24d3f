"""A member of the public who has done everything the public can do, and a scan of every text, character
and JSON column of every table for their name, email address, phone number, address and postcode."""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from alerts import services as alert_services
from alerts.models import Interest, Topic
from consultations import services as consultation_services
from consultations.models import Consultation
from consultations.tests.factories import build_survey
from equality.models import Answer as EqualityAnswer
from groups import services as group_services
from groups.models import CommunityGroup, Member
from groups.tests.factories import CommunityGroupFactory, WardPanelFactory
from notifications.models import OutboundEmail, SmsOutbox
from priorities import services as priority_services
from priorities.models import Issue, PanelVote

NAME = "Perpetua Quillfeather"
EMAIL = "perpetua.quill@example.test"
PHONE = "07700 900417"
ADDRESS = "17 Larkspur Mews"
POSTCODE = "BR1 5FD"
# Every form in which these may have been stored (the phone normalised to +447700900417, the postcode
# with or without its space, the surname on its own).
NEEDLES = [
    NAME,
    "Quillfeather",
    EMAIL,
    "perpetua.quill",
    "7700900417",
    "7700 900417",
    ADDRESS,
    "Larkspur",
    POSTCODE,
    "BR15FD",
]
EQUALITY = {"age_band": "35_44", "sex": "female", "disability": "no"}

# Reference data about places, not about anyone: postcodes are a lookup table of the whole city.
REFERENCE_APPS = {"places"}


def text_columns(model: type[models.Model]) -> Iterator[models.Field]:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            yield field


def traces(needles: list[str]) -> list[tuple[str, str, Any, str]]:
    """(model, column, primary key, value) of every stored value that contains one of the needles."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label in REFERENCE_APPS or not model._meta.managed:
            continue
        for field in text_columns(model):
            qs = model._default_manager.all()
            column = field.attname
            if isinstance(field, models.JSONField):
                qs = qs.annotate(_as_text=Cast(field.attname, models.TextField()))
                column = "_as_text"
            condition = models.Q()
            for needle in needles:
                condition |= models.Q(**{f"{column}__icontains": needle})
            for pk, value in qs.filter(condition).values_list("pk", column):
                if isinstance(field, models.JSONField) and isinstance(value, str):
                    value = json.loads(value)
                found.append((model._meta.label, field.name, pk, value))
    return found


def strings_in(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in [str(k), *strings_in(v)]]
    if isinstance(data, list | tuple):
        return [s for v in data for s in strings_in(v)]
    return [] if data is None else [str(data)]


def values_of(data: Any, key: str) -> list[Any]:
    """Every value stored under `key` anywhere in nested data."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == key] + [x for v in data.values() for x in values_of(v, key)]
    if isinstance(data, list):
        return [x for v in data for x in values_of(v, key)]
    return []


def make_person(client: Any, ward: Any, officer: Any) -> User:
    """A member of the public who has done everything the public can do (needs an SMTP server, an SMS file
    and after-commit work run at once)."""
    # Sign up through the page, verify, name themselves.
    response = client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": "a long new passphrase", "password2": "a long new passphrase"},
    )
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    user.display_name = NAME
    user.save()
    account_services.mark_email_verified(user)
    client.force_login(user)

    # Raise an issue with an address and a postcode, asking to hear back.
    place = priority_services.resolve_place(postcode=POSTCODE)
    issue = priority_services.raise_issue(
        category="asb",
        description="Cars race down the road late at night.",
        frequency=Issue.Frequency.WEEKLY,
        place=place,
        address=ADDRESS,
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone=PHONE,
    )

    # Ask a question through the contact form.
    alert_services.ask_question(
        topic=Topic.LOCAL, email=EMAIL, name=NAME, text="When does the ward panel meet next?", postcode=POSTCODE
    )

    # Subscribe to alerts by email and SMS, confirm both, receive a message on both channels, reply and rate it.
    subscriber = alert_services.subscribe(
        email=EMAIL, phone=PHONE, wants_email=True, wants_sms=True, postcode=POSTCODE, name=NAME,
        interests=[Interest.CRIME],
    )  # fmt: skip
    alert_services.confirm_email(alert_services.confirm_url(subscriber).rstrip("/").split("/")[-1])
    code = re.search(r"\b(\d{6})\b", SmsOutbox.objects.filter(to="+447700900417").latest("pk").text)
    assert code is not None
    alert_services.confirm_sms(subscriber, code.group(1))
    message = alert_services.save_message(
        by=officer, subject="Burglaries", body="Lock your doors.", sms_text="Lock your doors.", wards=[ward]
    )
    alert_services.send_message(message, by=officer)
    assert subscriber.deliveries.count() == 2
    alert_services.reply_to_message(message=message, subscriber=subscriber, text=f"Thank you. {NAME}, {ADDRESS}")
    alert_services.rate_message(message=message, subscriber=subscriber, useful=True)
    # Then they stop the texts by replying STOP (their number goes on the suppression list).
    assert alert_services.receive_sms(sender=PHONE, text="STOP") == "stopped"

    # Answer a named consultation (with an address in a free-text answer) and its equality questions.
    consultation, qs = build_survey(boroughs=[ward.borough], identity=Consultation.Identity.NAMED)
    consultation_services.submit_response(
        consultation=consultation,
        raw={
            qs["seen"].pk: "Yes", qs["where"].pk: "Patrol", qs["safe"].pk: "4",
            qs["comment"].pk: f"I live at {ADDRESS}, {POSTCODE}.",
        },
        idempotency_key="erasure-1",
        name=NAME,
        email=EMAIL,
        user=user,
        equality_answers=EQUALITY,
    )  # fmt: skip

    # Ask to join two groups with equality answers: one accepts them, the other has not decided yet.
    panel = WardPanelFactory(ward=ward, accepts_join_requests=True)
    details = {"name": NAME, "email": EMAIL, "phone": PHONE, "message": f"I live at {ADDRESS}."}
    request = group_services.request_to_join(group=panel, data=details, consent=True, equality_answers=EQUALITY)
    group_services.decide_join_request(request=request, by=officer, accept=True)
    member = panel.members.get(email=EMAIL)
    group_services.send_monitoring_invitation(member=member, by=officer)
    # The panel's members get an alert (sent to the address on their membership, not to a subscription).
    to_members = alert_services.save_message(
        by=officer, subject="Panel meeting moved", body="Now on Tuesday.", audiences_chosen=[("group", panel.pk)]
    )
    alert_services.send_message(to_members, by=officer)
    assert to_members.deliveries.filter(subscriber=None).exists()
    other = CommunityGroupFactory(accepts_join_requests=True)
    group_services.request_to_join(group=other, data=details, consent=True, equality_answers=EQUALITY)
    # An officer adds them to a local network with their name and phone number only.
    network = CommunityGroupFactory(level=CommunityGroup.Level.WARD, ward=ward, borough=ward.borough)
    group_services.add_member(
        group=network, by=officer,
        data={"name": NAME, "phone": PHONE, "role": Member.Role.MEMBER, "term_start": timezone.localdate()},
    )  # fmt: skip

    # Join the ward's online panel and vote with a comment.
    priority_services.join_panel(ward=ward, user=user)
    now = timezone.now()
    panel_round = priority_services.open_panel_round(
        ward=ward, by=officer, title="Next priority", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        options=[{"category": "asb", "issue": "Noise"}, {"category": "drugs", "issue": "Dealing"}],
    )  # fmt: skip
    choice = panel_round.options.first()
    assert choice is not None
    priority_services.cast_vote(
        panel_round=panel_round, user=user, choice_id=choice.pk, comment=f"Speeding on my road, {NAME}"
    )

    # At a street meeting an officer records another problem they raise, with their name and phone only.
    heard = priority_services.raise_issue(
        category="asb", description="Cars parked on the pavement.", frequency=Issue.Frequency.DAILY,
        place=place, contact_name=NAME, contact_phone=PHONE, by=officer,
    )  # fmt: skip

    # Their issues become a ward priority; its review is published and they are told by email (not by text: their
    # number said STOP).
    priority = priority_services.set_priority(
        ward=ward, by=officer, category="asb", issue="Speeding at night", action="Speed checks",
        review_by=timezone.localdate() + timedelta(days=30), issues=[issue.pk, heard.pk],
    )  # fmt: skip
    priority_services.review_priority(priority=priority, by=officer, done="Twelve speed checks", outcome="closed")

    # Enough happened to prove something: their details are spread across many tables.
    assert PanelVote.objects.filter(user=user).exists()
    assert OutboundEmail.objects.filter(to=EMAIL).count() >= 5
    assert SmsOutbox.objects.filter(to="+447700900417").exists()
    assert EqualityAnswer.objects.exists()
    return user


def make_person_without_account(client: Any, ward: Any, officer: Any) -> None:
    """Someone who never made an account but did everything the public can do without one (the same name,
    email, phone, address and postcode as `make_person`; needs the same fixtures)."""
    place = priority_services.resolve_place(postcode=POSTCODE)
    issue = priority_services.raise_issue(
        category="asb", description="Cars race down the road late at night.", frequency=Issue.Frequency.WEEKLY,
        place=place, address=ADDRESS, contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE,
    )  # fmt: skip
    alert_services.ask_question(
        topic=Topic.LOCAL, email=EMAIL, name=NAME, text="When does the ward panel meet next?", postcode=POSTCODE
    )
    subscriber = alert_services.subscribe(
        email=EMAIL, phone=PHONE, wants_email=True, wants_sms=True, postcode=POSTCODE, name=NAME,
        interests=[Interest.CRIME],
    )  # fmt: skip
    alert_services.confirm_email(alert_services.confirm_url(subscriber).rstrip("/").split("/")[-1])
    code = re.search(r"\b(\d{6})\b", SmsOutbox.objects.filter(to="+447700900417").latest("pk").text)
    assert code is not None
    alert_services.confirm_sms(subscriber, code.group(1))
    message = alert_services.save_message(
        by=officer, subject="Burglaries", body="Lock your doors.", sms_text="Lock your doors.", wards=[ward]
    )
    alert_services.send_message(message, by=officer)
    alert_services.reply_to_message(message=message, subscriber=subscriber, text=f"Thank you. {NAME}, {ADDRESS}")
    alert_services.rate_message(message=message, subscriber=subscriber, useful=True)
    assert alert_services.receive_sms(sender=PHONE, text="STOP") == "stopped"

    consultation, qs = build_survey(boroughs=[ward.borough], identity=Consultation.Identity.NAMED)
    consultation_services.submit_response(
        consultation=consultation,
        raw={
            qs["seen"].pk: "Yes", qs["where"].pk: "Patrol", qs["safe"].pk: "4",
            qs["comment"].pk: f"I live at {ADDRESS}, {POSTCODE}.",
        },
        idempotency_key="no-account-1",
        name=NAME,
        email=EMAIL,
        equality_answers=EQUALITY,
    )  # fmt: skip

    panel = WardPanelFactory(ward=ward, accepts_join_requests=True)
    details = {"name": NAME, "email": EMAIL, "phone": PHONE, "message": f"I live at {ADDRESS}."}
    request = group_services.request_to_join(group=panel, data=details, consent=True, equality_answers=EQUALITY)
    group_services.decide_join_request(request=request, by=officer, accept=True)
    to_members = alert_services.save_message(
        by=officer, subject="Panel meeting moved", body="Now on Tuesday.", audiences_chosen=[("group", panel.pk)]
    )
    alert_services.send_message(to_members, by=officer)
    other = CommunityGroupFactory(accepts_join_requests=True)
    group_services.request_to_join(group=other, data=details, consent=True, equality_answers=EQUALITY)
    network = CommunityGroupFactory(level=CommunityGroup.Level.WARD, ward=ward, borough=ward.borough)
    group_services.add_member(
        group=network, by=officer,
        data={"name": NAME, "phone": PHONE, "role": Member.Role.MEMBER, "term_start": timezone.localdate()},
    )  # fmt: skip

    heard = priority_services.raise_issue(
        category="asb", description="Cars parked on the pavement.", frequency=Issue.Frequency.DAILY,
        place=place, contact_name=NAME, contact_phone=PHONE, by=officer,
    )  # fmt: skip
    priority = priority_services.set_priority(
        ward=ward, by=officer, category="asb", issue="Speeding at night", action="Speed checks",
        review_by=timezone.localdate() + timedelta(days=30), issues=[issue.pk, heard.pk],
    )  # fmt: skip
    priority_services.review_priority(priority=priority, by=officer, done="Twelve speed checks", outcome="closed")

    assert not User.objects.filter(email__iexact=EMAIL).exists()
    assert OutboundEmail.objects.filter(to=EMAIL).count() >= 5
    assert EqualityAnswer.objects.exists()
