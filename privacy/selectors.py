"""Reads for de-duplication: the pairs of leads that are probably one person, and recent merges.

Finding the pairs is one SQL statement (`found_pairs_sql`): every detector yields (id, id, reason,
score), the pairs are grouped (a pair found twice shows both reasons) and dismissed pairs are left
out. Detectors compare leads only inside a block (the same school or company and first letter, the
same name key, the same email local part, the same number), never all leads with all leads. Even
so it takes seconds at 100,000 leads, so `privacy.services.scan_duplicates` stores its result in
DuplicateCandidate (hourly beat job, or on demand) and the page reads that table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.models import Lead, LeadMerge
from privacy.models import DuplicateCandidate

# A name as duplicates match it: lower case, without spaces, dots and commas ("M. Rizki" and
# "m rizki" are one key). The same expression is indexed by privacy/migrations/0003.
NAME_KEY = "LOWER(REPLACE(REPLACE(REPLACE({t}.full_name, ' ', ''), '.', ''), ',', ''))"
EMAIL_LOCAL = {
    "postgresql": "LOWER(SPLIT_PART({t}.email, '@', 1))",
    "sqlite": "LOWER(SUBSTR({t}.email, 1, INSTR({t}.email, '@') - 1))",
}
# pg_trgm similarity of two names of the same school that start alike: 0.6 keeps "Siti Rahmawati" /
# "Siti Rahmawaty" and drops "Dimas Lestari" / "Dewi Lestari" (0.5).
SIMILARITY_THRESHOLD = 0.6
MIN_EMAIL_LOCAL = 4  # "info", "admin" and longer; "a@…" / "ab@…" say nothing about a person

REASONS = {
    "phone": _("Nomor telepon/WhatsApp sama"),
    "name": _("Nama sama dan sekolah/perusahaan sama"),
    "similar": _("Nama mirip dan sekolah/perusahaan sama"),
    "email": _("Bagian awal email sama"),
}
_SCORE = {"phone": 1.0, "name": 0.9, "email": 0.7}
UNDO_WINDOW = dt.timedelta(hours=24)


def _detectors(vendor: str) -> list[tuple[str, list[Any]]]:
    a_key, b_key = NAME_KEY.format(t="a"), NAME_KEY.format(t="b")
    live = "NOT a.is_erased AND NOT b.is_erased"
    statements: list[tuple[str, list[Any]]] = [
        # Should be impossible (LeadContact's unique constraint): a safety net that costs an index join.
        *(
            (
                f"SELECT a.id AS x, b.id AS y, 'phone' AS reason, %s AS score FROM leads_lead a JOIN leads_lead b ON b.{other} = a.{mine} "
                f"AND b.id {'<>' if mine != other else '>'} a.id WHERE a.{mine} <> '' AND {live}",
                [_SCORE["phone"]],
            )
            for mine, other in (("phone", "phone"), ("whatsapp", "whatsapp"), ("phone", "whatsapp"))
        ),
        (
            f"SELECT a.id AS x, b.id AS y, 'name' AS reason, %s AS score FROM leads_lead a JOIN leads_lead b "
            f"ON {b_key} = {a_key} AND b.institution_id = a.institution_id AND b.id > a.id "
            f"WHERE a.institution_id IS NOT NULL AND {live}",
            [_SCORE["name"]],
        ),
    ]
    local = EMAIL_LOCAL.get(vendor, EMAIL_LOCAL["sqlite"])
    a_local, b_local = local.format(t="a"), local.format(t="b")
    statements.append(
        (
            f"SELECT a.id AS x, b.id AS y, 'email' AS reason, %s AS score FROM leads_lead a JOIN leads_lead b "
            f"ON {b_local} = {a_local} AND b.id > a.id "
            f"WHERE a.email <> '' AND b.email <> '' AND LENGTH({a_local}) >= %s AND {live}",
            [_SCORE["email"], MIN_EMAIL_LOCAL],
        )
    )
    if vendor == "postgresql":
        # Blocked by school and first letter of the name key; exact keys are the 'name' detector's.
        statements.append(
            (
                "SELECT a.id AS x, b.id AS y, 'similar' AS reason, "
                "0.8 * SIMILARITY(LOWER(a.full_name), LOWER(b.full_name)) AS score "
                "FROM leads_lead a JOIN leads_lead b ON b.institution_id = a.institution_id "
                f"AND LEFT({b_key}, 1) = LEFT({a_key}, 1) AND b.id > a.id "
                f"WHERE a.institution_id IS NOT NULL AND {live} AND {b_key} <> {a_key} "
                "AND SIMILARITY(LOWER(a.full_name), LOWER(b.full_name)) >= %s",
                [SIMILARITY_THRESHOLD],
            )
        )
    return statements


def found_pairs_sql(vendor: str) -> tuple[str, list[Any]]:
    """SELECT low, high, reasons, score of every pair the detectors find (dismissed ones left out)."""
    parts: list[str] = []
    params: list[Any] = []
    for sql, args in _detectors(vendor):
        parts.append(sql)
        params.extend(args)
    concat = "STRING_AGG(reason, ',')" if vendor == "postgresql" else "GROUP_CONCAT(reason, ',')"
    sql = (
        "SELECT low, high, reasons, score FROM ("
        f"SELECT low, high, {concat} AS reasons, MAX(score) AS score FROM ("
        "SELECT CASE WHEN x < y THEN x ELSE y END AS low, CASE WHEN x < y THEN y ELSE x END AS high, "
        "reason, score FROM (" + " UNION ALL ".join(parts) + ") AS found"
        ") AS pairs GROUP BY low, high) AS g "
        "WHERE NOT EXISTS (SELECT 1 FROM privacy_duplicatedismissal d "
        "WHERE d.lead_low_id = g.low AND d.lead_high_id = g.high)"
    )
    return sql, params


def reason_labels(reasons: str) -> list[str]:
    codes = [code for code in REASONS if code in reasons.split(",")]
    return [str(REASONS[code]) for code in codes]


def duplicate_page(number: int | str | None, *, per_page: int = 20) -> Page:
    """One page of the finder's pairs, best first, each with both leads' school, programme and owner.

    Three queries: the count, the page's ids in index order from the pair table alone (a join in
    that query makes PostgreSQL sort the whole join: 1.3 s at page 500 of 20,000 pairs instead of
    35 ms), then those rows with their leads. No filter is needed: the scan leaves out erased leads
    and dismissed pairs, erase and "bukan duplikat" delete their rows, a merge cascades them away.
    """
    ids = DuplicateCandidate.objects.order_by("-score", "-lead_high", "-lead_low").values_list(
        "pk", flat=True
    )
    page = Paginator(ids, per_page).get_page(number)
    rows = DuplicateCandidate.objects.select_related(
        "lead_low__institution",
        "lead_low__program",
        "lead_low__owner",
        "lead_high__institution",
        "lead_high__program",
        "lead_high__owner",
    ).in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]  # type: ignore[misc]
    return page


def last_scan_at() -> dt.datetime | None:
    return DuplicateCandidate.objects.order_by("-found_at").values_list("found_at", flat=True).first()


def recent_merges(*, now: dt.datetime | None = None) -> QuerySet[LeadMerge]:
    """Merges of the last 24 hours that are not undone yet (the ones an undo may still reverse)."""
    now = now or timezone.now()
    return (
        LeadMerge.objects.filter(
            merged_at__gt=now - UNDO_WINDOW, undone_at__isnull=True, kept__is_erased=False
        )
        .select_related("kept", "merged_by")
        .order_by("-merged_at")
    )


def rows_moving(lead: Lead) -> list[tuple[str, int]]:
    """What a merge would move from `lead`: (rows' name, count) per related table that has any."""
    from privacy.services.merging import moving_relations  # the service owns the list of relations

    counts = []
    for relation in moving_relations():
        model = relation.related_model
        if relation.many_to_many:
            count = getattr(lead, relation.get_accessor_name()).count()
        else:
            count = model._default_manager.filter(**{relation.field.name: lead}).count()
        if count:
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts
