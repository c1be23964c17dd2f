"""Rows of the de-duplication work: a pair of leads staff said are two different people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DuplicateDismissal(models.Model):
    """ "Bukan duplikat": the finder no longer suggests this pair. Stored with the lower id first, so
    one pair has one row whichever side was clicked; both leads cascade (a merged-away lead's
    dismissals go with it)."""

    lead_low = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="+")
    lead_high = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bukan duplikat")
        verbose_name_plural = _("bukan duplikat")
        constraints = [
            models.UniqueConstraint(fields=["lead_low", "lead_high"], name="duplicatedismissal_unique_pair"),
            models.CheckConstraint(
                condition=Q(lead_low__lt=F("lead_high")), name="duplicatedismissal_ordered"
            ),
        ]


class DuplicateCandidate(models.Model):
    """A pair the last scan (privacy.services.scan_duplicates) found likely to be one person, with its
    reason codes: the finder page pages through these rows instead of comparing 100,000 leads per
    request. Merging or erasing a lead takes its pairs off the page (cascade / is_erased filter)."""

    lead_low = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="+")
    lead_high = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="+")
    reasons = models.CharField(max_length=60)  # comma-separated codes of privacy.selectors.REASONS
    score = models.FloatField()
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kemungkinan duplikat")
        verbose_name_plural = _("kemungkinan duplikat")
        constraints = [
            models.UniqueConstraint(fields=["lead_low", "lead_high"], name="duplicatecandidate_unique_pair"),
        ]
        # The finder's order: best score first, then the newest pair.
        indexes = [
            models.Index(fields=["-score", "-lead_high", "-lead_low"], name="duplicatecandidate_order")
        ]

    @property
    def leads(self) -> tuple:
        return (self.lead_low, self.lead_high)
