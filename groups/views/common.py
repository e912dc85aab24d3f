from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from groups import permissions
from groups.models import CommunityGroup


def readable_group(request: HttpRequest, pk: int) -> CommunityGroup:
    groups = CommunityGroup.objects.select_related("ward__borough", "borough", "supporting_unit", "represented_on")
    group = get_object_or_404(groups, pk=pk)
    if not permissions.can_read(request.user, group):
        raise Http404("No such group")
    return group


def render_form(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if context.get("form") is not None and context["form"].is_bound and context["form"].errors:
        status = 400
    return render(request, template, context, status=status)
