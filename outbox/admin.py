"""Admin: the approved WhatsApp templates and a read-mostly outbox."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from outbox import services
from outbox.models import OutboundMessage, OutboundStatus, WhatsAppTemplate


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "channel", "recipient", "purpose", "status", "attempts", "error_code"]
    list_filter = ["status", "channel", "purpose"]
    search_fields = ["recipient", "provider_message_id", "dedup_key", "lead__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["lead"]
    raw_id_fields = ["lead", "inquiry", "campaign", "created_by"]
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # messages are queued only through outbox.services.queue_message

    @admin.action(description=_("Kirim ulang pesan gagal"), permissions=["change"])
    def retry_failed(self, request, queryset):
        count = sum(
            services.retry_message(message, by=request.user)
            for message in queryset.filter(status=OutboundStatus.FAILED)
        )
        self.message_user(
            request, _("%(count)s pesan dimasukkan kembali ke antrean.") % {"count": count}, messages.SUCCESS
        )


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "purpose", "parameters", "is_active"]
    list_filter = ["purpose", "is_active"]
