"""Reports read the other apps' rows; this app owns only the permission to see them and the costs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """Carrier of the `view_reports` permission; no rows are stored."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_reports", "Can view dashboards and reports"),
            # Admin Media Sosial owns the daily report (SOP 02 stage 4): one day, no conversion or costs.
            ("view_daily_report", "Can view the daily report"),
        ]


class SourceCost(models.Model):
    """Marketing spend per lead source and month, for the monthly ROI report."""

    source = models.CharField(_("sumber"), max_length=20)
    month = models.DateField(_("bulan"), help_text=_("Tanggal 1 bulan itu"))
    amount = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "month"], name="sourcecost_unique_month")]
