"""Writes on the content plan. Every status move goes through `transition_item` (one table, the row
locked, a history row with who, when, note and the time spent in the step it leaves)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from content.files import check_upload
from content.models import (
    CODE_PREFIX,
    AssetKind,
    ChecklistPoint,
    ContentAsset,
    ContentItem,
    ContentStatus,
    ContentStatusChange,
)

S = ContentStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.CONCEPT: frozenset({S.PRODUCTION, S.CANCELLED}),
    S.PRODUCTION: frozenset({S.REVIEW, S.CANCELLED}),
    S.REVIEW: frozenset({S.APPROVED, S.CHANGES_REQUESTED, S.CANCELLED}),
    S.CHANGES_REQUESTED: frozenset({S.PRODUCTION, S.REVIEW, S.CANCELLED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.POSTED, S.APPROVED, S.CANCELLED}),
    S.POSTED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Which permission a move *into* a status needs: the coordinator decides on review, staff do the rest.
APPROVE_PERMISSION = "content.approve_contentitem"
PRODUCE_PERMISSION = "content.change_contentitem"
REQUIRED_PERMISSIONS: dict[str, frozenset[str]] = {
    S.APPROVED: frozenset({APPROVE_PERMISSION}),
    S.CHANGES_REQUESTED: frozenset({APPROVE_PERMISSION}),
    S.CANCELLED: frozenset({APPROVE_PERMISSION, PRODUCE_PERMISSION}),
}
DEFAULT_REQUIRED = frozenset({PRODUCE_PERMISSION})


class IllegalMove(Exception):
    """The workflow forbids this move (HTTP 400)."""


class MoveNotPermitted(Exception):
    """The user's role may not make this move (HTTP 403)."""


def may_move_to(user: User, to: str) -> bool:
    """Whether the user's role may make moves into `to` (any one of the listed permissions)."""
    return any(user.has_perm(perm) for perm in REQUIRED_PERMISSIONS.get(to, DEFAULT_REQUIRED))


def allowed_moves(item: ContentItem, user: User) -> list[str]:
    """The statuses this user may move the item to now, in workflow order."""
    targets = ALLOWED_TRANSITIONS.get(item.status, frozenset())
    return [value for value in S.values if value in targets and may_move_to(user, value)]


def create_item(*, title: str, channel: str, by: User | None, **fields: Any) -> ContentItem:
    """A new item in `concept`, with its code (channel prefix and number, e.g. IG-0012)."""
    now = timezone.now()
    with transaction.atomic():
        item = ContentItem.objects.create(
            title=title,
            channel=channel,
            status=S.CONCEPT,
            status_changed_at=now,
            created_by=by,
            created_at=now,
            owner=fields.pop("owner", None) or by,
            **fields,
        )
        item.code = f"{CODE_PREFIX[item.channel]}-{item.pk:04d}"
        ContentItem.objects.filter(pk=item.pk).update(code=item.code)
        ContentStatusChange.objects.create(
            item=item, from_status="", to_status=S.CONCEPT, changed_by=by, changed_at=now, note="created"
        )
    return item


EDITABLE_FIELDS = {
    "title",
    "program",
    "campaign",
    "brief",
    "caption",
    "target_url",
    "owner",
    "scheduled_at",
    "url",
    "media_id",
    "cost",
}


