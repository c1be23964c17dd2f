"""Configuration only: categories and keywords, units with their members and response chain, the
chain's time standards, inbox assignment; raw webhook events and ticket downloads to inspect."""

from django.contrib import admin

from inquiries.models import (
    Category,
    ChainMember,
    ChainStepStandard,
    InboxSettings,
    TicketExport,
    Unit,
    WebhookEvent,
)


class ChainMemberInline(admin.TabularInline):
    model = ChainMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "default_unit", "is_active"]
    list_filter = ["level", "is_active"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email", "requires_validation"]
    filter_horizontal = ["members"]
    inlines = [ChainMemberInline]


@admin.register(ChainStepStandard)
class ChainStepStandardAdmin(admin.ModelAdmin):
    list_display = ["role", "working_minutes"]


@admin.register(InboxSettings)
class InboxSettingsAdmin(admin.ModelAdmin):
    list_display = ["assignment_mode", "last_assigned"]
    readonly_fields = ["last_assigned"]

    def has_add_permission(self, request) -> bool:
        return not InboxSettings.objects.exists()


@admin.register(TicketExport)
class TicketExportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "file_format", "row_count"]
    readonly_fields = ["created_at", "user", "file_format", "row_count", "filters"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["id", "source", "state", "is_test", "received_at", "attempts"]
    list_filter = ["state", "source", "is_test"]
    readonly_fields = [
        "source",
        "body_text",
        "received_at",
        "state",
        "claimed_at",
        "processed_at",
        "attempts",
        "is_test",
        "error",
    ]
    exclude = ["body"]

    @admin.display(description="body")
    def body_text(self, obj) -> str:
        return bytes(obj.body).decode("utf-8", errors="replace")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
