"""Recompute the resolution due time of every open inquiry with the corrected clock (issue 10, item 3):
24 hours from the first working instant at or after receipt, never before the first response is due."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations


def _calendar(apps):
    """The office calendar from the historical rows (the same rules as core.calendar.build_calendar)."""
    import holidays as holidays_lib

    from core import workhours

    OfficeHoursBlock = apps.get_model("core", "OfficeHoursBlock")
    HoursOverride = apps.get_model("core", "HoursOverride")
    OfficeClosure = apps.get_model("core", "OfficeClosure")
    weekly = defaultdict(list)
    for block in OfficeHoursBlock.objects.all():
        weekly[block.weekday].append((block.starts_at, block.ends_at))
    overrides = []
    for override in HoursOverride.objects.prefetch_related("blocks"):
        override_weekly = defaultdict(list)
        for block in override.blocks.all():
            override_weekly[block.weekday].append((block.starts_at, block.ends_at))
        overrides.append(workhours.Override(override.starts_on, override.ends_on, dict(override_weekly)))
    return workhours.WorkingCalendar(
        tz=ZoneInfo(settings.OFFICE_TIME_ZONE),
        weekly=dict(weekly) if weekly else workhours.DEFAULT_WEEKLY,
        holidays=holidays_lib.country_holidays("ID"),
        closures=tuple(OfficeClosure.objects.values_list("starts_on", "ends_on")),
        overrides=tuple(overrides),
    )


def recompute(apps, schema_editor):
    from inquiries import sla

    Inquiry = apps.get_model("inquiries", "Inquiry")
    open_rows = Inquiry.objects.filter(status__in=["open", "waiting_on_unit", "answered"])
    if not open_rows.exists():
        return
    calendar = _calendar(apps)
    for inquiry in open_rows.only("pk", "received_at", "first_response_at").iterator():
        due = sla.resolution_due(calendar, inquiry.received_at)
        updates = {"resolution_due": due}
        if inquiry.first_response_at is not None:
            updates["sla_due_at"] = due  # the inbox counts down to resolution after the first reply
        Inquiry.objects.filter(pk=inquiry.pk).update(**updates)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_sync_roles"),
        ("inquiries", "0007_survey_route"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
