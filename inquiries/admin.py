"""Configuration only: categories and keywords, units and members; raw webhook events to inspect."""

from django.contrib import admin

from inquiries.models import Category, Unit, WebhookEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "default_unit", "is_active"]
    list_filter = ["level", "is_active"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email"]
    filter_horizontal = ["members"]


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
