"""Your account: profile, API tokens, and the data we hold about you."""

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ApiTokenForm, DeleteAccountForm, EraseYourDataForm, YourDataForm
from accounts.models import ApiToken
from core import ratelimit, registry
from core.errors import ServiceError
from core.forms import add_service_error
from core.personal import EmailHolder
from organisations.decorators import staff_required
from organisations.scope import is_staff_member

# The parts of the service that hold data about a person, as the summary tables name them.
PART_NAMES = {
    "account": gettext_lazy("Your account"),
    "activities": gettext_lazy("Activities"),
    "alerts": gettext_lazy("Alerts"),
    "consultations": gettext_lazy("Consultations"),
    "feedback": gettext_lazy("You said, we did"),
    "funding": gettext_lazy("Funding"),
    "groups": gettext_lazy("Community groups"),
    "organisations": gettext_lazy("Teams and roles"),
    "plans": gettext_lazy("Action plans"),
    "practice": gettext_lazy("Good practice"),
    "priorities": gettext_lazy("Problems reported"),
    "tension": gettext_lazy("Community tension"),
    "volunteers": gettext_lazy("Volunteering"),
    "emails": gettext_lazy("Emails we sent"),
    "audit": gettext_lazy("Record of changes"),
}
FOUND_BY_CONTACT = "_by_your_contact_details"


def _part_name(key: str) -> str:
    """A part of the service in the page's language (a part without a name: its key, in English)."""
    if key.endswith(FOUND_BY_CONTACT):
        part = _part_name(key.removesuffix(FOUND_BY_CONTACT))
        return _("%(part)s (found by your contact details)") % {"part": part}
    return str(PART_NAMES.get(key) or key.replace("_", " ").capitalize())


def _crumbs() -> list[tuple[str, str | None]]:
    return [(_("Your account"), reverse("accounts:home"))]


EXPORTS_PER_HOUR = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What we hold about you, with links to export it or delete your account."""
    # The parts' own records only: searching the email outbox and the audit log for the person is left to
    # the download, so that showing this page stays cheap.
    data = services.held_by_apps(request.user)  # type: ignore[arg-type]
    summary = []
    for key in sorted(registry.personal_data.handlers):
        value = data.get(key)
        count = len(value) if isinstance(value, list | dict) else int(bool(value))
        summary.append((_part_name(key), count))
    return render(
        request,
        "accounts/home.html",
        {
            "page_title": _("Your account"),
            "summary": summary,
            "is_staff": is_staff_member(request.user),
            # Each part's label is English, registered by its app; the catalogues carry it (e.g. "Your volunteering").
            "own_parts": [
                {"label": _(i.label), "url_name": i.url_name}
                for i in registry.account_nav.ordered()
                if i.visible is None or i.visible(request.user)
            ],
        },
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """Download everything held about you as JSON (a few times an hour: it searches the whole outbox and
    audit log)."""
    key = f"accounts:data_export:{request.user.pk}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    if count > EXPORTS_PER_HOUR:
        message = _("You have downloaded your data %(count)s times in the last hour. Please try again in an hour.") % {
            "count": EXPORTS_PER_HOUR
        }
        return render(request, "core/error.html", {"title": _("Too many downloads"), "message": message}, status=429)
    data = services.export_personal_data(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="engagement-hub-your-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirm, then erase your data everywhere and delete the account."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            is_staff = is_staff_member(user)
            logout(request)
            services.delete_account(user, keep_staff_audit=is_staff)  # type: ignore[arg-type]
            messages.success(request, _("Your account and the data held about you have been deleted."))
            return redirect("website:home")
        status = 400
    else:
        status = 200
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "page_title": _("Delete your account"),
            "breadcrumbs": [*_crumbs(), (_("Delete your account"), None)],
        },
        status=status,
    )


@staff_required()
def tokens(request: HttpRequest) -> HttpResponse:
    """Your personal API tokens: create one (shown once), see them, revoke them."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            days = form.cleaned_data["expires_in_days"]
            expires = timezone.now() + timedelta(days=days) if days else None
            try:
                _token, new_key = services.create_api_token(
                    user=request.user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    expires_at=expires,
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                status = 400
            else:
                form = ApiTokenForm()
        else:
            status = 400
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user.pk),
            "page_title": "API tokens",
            "breadcrumbs": [*_crumbs(), ("API tokens", None)],
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required()
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user.pk)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("accounts:tokens")


# ---------------------------------------------------------------- your data, for people without an account

# Links asked for from one connection, and sent to one address (an inbox must not be flooded with them).
LINKS_PER_CLIENT = ratelimit.Rate(10, 3600)
LINKS_PER_ADDRESS = ratelimit.Rate(3, 86400)
# Downloads and views of one address's data: each searches the whole outbox and audit log.
VIEWS_PER_ADDRESS = ratelimit.Rate(20, 3600)


def _json(data: dict[str, object]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _your_data_crumbs(here: str) -> list[tuple[str, str | None]]:
    return [(_("Your data"), reverse("accounts:your_data")), (here, None)]


def _summary(data: dict[str, object]) -> list[tuple[str, int]]:
    out = []
    for key, value in data.items():
        if key == "exported_at":
            continue
        count = len(value) if isinstance(value, list | dict) else int(bool(value))
        out.append((_part_name(key), count))
    return out


def _expired(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/your_data_expired.html",
        {"page_title": _("This link has expired"), "breadcrumbs": _your_data_crumbs(_("Link expired"))},
        status=410,
    )


def _holder_or_gone(request: HttpRequest, token: str) -> EmailHolder | HttpResponse:
    holder = services.holder_from_token(token)
    if holder is None:
        return _expired(request)
    allowed, retry_after = ratelimit.hit("your-data-view", holder.email, VIEWS_PER_ADDRESS)
    if not allowed:
        return ratelimit.too_many_requests(request, retry_after)
    return holder


@never_cache
def your_data(request: HttpRequest) -> HttpResponse:
    """Ask for a link to the data held under an email address (for people without an account). The answer
    is the same whether or not anything is held: only the address's owner learns that, from the email."""
    form = YourDataForm(request.POST or None)
    status = 200
    if request.method == "POST":
        allowed, retry_after = ratelimit.hit("your-data", ratelimit.client_key(request), LINKS_PER_CLIENT)
        if not allowed:
            return ratelimit.too_many_requests(request, retry_after)
        if form.is_valid():
            email = form.cleaned_data["email"]
            fresh, _retry_after = ratelimit.hit("your-data-address", email.strip().lower(), LINKS_PER_ADDRESS)
            if fresh:
                services.send_your_data_link(email, language=get_language())
            return render(
                request,
                "accounts/your_data_sent.html",
                {"email": email, "page_title": _("Check your email"), "breadcrumbs": _your_data_crumbs(_("Sent"))},
            )
        status = 400
    return render(
        request,
        "accounts/your_data.html",
        {"form": form, "page_title": _("Your data"), "breadcrumbs": [(_("Your data"), None)]},
        status=status,
    )


@never_cache
def your_data_link(request: HttpRequest, token: str) -> HttpResponse:
    """What is held under the address the link was sent to, with a download and the way to erase it."""
    holder = _holder_or_gone(request, token)
    if isinstance(holder, HttpResponse):
        return holder
    data = services.export_personal_data(holder)
    # The token is in the address: the site's referrer policy (same-origin) keeps it from other sites.
    return render(
        request,
        "accounts/your_data_link.html",
        {
            "holder": holder,
            "token": token,
            "summary": _summary(data),
            "data_json": _json(data),
            "page_title": _("The data we hold about you"),
            "breadcrumbs": _your_data_crumbs(_("What we hold")),
        },
    )


@never_cache
def your_data_download(request: HttpRequest, token: str) -> HttpResponse:
    holder = _holder_or_gone(request, token)
    if isinstance(holder, HttpResponse):
        return holder
    response = HttpResponse(_json(services.export_personal_data(holder)), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="engagement-hub-your-data.json"'
    return response


@never_cache
def your_data_erase(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm, then erase everything held under the address (all of it or none)."""
    holder = services.holder_from_token(token)
    if holder is None:
        return _expired(request)
    form = EraseYourDataForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.erase_by_email(holder)
            return render(
                request,
                "accounts/your_data_erased.html",
                {"page_title": _("Your data has been erased"), "breadcrumbs": _your_data_crumbs(_("Erased"))},
            )
        status = 400
    return render(
        request,
        "accounts/your_data_erase.html",
        {
            "form": form,
            "token": token,
            "page_title": _("Erase your data"),
            "breadcrumbs": _your_data_crumbs(_("Erase")),
        },
        status=status,
    )
