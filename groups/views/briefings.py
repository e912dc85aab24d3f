"""Briefing packs: role definitions, how-to guides and presentation templates, with their documents."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import audit
from core.errors import ServiceError
from core.forms import add_service_error
from groups import permissions, services
from groups.forms import BriefingDocumentForm, BriefingPackForm
from groups.models import BriefingDocument, BriefingPack, CommunityGroup, Member
from groups.views.common import render_form
from organisations.decorators import staff_required
from organisations.scope import Capability

CRUMBS = [("Workspace", "/staff/"), ("Groups", "/groups/"), ("Briefings", "/groups/briefings/")]


@staff_required()
@require_safe
def briefing_list(request: HttpRequest) -> HttpResponse:
    packs = BriefingPack.objects.prefetch_related("documents")
    group_kind = request.GET.get("group_kind", "")
    role = request.GET.get("role", "")
    if group_kind in CommunityGroup.Kind.values:
        packs = packs.filter(group_kind__in=[group_kind, ""])
    if role in Member.Role.values:
        packs = packs.filter(role__in=[role, ""])
    return render(
        request,
        "groups/briefing_list.html",
        {
            "packs": packs,
            "group_kind": group_kind,
            "role": role,
            "group_kinds": CommunityGroup.Kind.choices,
            "roles": Member.Role.choices,
            "can_manage": permissions.manages_groups(request.user),
            "page_title": "Briefing packs",
            "breadcrumbs": [*CRUMBS[:2], ("Briefings", None)],
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def briefing_create(request: HttpRequest) -> HttpResponse:
    form = BriefingPackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pack = form.save()
        audit.log(request.user, "group.briefing_created", pack)
        messages.success(request, f"Briefing pack “{pack.title}” created.")
        return redirect(pack)
    return render_form(
        request,
        "groups/briefing_form.html",
        {"form": form, "page_title": "New briefing pack", "breadcrumbs": [*CRUMBS, ("New", None)]},
    )


@staff_required()
@require_safe
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(BriefingPack, pk=pk)
    return render(
        request,
        "groups/briefing_detail.html",
        {
            "pack": pack,
            "form": BriefingDocumentForm(),
            "can_manage": permissions.manages_groups(request.user),
            "receipt_count": pack.receipts.count(),
            "page_title": pack.title,
            "breadcrumbs": [*CRUMBS, (pack.title, None)],
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def briefing_upload(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(BriefingPack, pk=pk)
    form = BriefingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_briefing_document(
                pack=pack, by=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Document added.")
            return redirect(pack)
    return render(
        request,
        "groups/briefing_detail.html",
        {
            "pack": pack,
            "form": form,
            "can_manage": True,
            "receipt_count": pack.receipts.count(),
            "page_title": pack.title,
            "breadcrumbs": [*CRUMBS, (pack.title, None)],
        },
        status=400,
    )


@staff_required()
@require_safe
def briefing_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(BriefingDocument, pk=pk)
    name = (document.file.name or "document").rsplit("/", 1)[-1]
    response: Any = FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
    return response
