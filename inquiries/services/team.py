"""The team inbox: automatic assignment among the admins on duty, the away switch, internal notes,
and the "someone else is answering" warning."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from core.people import display_name
from inquiries.models import (
    ACTIVE_STATUSES,
    AgentPresence,
    AssignmentMode,
    ConversationActivity,
    InboxSettings,
    Inquiry,
    Message,
)
from inquiries.services.workflow import InquiryError, record_inbox_activity

TYPING_FRESH = timedelta(seconds=15)
REPLIED_RECENTLY = timedelta(minutes=1)


def agents_on_duty() -> QuerySet[User]:
    """Active Admin Media Sosial users who have not switched themselves to away."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.ADMIN_MEDIA_SOSIAL, is_active=True)
        .exclude(inbox_presence__is_away=True)
        .distinct()
        .order_by("id")
    )


def pick_assignee(mode: str, *, last_assigned_id: int | None) -> User | None:
    """The next agent: round robin after the last one, or the one with the fewest active inquiries."""
    agents = agents_on_duty()
    if mode == AssignmentMode.ROUND_ROBIN:
        return agents.filter(id__gt=last_assigned_id or 0).first() or agents.first()
    if mode == AssignmentMode.LEAST_LOAD:
        return (
            agents.annotate(
                load=Count("assigned_inquiries", filter=Q(assigned_inquiries__status__in=ACTIVE_STATUSES))
            )
            .order_by("load", "id")
            .first()
        )
    return None


def auto_assign(inquiry: Inquiry) -> User | None:
    """Assign a new conversation by the office's mode; None when manual or nobody is on duty."""
    with transaction.atomic():
        config = InboxSettings.objects.select_for_update().filter(pk=1).first()
        if config is None or config.assignment_mode == AssignmentMode.MANUAL:
            return None
        agent = pick_assignee(config.assignment_mode, last_assigned_id=config.last_assigned_id)
        if agent is None:
            return None
        if Inquiry.objects.filter(pk=inquiry.pk, assignee__isnull=True).update(assignee=agent):
            inquiry.assignee = agent
            config.last_assigned = agent
            config.save(update_fields=["last_assigned"])
    return inquiry.assignee


def set_away(user: User, *, is_away: bool) -> AgentPresence:
    """The agent's away switch (no new conversations while away)."""
    presence, _created = AgentPresence.objects.update_or_create(
        user=user, defaults={"is_away": is_away, "changed_at": timezone.now()}
    )
    return presence


def is_away(user: User) -> bool:
    return AgentPresence.objects.filter(user=user, is_away=True).exists()


def add_internal_note(inquiry: Inquiry, *, text: str, by: User) -> Message:
    """A note for the team on the conversation; never sent to the contact."""
    text = (text or "").strip()
    if not text:
        raise InquiryError(_("Catatan internal tidak boleh kosong."))
    message = Message.objects.create(
        inquiry=inquiry, direction="internal", type="text", text=text, sent_at=timezone.now(), sent_by=by
    )
    record_inbox_activity(by)
    return message


def mark_typing(inquiry: Inquiry, *, by: User) -> None:
    ConversationActivity.objects.update_or_create(
        inquiry=inquiry, user=by, defaults={"typing_at": timezone.now()}
    )


def others_working(inquiry: Inquiry, *, user: User, now: datetime | None = None) -> list[str]:
    """Warnings for `user`: another agent is typing, or replied within the last minute."""
    now = now or timezone.now()
    warnings = []
    typing = (
        ConversationActivity.objects.filter(inquiry=inquiry, typing_at__gte=now - TYPING_FRESH)
        .exclude(user=user)
        .select_related("user")
    )
    for row in typing:
        warnings.append(
            _("%(name)s sedang mengetik balasan di percakapan ini.") % {"name": display_name(row.user)}
        )
    recent = (
        Message.objects.filter(inquiry=inquiry, direction="outbound", sent_at__gte=now - REPLIED_RECENTLY)
        .exclude(sent_by=user)
        .exclude(sent_by__isnull=True)
        .select_related("sent_by")
        .order_by("-sent_at")
        .first()
    )
    if recent is not None and recent.sent_by is not None:
        warnings.append(
            _("%(name)s baru saja membalas (%(seconds)s detik lalu).")
            % {
                "name": display_name(recent.sent_by),
                "seconds": int((now - recent.sent_at).total_seconds()),
            }
        )
    return warnings


def waiting_for_me(user: User) -> int:
    """The inbox badge: my active conversations whose last word is the contact's (status open)."""
    return Inquiry.objects.filter(assignee=user, status="open").count()