def update_item(item: ContentItem, *, by: User | None, **fields: Any) -> ContentItem:
    """Change the plan's details (never the status or the code)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if item.status == S.SCHEDULED and "scheduled_at" in fields and fields["scheduled_at"] is None:
        raise IllegalMove(_("Konten terjadwal harus punya jadwal tayang."))
    for name, value in fields.items():
        setattr(item, name, value)
    if fields:
        item.save(update_fields=[*fields, "updated_at"])
    return item


def transition_item(
    item: ContentItem,
    *,
    to: str,
    by: User,
    note: str = "",
    scheduled_at: datetime | None = None,
    url: str = "",
    media_id: str = "",
    checklist: Iterable[str] | None = None,
) -> ContentItem:
    """Move the item to `to` if the workflow and the user's role allow it; write the history row.

    Scheduling needs a date (given or already planned); posting needs the SOP's re-check, every
    point of ChecklistPoint ticked (now or earlier), and records the public URL and media id.
    """
    if to not in S.values:
        raise IllegalMove(_("Status %(status)s tidak dikenal.") % {"status": to})
    if not may_move_to(by, to):
        if to in (S.APPROVED, S.CHANGES_REQUESTED):
            raise MoveNotPermitted(
                _("Hanya koordinator (Kadiv atau Koordinator Humas) yang dapat menyetujui.")
            )
        raise MoveNotPermitted(
            _("Peran Anda tidak dapat memindahkan konten ke %(status)s.") % {"status": S(to).label}
        )
    now = timezone.now()
    with transaction.atomic():
        locked = ContentItem.objects.select_for_update().get(pk=item.pk)
        current = locked.status
        if to not in ALLOWED_TRANSITIONS[current]:
            raise IllegalMove(
                _("Konten berstatus %(from)s tidak dapat dipindah ke %(to)s.")
                % {"from": S(current).label, "to": S(to).label}
            )
        update = ["status", "status_changed_at", "updated_at"]
        if to == S.SCHEDULED:
            locked.scheduled_at = scheduled_at or locked.scheduled_at
            if locked.scheduled_at is None:
                raise IllegalMove(_("Isi jadwal tayang sebelum menjadwalkan."))
            update.append("scheduled_at")
        if to == S.POSTED:
            points = set(locked.checked_points or []) | set(checklist or [])
            missing = [ChecklistPoint(p).label for p in ChecklistPoint.values if p not in points]
            if missing:
                raise IllegalMove(
                    _("Periksa ulang sebelum memposting: %(points)s.")
                    % {"points": ", ".join(map(str, missing))}
                )
            locked.checked_points = [p for p in ChecklistPoint.values if p in points]
            locked.posted_at = now
            locked.url = url or locked.url
            locked.media_id = media_id or locked.media_id
            update += ["checked_points", "posted_at", "url", "media_id"]
        seconds = max(0, int((now - locked.status_changed_at).total_seconds()))
        locked.status = to
        locked.status_changed_at = now
        locked.save(update_fields=update)
        ContentStatusChange.objects.create(
            item=locked,
            from_status=current,
            to_status=to,
            changed_by=by,
            changed_at=now,
            seconds_in_step=seconds,
            note=note,
        )
    return locked


def save_checklist(item: ContentItem, *, points: Iterable[str], by: User | None) -> ContentItem:
    """Record the re-check points the staff member has ticked (SOP step 7)."""
    item.checked_points = [p for p in ChecklistPoint.values if p in set(points)]
    item.save(update_fields=["checked_points", "updated_at"])
    return item


def add_link_asset(item: ContentItem, *, name: str, link: str, by: User | None) -> ContentAsset:
    """Attach a link (a design in a shared drive, a video draft)."""
    return ContentAsset.objects.create(
        item=item, kind=AssetKind.LINK, name=name or link, link=link, added_by=by
    )


def add_file_asset(
    item: ContentItem, *, upload: UploadedFile, name: str = "", by: User | None
) -> ContentAsset:
    """Store an uploaded file after checking its type and size (AssetRejected otherwise)."""
    head = upload.read(16)
    upload.seek(0)
    content_type = check_upload(
        name=upload.name or "",
        size=upload.size or 0,
        head=head,
        allowed=settings.CONTENT_ASSET_TYPES,
        max_bytes=settings.CONTENT_ASSET_MAX_BYTES,
    )
    return ContentAsset.objects.create(
        item=item,
        kind=AssetKind.FILE,
        name=name or upload.name or "",
        file=upload,
        content_type=content_type,
        size=upload.size or 0,
        added_by=by,
    )


def record_link_click(item: ContentItem) -> None:
    """Count one use of the tracking link (a conditional update, safe under concurrent clicks)."""
    ContentItem.objects.filter(pk=item.pk).update(link_clicks=F("link_clicks") + 1)
