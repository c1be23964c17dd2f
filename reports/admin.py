from django.contrib import admin

from reports.models import SourceCost


@admin.register(SourceCost)
class SourceCostAdmin(admin.ModelAdmin):
    list_display = ["month", "source", "amount"]
    list_filter = ["source"]
