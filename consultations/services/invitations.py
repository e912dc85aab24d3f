"""Invitations: by list or audience, the emails and reminders, quotas."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from core import audit
from core.errors import ServiceError
from languages import choices, content
from notifications import notify

from ..models import (
    Consultation,
    Invitation,
    Question,
    Quota,
)
from .lifecycle import TOKEN_SALT

# --- invitations -----------------------------------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(24)
    return signing.Signer(salt=TOKEN_SALT).sign(raw), Invitation.hash_token(raw)


def parse_email_list(text: str) -> list[tuple[str, str]]:
    """(email, name) pairs from an uploaded CSV or pasted list: one a line, email first, optional name."""
    import csv
    import io

    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].lower() in {"email", "email address"}:
            continue
        try:
            validate_email(cells[0])
        except ValidationError:
            bad.append(cells[0])
            continue
        pairs.append((cells[0].lower(), cells[1] if len(cells) > 1 else ""))
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise ServiceError(f"These are not email addresses: {shown}. Correct the list and upload it again.")
    if not pairs:
        raise ServiceError("The list has no email addresses.")
    return pairs


@transaction.atomic
def invite(
    *,
    consultation: Consultation,
    by: Any,
    body_kind: str,
    recipients: Iterable[dict[str, Any]],
    language: str = "",
) -> int:
    """Create invitations (one per new address) and email each its personal link, in `language` (staff choose
    it; English by default), as its reminders will be. Returns how many were new."""
    if consultation.is_historical:
        raise ServiceError("A historical example cannot send invitations.")
    if timezone.now() >= consultation.closes_at:
        raise ServiceError("This consultation has closed; invitations can no longer be sent.")
    already = set(consultation.invitations.exclude(email="").values_list("email", flat=True))
    created = 0
    for r in recipients:
        email = (r.get("email") or "").strip().lower()
        if not email or email in already:
            continue
        already.add(email)
        token, token_hash = _new_token()
        invitation = Invitation.objects.create(
            consultation=consultation,
            body_kind=body_kind,
            body_name=(r.get("body_name") or "")[:200],
            borough_id=r.get("borough_id"),
            email=email,
            name=(r.get("name") or "")[:200],
            token_hash=token_hash,
            sent_at=timezone.now(),
            language=choices.stored(language),
        )
        _email_invitation(consultation, invitation, token, reminder=False)
        created += 1
    changes = {"body_kind": body_kind, "count": created, "language": choices.site_language(language)}
    audit.log(by, "consultation.invited", consultation, changes=changes)
    return created


def _answer_link(consultation: Consultation, token: str) -> str:
    from django.conf import settings
    from django.urls import reverse

    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('consultations:answer', args=[consultation.slug])}?invitation={token}"


def _email_invitation(consultation: Consultation, invitation: Invitation, token: str, *, reminder: bool) -> None:
    """The invitation (or reminder) in the invitation's language: its words, the consultation's title and texts
    where staff translated them, the date and the link (to the answer page in that language)."""
    with translation.override(choices.site_language(invitation.language)):
        title = content.text(consultation, "title")
        closes = date_format(timezone.localtime(consultation.closes_at), "j E Y")
        if invitation.name:
            greeting = _("Dear %(name)s,") % {"name": invitation.name}
        else:
            greeting = _("Hello,")
        lead = (
            _("A reminder: we would still like to hear from you.") if reminder else _("We would like to hear from you.")
        )
        parts = [greeting, lead, title]
        if invitation.body_name:
            parts.append(_("We are asking %(body)s.") % {"body": invitation.body_name})
        parts += [
            _("Why we are asking: %(why)s") % {"why": content.text(consultation, "why_asking")},
            _("Answer here (this link is personal and can be used once): %(link)s")
            % {"link": _answer_link(consultation, token)},
            _("The consultation closes on %(date)s.") % {"date": closes},
            content.text(consultation, "accessible_formats"),
        ]
        if reminder:
            subject = _("Reminder: Have your say: %(title)s") % {"title": title}
        else:
            subject = _("Have your say: %(title)s") % {"title": title}
    notify.send_email(
        to=invitation.email,
        subject=subject,
        text="\n\n".join(part for part in parts if part) + "\n",
        reason="consultations.reminder" if reminder else "consultations.invitation",
    )


@transaction.atomic
def send_reminders(*, consultation: Consultation, by: Any) -> int:
    """Remind, with a fresh personal link, everyone invited by email who has not answered."""
    if not consultation.is_open():
        raise ServiceError("Reminders can only be sent while the consultation is open.")
    count = 0
    pending = consultation.invitations.filter(answered_at__isnull=True).exclude(email="")
    for invitation in pending.select_for_update():
        token, token_hash = _new_token()
        invitation.token_hash = token_hash
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["token_hash", "reminded_at"])
        _email_invitation(consultation, invitation, token, reminder=True)
        count += 1
    audit.log(by, "consultation.reminded", consultation, changes={"count": count})
    return count


@transaction.atomic
def add_quota(
    *, consultation: Consultation, by: Any, name: str, target: int, boroughs: Iterable[Any], conditions: list[dict]
) -> Quota:
    if target < 1:
        raise ServiceError("The target must be at least 1.", field="target")
    for c in conditions:
        q = Question.objects.filter(
            pk=int(c.get("question") or 0), section__questionnaire__consultation=consultation
        ).first()
        if q is None:
            raise ServiceError("A quota condition refers to a question not in this consultation.", field="question")
        if not c.get("values") or any(str(v) not in q.choices() for v in c["values"]):
            raise ServiceError(f"Give answers to “{q.text}” exactly as listed.", field="values")
    quota = Quota.objects.create(consultation=consultation, name=name, target=target, conditions=conditions)
    quota.boroughs.set(list(boroughs))
    audit.log(by, "consultation.quota_added", consultation, changes={"quota": name, "target": target})
    return quota
