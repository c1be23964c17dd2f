"""Configuration only (programmes, institutions, segments, newsletter campaigns); lead work happens
in the product pages."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import selectors
from leads.models import Campaign, CampaignRun, Institution, SavedSegment, StudyProgram


@admin.register(StudyProgram)
class StudyProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    list_filter = ["is_active"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "npsn", "city"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "npsn"]


@admin.register(SavedSegment)
class SavedSegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "query", "created_by", "is_shared"]


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
        return request.user.has_perm("leads.approve_campaign")
