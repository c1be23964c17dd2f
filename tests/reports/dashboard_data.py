"""A week of admissions, built through the services, for the dashboard tests (unit and browser)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.calendar import get_calendar
from inquiries import sla
from inquiries.models import Category, Inquiry, InquiryStatus, Message, SurveyResponse
from leads.models import Lead, LeadSource, LeadStatus, Track
from leads.services import create_lead, log_interaction, transition_lead
from privacy.services import erase_lead
from tests.factories import StudyProgramFactory

JKT = ZoneInfo("Asia/Jakarta")


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), JKT)


@contextmanager
def at(moment: datetime):
    """Services stamp `timezone.now()`; run them as if it were `moment`."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


@dataclass
class Week:
    monday: date
    leads: dict[str, Lead] = field(default_factory=dict)

    def day(self, offset: int) -> date:
        return self.monday + timedelta(days=offset)


def _lead(name: str, phone: str, created: datetime, **fields) -> Lead:
    with at(created):
        lead = create_lead(full_name=name, phone=phone, **fields).lead
    lead.created_at = created
    lead.save(update_fields=["created_at"])  # a save, so the reports' roll-up hears of it
    return lead


def _move(lead: Lead, moment: datetime, *statuses: str, by) -> None:
    for offset, status in enumerate(statuses):
        with at(moment + timedelta(minutes=offset)):
            transition_lead(lead, to=status, by=by, reason="uji dasbor", note="dibuka lagi")


def _inquiry(lead, channel, received, *, responded=None, resolved=None, category=None, level=None, by=None):
    inquiry = Inquiry.objects.create(
        channel=channel,
        contact_key=f"{channel}-{lead.pk}",
        lead=lead,
        level=level,
        category=category,
        received_at=received,
        first_response_due=received + timedelta(hours=2),
        resolution_due=sla.resolution_due(get_calendar(), received),
        first_response_at=received + responded if responded is not None else None,
        resolved_at=received + resolved if resolved is not None else None,
        status=InquiryStatus.CLOSED if resolved is not None else InquiryStatus.OPEN,
    )
    if responded is not None and by is not None:
        Message.objects.create(
            inquiry=inquiry,
            direction="outbound",
            text="Terima kasih",
            sent_at=received + responded,
            sent_by=by,
        )
    return inquiry


def build_week(monday: date, *, staff, series: int = 4) -> Week:
    """Leads entered in the week of `monday` (cohort), one older lead registering in it (activity), and
    leads just outside it; inquiries on time, late and unanswered; team activity."""
    week = Week(monday)
    previous = monday - timedelta(days=7)
    program = StudyProgramFactory(code="ph", name="D3 Perhotelan")
    category = Category.objects.order_by("pk").first()
    # Whatsapp first, registered inside the week.
    a = _lead(
        "Putri Ayu",
        f"08123{series}00001",
        wib(week.day(0), 9),
        source=LeadSource.SOCIAL_MEDIA,
        program=program,
    )
    _inquiry(
        a,
        "whatsapp",
        wib(week.day(0), 9, 5),
        responded=timedelta(minutes=30),
        category=category,
        level=1,
        by=staff,
        resolved=timedelta(hours=3),
    )
    _move(
        a,
        wib(week.day(1), 10),
        LeadStatus.INQUIRED,
        LeadStatus.CONTACTED,
        LeadStatus.INTERESTED,
        LeadStatus.REGISTERED,
        by=staff,
    )
    # Instagram first (WhatsApp later), registered then not interested: still counts as registered.
    b = _lead("Budi Santoso", f"08123{series}00002", wib(week.day(1), 10), source=LeadSource.SOCIAL_MEDIA)
    _inquiry(b, "instagram", wib(week.day(1), 10, 1), responded=timedelta(hours=5), level=2)
    Inquiry.objects.create(
        channel="whatsapp",
        contact_key=f"whatsapp-b-{b.pk}",
        lead=b,
        received_at=wib(week.day(2), 8),
        first_response_due=wib(week.day(2), 10),
        status=InquiryStatus.OPEN,
    )
    _move(b, wib(week.day(2), 11), LeadStatus.REGISTERED, LeadStatus.NOT_INTERESTED, by=staff)
    # No inquiry at all: an exhibition lead with an event, programme and track.
    c = _lead(
        "Siti Aminah",
        f"08123{series}00003",
        wib(week.day(2), 14),
        source=LeadSource.EXHIBITION,
        source_detail="Expo Batam 2026",
        track=Track.SCHOLARSHIP,
        program=program,
    )
    _move(c, wib(week.day(3), 9), LeadStatus.INTERESTED, by=staff)
    # Registered and enrolled inside the week.
    d = _lead(
        "Dewi Lestari",
        f"08123{series}00004",
        wib(week.day(3), 8),
        source=LeadSource.EXHIBITION,
        source_detail="Expo Batam 2026",
    )
    _inquiry(
        d,
        "whatsapp",
        wib(week.day(3), 8, 30),
        responded=timedelta(minutes=90),
        category=category,
        level=1,
        resolved=timedelta(hours=30),
    )
    _move(d, wib(week.day(4), 9), LeadStatus.REGISTERED, LeadStatus.ENROLLED, by=staff)
    # Sunday 23:30 WIB (16:30 UTC): still this week in the office zone. Unanswered, past its due time.
    e = _lead("Eko Prasetyo", f"08123{series}00005", wib(week.day(6), 23, 30), source=LeadSource.WEBSITE)
    _inquiry(e, "website", wib(week.day(6), 23, 35))
    # Monday 00:10 WIB after the week: not in it.
    _lead("Fajar Nugroho", f"08123{series}00006", wib(week.day(7), 0, 10), source=LeadSource.WEBSITE)
    # Entered the week before, registered in this one: activity, not cohort.
    g = _lead("Gita Purnama", f"08123{series}00007", wib(previous, 9), source=LeadSource.SOCIAL_MEDIA)
    _inquiry(g, "whatsapp", wib(previous, 9, 10), responded=timedelta(minutes=10))
    _move(g, wib(week.day(2), 13), LeadStatus.REGISTERED, by=staff)
    # Erased (UU PDP): still counted (it was a lead and registered); the lists the figures link to show
    # it without personal data (erased=include).
    h = _lead("Hana Wijaya", f"08123{series}00008", wib(week.day(1), 15), source=LeadSource.SOCIAL_MEDIA)
    _move(h, wib(week.day(1), 16), LeadStatus.REGISTERED, by=staff)
    erase_lead(h, by=staff, note="permintaan subjek data")
    # Team activity: two calls logged, each scheduling a callback for the staff member.
    with at(wib(week.day(1), 11)):
        for lead, due in ((a, wib(week.day(2), 9)), (b, wib(week.day(3), 9))):
            log_interaction(
                lead,
                kind="call",
                direction="outbound",
                outcome="call_back",
                by=staff,
                occurred_at=wib(week.day(1), 11),
                next_follow_up_at=due,
            )
    SurveyResponse.objects.create(inquiry=Inquiry.objects.get(lead=a), score=4)
    week.leads = {lead.full_name: lead for lead in (a, b, c, d, e, g)}
    return week
