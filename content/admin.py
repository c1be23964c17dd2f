"""Admin for configuration and inspection; the content workflow itself runs on /content/."""

from django.contrib import admin

from content.models import Attribution, ContentAsset, ContentItem, ContentStatusChange


class StatusChangeInline(admin.TabularInline):
    model = ContentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "seconds_in_step", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "channel", "status", "campaign", "scheduled_at", "posted_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code", "title", "campaign"]
    # Status moves go through content.services.transition_item (history, permissions), not here.
    readonly_fields = ["code", "status", "status_changed_at", "posted_at", "link_clicks", "checked_points"]
    inlines = [StatusChangeInline]


@admin.register(ContentAsset)
class ContentAssetAdmin(admin.ModelAdmin):
    list_display = ["name", "item", "kind", "content_type", "size", "added_at"]


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["item", "lead", "inquiry", "via", "created_at"]
    list_filter = ["via"]
    raw_id_fields = ["lead", "inquiry"]
