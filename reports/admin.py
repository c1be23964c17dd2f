from django.contrib import admin

from reports.models import ReportRecipient, SourceCost


@admin.register(SourceCost)
class SourceCostAdmin(admin.ModelAdmin):
    list_display = ["month", "source", "event", "amount", "updated_by", "updated_at"]
    list_filter = ["source", "month"]
    search_fields = ["event", "note"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    """Addresses that receive the report emails besides the Kadiv and Supervisor users."""

    list_display = ["email", "name", "gets_daily", "gets_weekly", "gets_monthly", "is_active"]
    list_filter = ["is_active", "gets_daily", "gets_weekly", "gets_monthly"]
    search_fields = ["email", "name"]
