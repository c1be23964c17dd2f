"""De-duplication writes: store the finder's pairs (the scan) and remember "bukan duplikat"."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from core.models import AuditLog
from core.type_aliases import Actor
from leads.models import Lead
from privacy.models import DuplicateCandidate, DuplicateDismissal
from privacy.selectors import found_pairs_sql


def scan_duplicates(*, now: dt.datetime | None = None) -> int:
    """Replace the stored pairs with what the detectors find now (one INSERT … SELECT); returns
    how many. Two scans at once queue on the table lock instead of colliding on the unique pair."""
    now = now or timezone.now()
    sql, params = found_pairs_sql(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE privacy_duplicatecandidate IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM privacy_duplicatecandidate")
        cursor.execute(
            "INSERT INTO privacy_duplicatecandidate (lead_low_id, lead_high_id, reasons, score, found_at) "
            f"SELECT low, high, reasons, score, %s FROM ({sql}) AS s",
            [connection.ops.adapt_datetimefield_value(now), *params],
        )
        return cursor.rowcount


def dismiss_duplicate(first: Lead, second: Lead, *, by: Actor) -> DuplicateDismissal:
    """Remember that these two leads are different people: the finder stops suggesting the pair."""
    low, high = sorted((first.pk, second.pk))
    with transaction.atomic():
        dismissal, created = DuplicateDismissal.objects.get_or_create(
            lead_low_id=low, lead_high_id=high, defaults={"dismissed_by": by}
        )
        DuplicateCandidate.objects.filter(lead_low_id=low, lead_high_id=high).delete()
        if created:
            AuditLog.objects.create(
                action="leads.duplicate_dismiss",
                actor=by,
                object_type="lead",
                object_id=str(high),
                detail={"lead_ids": [low, high]},
            )
    return dismissal


def request_duplicate_scan() -> None:
    """Queue a scan after commit (the finder's "Pindai sekarang")."""
    # privacy.tasks imports this package: a module-level import would be a cycle.
    from privacy.tasks import scan_duplicates as scan_task

    transaction.on_commit(scan_task.delay)
