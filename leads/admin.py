"""Configuration only (programmes, institutions, segments); lead work happens in the product pages."""

from django.contrib import admin

from leads.models import Institution, SavedSegment, StudyProgram


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
