"""Admin: configuration (templates, campaigns, settings, schedules) and a read-mostly outbox."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from automation import selectors, services
from automation.models import (
    Alert,
    AutomationSettings,
    Campaign,
    CampaignRun,
    OutboundMessage,
    OutboundStatus,
    WhatsAppTemplate,
)


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
        return False  # messages are queued only through automation.services.queue_message

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


class CampaignRunInline(admin.TabularInline):
    model = CampaignRun
    extra = 0
    readonly_fields = ["period", "started_at", "recipients"]
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "segment",
        "frequency",
        "is_active",
        "approved_at",
        "sent_count",
        "failed_count",
        "unsubscribed_count",
    ]
    list_filter = ["frequency", "is_active"]
    readonly_fields = ["approved_by", "approved_at", "created_at"]
    inlines = [CampaignRunInline]
    actions = ["approve"]

    def get_queryset(self, request):
        return selectors.campaigns_with_counts()

    @admin.display(description=_("terkirim"), ordering="sent_count")
    def sent_count(self, obj) -> int:
        return obj.sent_count

    @admin.display(description=_("gagal"), ordering="failed_count")
    def failed_count(self, obj) -> int:
        return obj.failed_count

    @admin.display(description=_("berhenti berlangganan"), ordering="unsubscribed_count")
    def unsubscribed_count(self, obj) -> int:
        return obj.unsubscribed_count

    @admin.action(description=_("Setujui kampanye"), permissions=["approve"])
    def approve(self, request, queryset):
        queryset.filter(approved_at__isnull=True).update(approved_by=request.user, approved_at=timezone.now())

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("automation.approve_campaign")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["key", "message"]
    raw_id_fields = ["recipient"]


@admin.register(AutomationSettings)
class AutomationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "inquirer_follow_up_mode",
        "inquirer_follow_up_days",
        "sla_warning_minutes",
        "max_send_attempts",
    ]

    def has_add_permission(self, request) -> bool:
        return not AutomationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
