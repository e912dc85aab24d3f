"""Auditing for the Django admin: create, change (with a field diff), delete and every admin action are
written to the audit log in the admin's own transaction.

The admin site (`engagehub.admin.AuditedAdminSite`) wraps each ModelAdmin registered with it with
`audited()`, so no app (nor a library such as allauth) has to remember to. A ModelAdmin may name fields
never to record in `audit_exclude`; credentials and second-factor secrets are never recorded.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from core import audit

NOTE = "Django admin"
# Never written to the audit log, whatever the model: credentials and second-factor secrets.
ALWAYS_EXCLUDED = ("password", "key_hash", "last_login", "data", "secret")


def _m2m_snapshot(obj: models.Model) -> dict[str, Any]:
    if obj.pk is None:
        return {}
    return {f.name: sorted(str(o) for o in getattr(obj, f.name).all()) for f in obj._meta.many_to_many}


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin that records create, change (with a field diff), delete and admin actions in the audit
    log, in the admin's own transaction."""

    audit_exclude: tuple[str, ...] = ()

    def audit_snapshot(self, obj: models.Model) -> dict[str, Any]:
        values = audit.snapshot(obj)
        values.update(_m2m_snapshot(obj))
        for name in (*ALWAYS_EXCLUDED, *self.audit_exclude):
            values.pop(name, None)
        return values

    def audit_action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.model_name}.{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = self.audit_snapshot(stored)
        request._eh_audit_before = (change, before)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        was_change, before = getattr(request, "_eh_audit_before", (change, {}))
        after = self.audit_snapshot(obj)
        if was_change:
            changes = audit.diff(before, after)
            if changes or any(f.has_changed() for f in formsets or []):
                audit.log(request.user, self.audit_action(obj, "changed"), obj, changes=changes, note=NOTE)
        else:
            audit.log(request.user, self.audit_action(obj, "created"), obj, changes=after, note=NOTE)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.log(request.user, self.audit_action(obj, "deleted"), obj, changes=self.audit_snapshot(obj), note=NOTE)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit.log(request.user, self.audit_action(obj, "deleted"), obj, changes=self.audit_snapshot(obj), note=NOTE)
        super().delete_queryset(request, queryset)

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        """Run an admin action and record it against each selected record, all in one transaction."""
        name = request.POST.get("action", "")
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        # "Delete selected" records each deletion itself (delete_queryset), after its confirmation page.
        if name == "delete_selected" or not selected or name not in self.get_actions(request):
            return super().response_action(request, queryset, *args, **kwargs)
        with transaction.atomic():
            for obj in queryset.filter(pk__in=selected):
                audit.log(request.user, self.audit_action(obj, name), obj, note=NOTE)
            return super().response_action(request, queryset, *args, **kwargs)


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """`admin_class`, recording its changes in the audit log (unchanged if it already does)."""
    if issubclass(admin_class, AuditedModelAdmin):
        return admin_class
    return type(admin_class.__name__, (AuditedModelAdmin, admin_class), {"__module__": admin_class.__module__})
