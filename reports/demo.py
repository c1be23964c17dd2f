"""Demo marketing spend per source for the last two months (the monthly ROI table), and the cohort
roll-up recounted over the demo leads."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from leads.models import LeadSource
from reports import rollups
from reports.models import SourceCost

MONTHLY_SPEND = {
    LeadSource.SOCIAL_MEDIA: 4_500_000,
    LeadSource.SCHOOL_VISIT: 3_000_000,
    LeadSource.EXHIBITION: 6_000_000,
    LeadSource.WEBSITE: 750_000,
    LeadSource.ONLINE_FORM: 500_000,
}


def seed(stdout, now) -> None:
    this_month = timezone.localdate(now).replace(day=1)
    last_month = (this_month - timezone.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        for source, amount in MONTHLY_SPEND.items():
            SourceCost.objects.get_or_create(source=source, month=month, defaults={"amount": Decimal(amount)})
    stdout.write(f"  reports: spend per source for {last_month:%Y-%m} and {this_month:%Y-%m}")
    # The demo backdates leads and inquiries with update() (no model signal): recount the roll-up.
    result = rollups.rebuild()
    stdout.write(f"  reports: cohort roll-up recounted ({result['days']} days)")
