"""Demo outbox history: sent, delivered, read and failed messages, scheduled sends, a weekly
cold-lead newsletter with its runs, and a few alerts (runs after the leads and inquiries demos)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from leads import texts
from leads.models import Campaign, CampaignRun, FollowUp, Lead, SavedSegment, Temperature
from leads.policies import newsletter_period
from leads.services import create_lead
from outbox import services as outbox_services
from outbox.models import (
    OutboundMessage,
    OutboundStatus,
    Purpose,
    WhatsAppTemplate,
)

NEWSLETTER_BODY = (
    "Pendaftaran Gelombang 2 Politeknik Bintan Cakrawala dibuka sampai akhir bulan.\n\n"
    "Ikuti Open House Sabtu ini di kampus Tanjungpinang: tur dapur praktik Seni Kuliner, simulasi "
    "hotel, dan konsultasi beasiswa. Tanyakan juga potongan biaya untuk pendaftar jalur prestasi."
)

FAILURES = [
    ("131026", "Message undeliverable: the number is not on WhatsApp"),
    ("smtp_550", "SMTP 550: mailbox unavailable"),
    ("100", "Invalid parameter"),
]


def _demo_leads(now) -> list[Lead]:
    leads = list(Lead.objects.not_erased().order_by("id")[:40])
    if len(leads) >= 12:
        return leads
    names = [
        "Aulia Rahman",
        "Bella Sitorus",
        "Cahya Nugraha",
        "Dinda Maharani",
        "Eko Prasetyo",
        "Farah Nabila",
        "Galih Saputra",
        "Hana Lestari",
        "Irfan Hakim",
        "Jihan Aprilia",
        "Kevin Wijaya",
        "Laras Ayu",
    ]
    temperatures = [Temperature.COLD, Temperature.WARM, Temperature.HOT]
    for n, name in enumerate(names):
        create_lead(
            full_name=name,
            whatsapp=f"+62812700{n:05d}",
            email=f"{name.split()[0].lower()}.demo@example.com",
            temperature=temperatures[n % 3],
            consent=True,
            consent_source="public_form",
            by=None,
        )
    return list(Lead.objects.not_erased().order_by("id")[:40])


def seed(stdout, now) -> None:
    rng = random.Random(20261121)
    user_model = get_user_model()
    kadiv = user_model.objects.filter(username="kadiv").first()
    marketing = user_model.objects.filter(username="marketing").first()
    leads = _demo_leads(now)

    segment = SavedSegment.objects.filter(query="temperature=cold").first() or SavedSegment.objects.create(
        name="Prospek cold (newsletter)", query="temperature=cold", created_by=marketing, is_shared=True
    )
    campaign, _created = Campaign.objects.get_or_create(
        name="Kabar PMB mingguan",
        defaults={
            "subject": "Gelombang 2 dibuka + Open House Sabtu ini",
            "body": NEWSLETTER_BODY,
            "segment": segment,
            "frequency": Campaign.Frequency.WEEKLY,
            "approved_by": kadiv,
            "approved_at": now - timedelta(days=40),
            "next_run_at": now + timedelta(days=(7 - timezone.localtime(now).weekday()) % 7 or 7),
        },
    )

    count = 0
    template = WhatsAppTemplate.objects.filter(purpose=Purpose.WELCOME, is_active=True).first()
    for index, lead in enumerate(leads):
        sent_at = max(lead.created_at, now - timedelta(days=60)) + timedelta(minutes=rng.randint(1, 20))
        status = [OutboundStatus.READ, OutboundStatus.DELIVERED, OutboundStatus.SENT][index % 3]
        channel = "whatsapp" if lead.whatsapp else ("email" if lead.email else None)
        if channel is None:
            continue
        fields = {
            "channel": channel,
            "recipient": lead.whatsapp or lead.email,
            "purpose": Purpose.WELCOME,
            "lead": lead,
            "created_at": sent_at - timedelta(seconds=5),
            "sent_at": sent_at,
            "attempts": 1,
        }
        if channel == "whatsapp" and template:
            fields.update(
                template_name=template.name,
                template_language=template.language,
                template_params=[lead.full_name.split()[0]],
            )
        else:
            fields.update(
                subject="Selamat datang di PMB Politeknik Bintan Cakrawala",
                body="Terima kasih atas minat Anda.",
            )
        if index % 11 == 5:
            code, error = FAILURES[index % len(FAILURES)]
            fields.update(
                status=OutboundStatus.FAILED,
                failed_at=sent_at,
                sent_at=None,
                attempts=1 if code != "smtp_550" else 5,
                error_code=code,
                last_error=error,
            )
        else:
            fields.update(
                status=status,
                delivered_at=sent_at + timedelta(minutes=1) if status != OutboundStatus.SENT else None,
                read_at=sent_at + timedelta(hours=2) if status == OutboundStatus.READ else None,
            )
        _message, created = OutboundMessage.objects.get_or_create(
            dedup_key=f"demo-history:{lead.pk}", defaults=fields
        )
        count += created

    # Two past newsletter runs to consenting cold leads, with one unsubscribe and one failure.
    cold = [
        lead
        for lead in leads
        if lead.temperature == Temperature.COLD and lead.has_marketing_consent and lead.email
    ]
    for weeks_ago in (2, 1):
        run_at = now - timedelta(weeks=weeks_ago)
        period = newsletter_period(campaign.frequency, run_at)
        run, _ = CampaignRun.objects.get_or_create(
            campaign=campaign, period=period, defaults={"started_at": run_at, "recipients": len(cold)}
        )
        for position, lead in enumerate(cold):
            failed = weeks_ago == 1 and position == 1
            _message, created = OutboundMessage.objects.get_or_create(
                dedup_key=f"newsletter:{campaign.pk}:{period}:{lead.pk}",
                defaults={
                    "channel": "email",
                    "recipient": lead.email,
                    "purpose": Purpose.NEWSLETTER,
                    "lead": lead,
                    "campaign": campaign,
                    "subject": campaign.subject,
                    "body": NEWSLETTER_BODY,
                    "created_at": run_at,
                    "attempts": 1,
                    "status": OutboundStatus.FAILED if failed else OutboundStatus.SENT,
                    "sent_at": None if failed else run_at + timedelta(minutes=2),
                    "failed_at": run_at + timedelta(minutes=2) if failed else None,
                    "error_code": "smtp_550" if failed else "",
                    "last_error": "SMTP 550: mailbox full" if failed else "",
                    "unsubscribed_at": run_at + timedelta(days=1)
                    if weeks_ago == 2 and position == 0
                    else None,
                },
            )
            count += created

    # Scheduled: sends waiting for their retry time (a rate-limited WhatsApp, an SMTP hiccup).
    for position, lead in enumerate([lead for lead in leads if lead.whatsapp][:2]):
        _message, created = OutboundMessage.objects.get_or_create(
            dedup_key=f"demo-scheduled:{lead.pk}",
            defaults={
                "channel": "whatsapp",
                "recipient": lead.whatsapp,
                "purpose": Purpose.FOLLOW_UP,
                "lead": lead,
                "template_name": "pmb_follow_up",
                "template_language": "id",
                "template_params": [lead.full_name.split()[0]],
                "status": OutboundStatus.QUEUED,
                "attempts": 1,
                "error_code": "130429",
                "last_error": "Rate limit hit",
                "next_attempt_at": now + timedelta(minutes=5 + 10 * position),
                "created_at": now - timedelta(minutes=3),
            },
        )
        count += created

    # An overdue call alerts its telemarketer (the SLA alerts come from the inquiries demo's SLA run).
    overdue = (
        FollowUp.objects.overdue(now).filter(owner__username="tele1").select_related("lead", "owner").first()
    )
    if overdue is not None:
        outbox_services.create_alert(
            key=f"followup-overdue:{overdue.pk}",
            recipient=overdue.owner,
            text=texts.FOLLOW_UP_OVERDUE.stored(lead=overdue.lead.full_name, due=overdue.due_at),
            topic=texts.follow_up_topic(overdue.pk),
            url=f"/leads/{overdue.lead_id}/",
            now=now - timedelta(hours=1),
        )
    stdout.write(f"outbox: {count} outbound messages, campaign '{campaign.name}'")
