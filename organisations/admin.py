from django.contrib import admin

from core.admin import AuditedModelAdmin
from organisations.models import Post, Unit
from places.models import Borough, CensusFigure, CommandUnit, Postcode, Ward


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "kind", "borough", "parent", "is_active"]
    list_filter = ["kind", "is_active", "borough"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["parent", "ward"]
    list_select_related = ["borough", "parent"]


@admin.register(Post)
class PostAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "role", "job_title", "london_wide", "listed_publicly", "ends_on"]
    list_filter = ["role", "listed_publicly", "london_wide"]
    search_fields = ["user__email", "user__display_name", "unit__name", "unit__short_name"]
    raw_id_fields = ["user", "unit"]
    filter_horizontal = ["boroughs", "wards"]
    list_select_related = ["user", "unit"]


def _register_places() -> None:
    """London's places, unless the places app registers them itself."""

    class WardAdmin(AuditedModelAdmin):
        list_display = ["name", "code", "borough", "population"]
        list_filter = ["borough"]
        search_fields = ["name", "code"]

    class BoroughAdmin(AuditedModelAdmin):
        list_display = ["name", "code", "command_unit", "police_force", "population"]
        search_fields = ["name", "code"]

    class CommandUnitAdmin(AuditedModelAdmin):
        list_display = ["name", "number"]

    class PostcodeAdmin(AuditedModelAdmin):
        list_display = ["display", "ward", "borough", "terminated"]
        search_fields = ["postcode", "display"]
        raw_id_fields = ["ward", "borough"]
        show_full_result_count = False

    class CensusFigureAdmin(AuditedModelAdmin):
        list_display = ["topic", "category", "ward", "borough", "value", "unit"]
        list_filter = ["topic", "unit"]
        raw_id_fields = ["ward", "borough"]
        show_full_result_count = False

    for model, model_admin in [
        (Ward, WardAdmin),
        (Borough, BoroughAdmin),
        (CommandUnit, CommandUnitAdmin),
        (Postcode, PostcodeAdmin),
        (CensusFigure, CensusFigureAdmin),
    ]:
        if not admin.site.is_registered(model):
            admin.site.register(model, model_admin)


_register_places()
