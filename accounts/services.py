"""Writes about accounts: personal API tokens, exporting and deleting a person's data."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from core import audit, registry
from core.errors import NotAllowed, ServiceError
from core.models import Notification
from core.personal import EmailHolder, Identifiers, new_reference
from languages import choices
from notifications import notify
from organisations.decorators import refusal


@transaction.atomic
def create_api_token(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new personal API token; the raw token is returned once and only its hash is stored.

    Only for an owner who may use the service now: staff need a second factor first."""
    refused = refusal(user)
    if refused is not None:
        raise NotAllowed(refused.message)
    name = (name or "").strip()
    if not name:
        raise ServiceError("Give the token a name, so you can tell your tokens apart.", field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError("The expiry must be in the future.", field="expires_at")
    raw = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_prefix=raw[:12],
        key_hash=ApiToken.hash_key(raw),
        expires_at=expires_at,
    )
    audit.log(user, "api_token.created", token, changes={"name": token.name, "prefix": token.key_prefix})
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: Any) -> ApiToken:
    """Stop a token working (it stays listed as revoked)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.log(by, "api_token.revoked", token)
    return token


def held_by_apps(person: User | EmailHolder) -> dict[str, Any]:
    """What each part of the service holds about a person (its registered export)."""
    return {handler.key: handler.export(person) for handler in registry.personal_data.serving(person)}


def identifiers_of(person: User | EmailHolder, held: dict[str, Any]) -> Identifiers:
    """The person's email addresses, phone numbers, full names, addresses and postcodes, as every part of the
    service holds them."""
    own = [("email", person.email), ("name", person.display_name), ("name", person.get_full_name())]
    return Identifiers.from_export(held, extra=own)


def export_personal_data(person: User | EmailHolder) -> dict[str, Any]:
    """Everything every part of the service holds about a person, as JSON-able data: each app's records,
    then the emails sent to them or naming them and the audit entries that record what they did or name them.

    `person` is an account, or someone without one who proved they hold an email address (`EmailHolder`)."""
    held = held_by_apps(person)
    identifiers = identifiers_of(person, held)
    found = {
        f"{handler.key}_by_your_contact_details": handler.find(identifiers)
        for handler in registry.personal_data.serving(person)
        if handler.find is not None
    }
    return {
        "exported_at": timezone.now().isoformat(),
        **held,
        **found,
        "emails": notify.emails_about(identifiers),
        "audit": audit.entries_about(identifiers, person=person if isinstance(person, User) else None),
    }


def _erase(person: User | EmailHolder, *, keep_staff_audit: bool, note: str, action: str) -> tuple[dict[str, int], str]:
    """Erase what every part of the service holds about the person; (records per part, the opaque reference)."""
    held = held_by_apps(person)
    identifiers = identifiers_of(person, held)
    reference = new_reference()
    handlers = registry.personal_data.serving(person)
    erased = {handler.key: handler.erase(person) for handler in handlers}
    for handler in handlers:
        if handler.forget is not None:
            erased[handler.key] += handler.forget(identifiers, reference)
    erased["emails"] = notify.forget(identifiers, reference)
    account = person if isinstance(person, User) else None
    erased["audit"] = audit.pseudonymise(identifiers, reference, person=account, keep_actor_label=keep_staff_audit)
    audit.log(reference, action, None, changes={"reference": reference, "erased": erased}, note=note)
    return erased, reference


@transaction.atomic
def delete_account(user: User, *, keep_staff_audit: bool = False, note: str = "") -> dict[str, int]:
    """Erase a person's data in every part of the service, then delete the account; all of it or none.

    Records that must stay (audit entries, issues, delivery counts) keep only an opaque reference or lose
    the details. `keep_staff_audit` keeps the person's name on audit entries of what they did as staff.
    """
    erased, _reference = _erase(user, keep_staff_audit=keep_staff_audit, note=note, action="account.erased")
    user.delete()
    return erased


@transaction.atomic
def erase_by_email(holder: EmailHolder) -> dict[str, int]:
    """Erase what someone without an account gave (reports, questions, subscriptions, answers, requests to
    join), found by the email address they proved they hold and the numbers and addresses those records
    hold; the same erasure as deleting an account, all of it or none."""
    erased, _reference = _erase(holder, keep_staff_audit=False, note=ERASED_BY_LINK, action="personal_data.erased")
    return erased


# ---------------------------------------------------------------- the "your data" link, for people without accounts

YOUR_DATA_SALT = "accounts.your-data"
# How long the emailed link works: long enough to read the email, short enough that an old email is no key.
YOUR_DATA_LINK_MAX_AGE = 60 * 60
ERASED_BY_LINK = "Asked for through the link sent to their email address"


def your_data_token(email: str) -> str:
    """A signed, time-limited token that proves its holder received an email at this address."""
    return signing.dumps(email.strip().lower(), salt=YOUR_DATA_SALT, compress=True)


def holder_from_token(token: str) -> EmailHolder | None:
    """The email holder a token was made for, or None if it is forged or older than the link's lifetime."""
    try:
        email = signing.loads(token, salt=YOUR_DATA_SALT, max_age=YOUR_DATA_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return EmailHolder(email=email) if isinstance(email, str) and "@" in email else None


def send_your_data_link(email: str, *, language: str = "") -> None:
    """Email the address a link to see, download and erase what is held under it, in the language of the page
    that asked. Sent whether or not anything is held: the page that asked says the same either way, and only the
    address's owner reads this."""
    with translation.override(choices.site_language(language)):
        url = notify.absolute_url(reverse("accounts:your_data_link", args=[your_data_token(email)]))
        notify.send_email(
            to=email.strip(),
            subject=str(_("Your data: the link you asked for")),
            text="\n\n".join(
                [
                    str(_("Someone (we hope you) asked to see the information we hold under this email address.")),
                    str(_("Open this link within an hour to see it, download it or ask us to erase it:")) + f"\n{url}",
                    str(_("If you did not ask, you can ignore this email: nobody can use the link without it.")),
                ]
            ),
            reason="accounts.your_data_link",
        )


def export_account(user: User) -> dict[str, Any]:
    """The account's own data: profile, email addresses, sign-in factors and API tokens."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "authenticators": [
            {"type": a.type, "created_at": a.created_at.isoformat()} for a in Authenticator.objects.filter(user=user)
        ],
        "api_tokens": [
            {
                # Not "name": the export's "name" fields are the person's, and are looked for elsewhere.
                "token_name": t.name,
                "prefix": t.key_prefix,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in user.api_tokens.all()
        ],
        "notices": [
            {
                "message": n.message,
                "link": n.link,
                "at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user)
        ],
    }


def end_sessions(user: User) -> int:
    """Delete every stored session signed in as the user, on any device (they may also hold sign-in state)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    sessions = Session.objects.only("session_key", "session_data").iterator(chunk_size=2000)
    theirs = [s.pk for s in sessions if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    return Session.objects.filter(pk__in=theirs).delete()[0]


def erase_account(user: User) -> int:
    """Remove sessions, tokens, authenticators and email addresses (the user row itself goes last)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    count = end_sessions(user)
    count += user.api_tokens.all().delete()[0]
    count += Authenticator.objects.filter(user=user).delete()[0]
    count += EmailAddress.objects.filter(user=user).delete()[0]
    return count


def mark_email_verified(user: User) -> None:
    """Record the account's email address as verified (accounts created for staff by an administrator)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )
