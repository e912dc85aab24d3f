"""How-to guides (versioned, with owners and review dates) and packs: given, acknowledged, and who lacks one."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from groups.models import Member
from organisations.decorators import staff_required
from practice import packs, permissions
from practice.forms import GiveForm, GuideForm, PackForm
from practice.models import Audience, Guide, Pack, PackReceipt
from practice.services import guides as services

GUIDE_CRUMBS = [("Workspace", "/staff/"), ("Guides", "/practice/guides/")]
PACK_CRUMBS = [("Workspace", "/staff/"), ("Packs", "/practice/packs/")]


def _reader(request: HttpRequest) -> None:
    if not permissions.reads_guides(request.user):
        raise PermissionDenied("Guides are for members of staff.")


def _manager(request: HttpRequest) -> None:
    if not permissions.manages_guides(request.user):
        raise PermissionDenied("Only the central engagement champion and administrators change guides and packs.")


@staff_required()
def guides(request: HttpRequest) -> HttpResponse:
    _reader(request)
    audience = request.GET.get("audience", "")
    audience = audience if audience in dict(Audience.choices) else ""
    qs = Guide.objects.filter(audience=audience) if audience else Guide.objects.all()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/guides.html",
        {
            "page": page,
            "audiences": Audience.choices,
            "audience": audience,
            "filter_query": f"audience={audience}" if audience else "",
            "today": timezone.localdate(),
            "can_manage": permissions.manages_guides(request.user),
            "page_title": "Guides",
            "breadcrumbs": [("Workspace", "/staff/"), ("Guides", None)],
        },
    )


@staff_required()
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    _reader(request)
    the_guide = get_object_or_404(Guide, slug=slug)
    versions = list(the_guide.versions.all())
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[0] if versions else None)
    if wanted and (version is None or str(version.number) != wanted):
        raise Http404("No such version of this guide.")
    return render(
        request,
        "practice/guide.html",
        {
            "guide": the_guide,
            "version": version,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "overdue": the_guide.review_due < timezone.localdate(),
            "can_manage": permissions.manages_guides(request.user),
            "page_title": the_guide.title,
            "breadcrumbs": [*GUIDE_CRUMBS, (the_guide.title, None)],
        },
    )


def _owner(form: GuideForm) -> Any:
    email = form.cleaned_data.get("owner_email")
    if not email:
        return None
    owner = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if owner is None:
        raise ServiceError("No member of staff has that email address.", field="owner_email")
    return owner


@staff_required()
def guide_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _manager(request)
    the_guide = get_object_or_404(Guide, slug=slug) if slug else None
    initial = None
    if the_guide is not None:
        current = the_guide.current
        initial = {
            **{f: getattr(the_guide, f) for f in ("title", "slug", "audience", "summary", "owner_role", "review_due")},
            "owner_email": the_guide.owner.email if the_guide.owner else "",
            "body": current.body if current else "",
        }
    form = GuideForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            data = {f: d[f] for f in ("title", "slug", "audience", "summary", "owner_role", "review_due")}
            try:
                saved = services.save_guide(
                    by=request.user,
                    guide=the_guide,
                    data=data,
                    body=d["body"],
                    change_note=d["change_note"],
                    owner=_owner(form),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"“{saved.title}” saved.")
                return redirect(saved)
    title = f"Change “{the_guide.title}”" if the_guide else "Add a guide"
    return render(
        request,
        "practice/edit.html",
        {"form": form, "page_title": title, "breadcrumbs": [*GUIDE_CRUMBS, (title, None)]},
        status=status,
    )


@staff_required()
def pack_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "practice/packs.html",
        {
            "packs": Pack.objects.all(),
            "mine": packs.mine(request.user),
            "can_manage": permissions.manages_guides(request.user),
            "reads_report": permissions.reads_pack_report(request.user),
            "page_title": "Packs",
            "breadcrumbs": [("Workspace", "/staff/"), ("Packs", None)],
        },
    )


def _members(pack: Pack) -> list[tuple[int, str]]:
    roles = [r for r, a in packs.MEMBER_AUDIENCE.items() if a == pack.audience]
    if not roles:
        return []
    today = timezone.localdate()
    current = Member.objects.filter(role__in=roles, term_start__lte=today).exclude(term_end__lt=today)
    return [(m.pk, f"{m.name} ({m.get_role_display()}, {m.group.name})") for m in current.select_related("group")[:300]]


def _pack_page(request: HttpRequest, pack: Pack, give_form: Any = None, status: int = 200) -> HttpResponse:
    manager = permissions.manages_guides(request.user)
    return render(
        request,
        "practice/pack.html",
        {
            "pack": pack,
            "guides": pack.guides.all(),
            "briefings": pack.briefings.all(),
            "receipts": pack.receipts.select_related("user", "member", "member__group") if manager else [],
            "give_form": give_form or (GiveForm(members=_members(pack)) if manager else None),
            "can_manage": manager,
            "page_title": pack.title,
            "breadcrumbs": [*PACK_CRUMBS, (pack.title, None)],
        },
        status=status,
    )


@staff_required()
def pack(request: HttpRequest, slug: str) -> HttpResponse:
    _reader(request)
    return _pack_page(request, get_object_or_404(Pack, slug=slug))


@staff_required()
def pack_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _manager(request)
    the_pack = get_object_or_404(Pack, slug=slug) if slug else None
    initial = None
    if the_pack is not None:
        initial = {
            **{f: getattr(the_pack, f) for f in ("title", "slug", "audience", "description", "required")},
            "guides": list(the_pack.guides.all()),
            "briefings": list(the_pack.briefings.all()),
        }
    form = PackForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            data = {f: d[f] for f in ("title", "slug", "audience", "description", "required")}
            try:
                saved = services.save_pack(
                    by=request.user, pack=the_pack, data=data, guides=list(d["guides"]), briefings=list(d["briefings"])
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"“{saved.title}” saved.")
                return redirect(saved)
    title = f"Change “{the_pack.title}”" if the_pack else "Add a pack"
    return render(
        request,
        "practice/edit.html",
        {"form": form, "page_title": title, "breadcrumbs": [*PACK_CRUMBS, (title, None)]},
        status=status,
    )


@require_POST
@staff_required()
def give(request: HttpRequest, slug: str) -> HttpResponse:
    _manager(request)
    the_pack = get_object_or_404(Pack, slug=slug)
    form = GiveForm(request.POST, members=_members(the_pack))
    if not form.is_valid():
        return _pack_page(request, the_pack, form, status=400)
    user = member = None
    if form.cleaned_data["email"]:
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", "No member of staff has that email address")
            return _pack_page(request, the_pack, form, status=400)
    else:
        member = Member.objects.filter(pk=form.cleaned_data["member"]).first()
        if member is None or member.pk not in {pk for pk, _label in _members(the_pack)}:
            form.add_error("member", "Choose a current group member this pack is for")
            return _pack_page(request, the_pack, form, status=400)
    try:
        services.give_pack(by=request.user, pack=the_pack, user=user, member=member)
    except ServiceError as exc:
        add_service_error(form, exc)
        return _pack_page(request, the_pack, form, status=exc.status)
    messages.success(request, "The pack is recorded as given.")
    return redirect(the_pack)


@require_POST
@staff_required()
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = PackReceipt.objects.select_related("pack").filter(pk=pk).first()
    mine = receipt is not None and receipt.user_id == request.user.pk
    if receipt is None or not (mine or (receipt.member_id and permissions.manages_guides(request.user))):
        raise Http404("No such pack of yours.")
    try:
        services.acknowledge(by=request.user, receipt=receipt)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("practice:packs")
    messages.success(request, f"Thank you: “{receipt.pack.title}” is acknowledged.")
    return redirect("practice:packs" if mine else receipt.pack.get_absolute_url())


@staff_required()
def report(request: HttpRequest) -> HttpResponse:
    if not permissions.reads_pack_report(request.user):
        raise PermissionDenied("Only the central engagement champion and administrators see who lacks a pack.")
    state = request.GET.get("state", "")
    state = state if state in ("Not given", "Not acknowledged") else ""
    rows = packs.report(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/pack_report.html",
        {
            "page": page,
            "state": state,
            "filter_query": f"state={state.replace(' ', '+')}" if state else "",
            "page_title": "Who has not had the pack their role needs",
            "breadcrumbs": [*PACK_CRUMBS, ("Who has not had their pack", None)],
        },
    )
