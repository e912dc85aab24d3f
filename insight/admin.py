from django.contrib import admin

from core.admin import AuditedModelAdmin
from insight.models import Measure, Period, Result, Source


@admin.register(Measure)
class MeasureAdmin(AuditedModelAdmin):
    list_display = ["label", "key", "order", "source"]
    search_fields = ["label", "key"]


@admin.register(Period)
class PeriodAdmin(AuditedModelAdmin):
    list_display = ["label", "kind", "start", "end"]
    list_filter = ["kind"]


@admin.register(Source)
class SourceAdmin(AuditedModelAdmin):
    list_display = ["name", "is_fictional", "imported_at"]


@admin.register(Result)
class ResultAdmin(AuditedModelAdmin):
    list_display = ["measure", "borough", "period", "proportion", "base", "source"]
    list_filter = ["measure", "period__kind", "source"]
    list_select_related = ["measure", "borough", "period", "source"]
    raw_id_fields = ["borough", "period"]
