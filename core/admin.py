from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.calendar import clear_calendar_cache
from core.models import (
    Alert,
    AuditLog,
    AutomationSettings,
    HoursOverride,
    HoursOverrideBlock,
    OfficeClosure,
    OfficeHoursBlock,
    ResponseTemplate,
)
from core.people import display_name


class CalendarAdminMixin(admin.ModelAdmin):
    """Calendar edits take effect at once for every SLA clock."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        clear_calendar_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        clear_calendar_cache()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        clear_calendar_cache()


@admin.register(OfficeHoursBlock)
class OfficeHoursBlockAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ["weekday", "starts_at", "ends_at"]
    list_filter = ["weekday"]


@admin.register(OfficeClosure)
class OfficeClosureAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]


class HoursOverrideBlockInline(admin.TabularInline):
    model = HoursOverrideBlock
    extra = 1


@admin.register(HoursOverride)
class HoursOverrideAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [HoursOverrideBlockInline]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "track", "language", "is_active", "approved_at"]
    list_filter = ["kind", "track", "is_active"]
    search_fields = ["name", "body"]
    # The text in use changes only by approving a version in the library (/templates/).
    readonly_fields = [
        "subject",
        "body",
        "whatsapp_template_name",
        "approved_by",
        "approved_at",
        "approved_version",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # templates are drafted and approved in the library (/templates/)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor_name", "object_type", "object_id"]
    list_select_related = ["actor"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    @admin.display(description=_("pelaku"), ordering="actor")
    def actor_name(self, row: AuditLog) -> str:
        return display_name(row.actor)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient_name", "shown_message", "read_at", "resolved_at"]
    list_select_related = ["recipient"]
    list_filter = ["read_at", "resolved_at"]
    search_fields = ["key", "message"]
    raw_id_fields = ["recipient"]

    @admin.display(description=_("penerima peringatan"), ordering="recipient")
    def recipient_name(self, alert: Alert) -> str:
        return display_name(alert.recipient)

    @admin.display(description=_("pesan"))
    def shown_message(self, alert: Alert) -> str:
        return alert.get_message_display()


@admin.register(AutomationSettings)
class AutomationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "inquirer_follow_up_mode",
        "inquirer_follow_up_days",
        "sla_warning_minutes",
        "max_send_attempts",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AutomationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
