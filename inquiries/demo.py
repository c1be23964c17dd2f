"""Demo inbox: inquiries on every channel at every level over the last 60 days, some breached,
some escalated and answered by a unit, some crises, most older ones closed with a survey."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from core.models import ResponseTemplate, TemplateKind
from inquiries import policies
from inquiries.models import Category, Inquiry, Unit
from inquiries.services import escalations, ingest, survey, workflow
from inquiries.webhooks import InboundMessage
from leads.models import FollowUp, Lead, LeadStatusChange
from outbox.models import OutboundMessage, OutboundStatus, Purpose

MARKER_PREFIX = "demo:"

# (category, text)
QUESTIONS = [
    ("Jadwal PMB", "Kak, kapan jadwal pendaftaran gelombang 2 dibuka?"),
    ("Jadwal PMB", "Batas waktu pendaftaran jalur reguler sampai kapan ya?"),
    ("Syarat umum", "Apa saja syarat dan berkas untuk daftar D3 Perhotelan?"),
    ("Syarat umum", "Lulusan SMK boleh daftar D4 Bisnis Digital Pariwisata?"),
    ("Biaya pendaftaran", "Biaya pendaftaran berapa dan dibayar lewat apa?"),
    ("Biaya pendaftaran", "How much is the registration fee for international students?"),
    ("Masalah teknis pendaftaran", "Saya tidak bisa login ke akun pendaftaran, lupa password."),
    ("Masalah teknis pendaftaran", "Upload rapor gagal terus, muncul error."),
    ("Beasiswa", "Apakah ada beasiswa KIP Kuliah untuk tahun ini?"),
    ("UKT", "UKT per semester berapa? Bisa dicicil tidak?"),
    ("Kurikulum prodi", "Magang di prodi Seni Kuliner berapa bulan dan di mana?"),
    ("Kurikulum prodi", "Is the internship abroad part of the curriculum?"),
    ("Keluhan", "Saya kecewa, sudah 3 hari chat tidak dibalas. Tidak profesional!"),
    ("Isu sensitif", "Ada dugaan perundungan saat kegiatan pengenalan kampus, mohon ditindaklanjuti."),
]
NAMES = [
    "Siti Nurhaliza",
    "Muhammad Rizki",
    "Putri Ayu Lestari",
    "Andika Pratama",
    "Nurul Hidayah",
    "Fajar Ramadhan",
    "Dinda Maharani",
    "Yoga Saputra",
    "Rahmat Hidayat",
    "Anisa Fitri",
    "Bayu Aji",
    "Citra Kirana",
    "Dimas Anggara",
    "Eka Wulandari",
    "Gilang Permana",
    "Hana Safitri",
    "Irfan Maulana",
    "Jihan Aulia",
    "Kevin Sanjaya",
    "Laras Sekar",
]
CHANNELS = ["whatsapp", "instagram", "facebook", "comment", "website", "linkedin", "email", "phone"]
API_CHANNELS = {"whatsapp", "instagram", "facebook", "comment"}
UNIT_FOR = {
    "Masalah teknis pendaftaran": "it",
    "Beasiswa": "keuangan",
    "UKT": "keuangan",
    "Kurikulum prodi": "akademik",
}

TEMPLATES = [
    (
        TemplateKind.FAQ,
        "Jadwal gelombang",
        "Halo {name}, pendaftaran gelombang 2 dibuka 1 April - 31 Mei. Info lengkap: pmb.pbc.ac.id/jadwal",
    ),
    (
        TemplateKind.FAQ,
        "Syarat pendaftaran",
        "Halo {name}, syarat umum: ijazah/SKL, rapor semester 1-5, KTP/KK, pas foto. Prodi {program} tidak mensyaratkan tes khusus.",
    ),
    (
        TemplateKind.FAQ,
        "Biaya pendaftaran",
        "Halo {name}, biaya pendaftaran Rp250.000, dibayar lewat virtual account setelah mengisi formulir.",
    ),
    (
        TemplateKind.REDIRECT,
        "Alihkan ke WhatsApp resmi",
        "Halo {name}, agar data Anda aman, mohon lanjutkan lewat WhatsApp resmi PMB di wa.me/6281100001111 atau helpdesk pmb.pbc.ac.id/bantuan.",
    ),
    (
        TemplateKind.AUTO_REPLY,
        "Di luar jam kerja",
        "Terima kasih telah menghubungi PMB Politeknik Bintan Cakrawala. Pesan Anda akan kami jawab mulai {when} WIB.",
    ),
]


def seed(stdout, now) -> None:
    if (
        Inquiry.objects.filter(contact_key__startswith=MARKER_PREFIX).exists()
        or Inquiry.objects.filter(contact_key__startswith="6281100").exists()
    ):
        stdout.write("  inquiries: demo inbox already present")
        return
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["sosmed", "sosmed2", "humas", "kadiv", "akademik", "keuangan", "it"]
        )
    }
    agents = [users[name] for name in ("sosmed", "sosmed2") if name in users]
    if not agents:
        stdout.write("  inquiries: demo users missing, skipped")
        return
    _seed_units_and_templates(users, now)
    categories = {c.name: c for c in Category.objects.all()}
    rng = random.Random(20260402)
    count = 0
    for index in range(64):
        channel = CHANNELS[index % len(CHANNELS)]
        category_name, text = QUESTIONS[index % len(QUESTIONS)]
        name = NAMES[index % len(NAMES)]
        recent = index % 4 == 0
        received = now - (
            timedelta(minutes=rng.randint(20, 600))
            if recent
            else timedelta(days=rng.randint(1, 59), minutes=rng.randint(0, 900))
        )
        if recent and index % 8 == 0:
            received = now - timedelta(
                days=3 + index % 3, hours=rng.randint(0, 5)
            )  # forgotten: breached whatever today is
        inquiry = _receive(index, channel, name, text, received, agents[0])
        agent = agents[index % len(agents)]
        category = categories[category_name]
        if recent and index % 8 == 0:
            count += 1
            continue  # untouched: unassigned, clock running (some already breached)
        workflow.triage_inquiry(inquiry, level=category.level, category=category, by=agent)
        workflow.assign_inquiry(inquiry, to=agent, by=agent)
        if category.level == 3:
            draft = workflow.reply_to_inquiry(
                inquiry,
                body=f"Mohon maaf atas ketidaknyamanan, {name}. Kami tindak lanjuti hari ini.",
                by=agent,
            )
            if not recent and "humas" in users:
                workflow.approve_crisis_reply(draft, by=users["humas"])
        elif category.level == 2 and category_name in UNIT_FOR:
            unit = Unit.objects.get(code=UNIT_FOR[category_name])
            escalation = escalations.escalate_inquiry(inquiry, unit=unit, question=text, by=agent)
            member = unit.members.first()
            if member is not None and not recent:
                escalations.answer_escalation(
                    escalation, answer="Sudah kami cek: informasi lengkap dikirim lewat admin PMB.", by=member
                )
                escalations.relay_escalation(escalation, body="", by=agent)
        elif not (recent and index % 3 == 0):
            template = ResponseTemplate.objects.filter(kind=TemplateKind.FAQ).order_by("pk")[index % 3]
            workflow.reply_to_inquiry(inquiry, body=workflow.render_template_for(template, inquiry), by=agent)
        inquiry.refresh_from_db()
        if not recent and inquiry.is_active and (inquiry.status != "waiting_on_unit" or index % 5):
            workflow.close_inquiry(inquiry, note="Pertanyaan terjawab.", category=category, by=agent)
            if index % 3:
                survey.submit_survey(
                    inquiry,
                    score=rng.choice([3, 4, 4, 5, 5]),
                    comment=rng.choice(["", "Cepat dibalas", "Jelas, terima kasih"]),
                )
        _backdate(inquiry, received, rng)
        count += 1
    # the SLA job's warnings and breach alerts for the untouched inquiries, as the beat would send them
    policies.check_inquiry_slas(now=now)
    stdout.write(f"  inquiries: {count} demo inquiries on {len(CHANNELS)} channels")


def _seed_units_and_templates(users, now) -> None:
    for code in ("akademik", "keuangan", "it"):
        unit = Unit.objects.filter(code=code).first()
        if unit is not None and code in users:
            unit.members.add(users[code])
            if not unit.email:
                unit.email = f"{code}@pmb.example.ac.id"
                unit.save(update_fields=["email"])
    kadiv = users.get("kadiv")
    for kind, name, body in TEMPLATES:
        ResponseTemplate.objects.get_or_create(
            kind=kind, name=name, defaults={"body": body, "approved_by": kadiv, "approved_at": now}
        )


def _receive(index: int, channel: str, name: str, text: str, received, agent) -> Inquiry:
    if channel in API_CHANNELS:
        wa_id = f"6281100{index:05d}"
        contact = {
            "whatsapp": wa_id,
            "instagram": f"{index}IGSID",
            "facebook": f"{index}PSID",
            "comment": f"ig:{index}",
        }[channel]
        item = InboundMessage(
            channel=channel,
            contact_key=contact,
            contact_name=name,
            platform_message_id=f"demo.{channel}.{index}",
            type="text",
            text=text,
            sent_at=received,
            raw={"demo": True},
            phone="+" + wa_id if channel == "whatsapp" else "",
            handle=name.split()[0].lower() + str(index) if channel in ("instagram", "comment") else "",
            psid=contact if channel == "facebook" else "",
            referral="Iklan Instagram: Beasiswa PBC 2026"
            if channel == "whatsapp" and index % 16 == 0
            else "",
        )
        return ingest.record_inbound_message(item).inquiry
    email = f"{name.split()[0].lower()}{index}@contoh.id" if channel in ("website", "email") else ""
    phone = f"+6281200{index:05d}" if channel == "phone" else ""
    return workflow.record_manual_inquiry(
        channel=channel,
        text=text,
        contact_name=name,
        email=email,
        phone=phone,
        handle=f"{name.split()[0].lower()}-{index}" if channel == "linkedin" else "",
        received_at=received,
        by=agent if channel != "website" else None,
        lead_source="walk_in" if channel == "phone" and index % 2 else "",
    )


def _backdate(inquiry: Inquiry, received, rng: random.Random) -> None:
    """Services stamp `now`; move the work to plausible moments after the demo receipt time."""
    inquiry.refresh_from_db()
    answered = received + timedelta(
        minutes=rng.choice([25, 50, 90, 150, 200])
    )  # some beyond the 2-hour target
    updates = {}
    if inquiry.first_response_at:
        updates["first_response_at"] = answered
        inquiry.messages.filter(direction="outbound").update(sent_at=answered)
    if inquiry.closed_at:
        closed = answered + timedelta(hours=rng.choice([1, 3, 6, 20, 30]))
        updates.update(closed_at=closed, resolved_at=closed)
        inquiry.status_changes.filter(to_status="closed").update(changed_at=closed)
    if updates:
        Inquiry.objects.filter(pk=inquiry.pk).update(**updates)
    inquiry.escalations.update(created_at=received + timedelta(minutes=30))
    # The out-of-hours auto-reply went out at receipt in real life; at seed time the receipt is days
    # old, so WhatsApp's 24-hour window refused it. Show it as the delivered message it would be.

    auto_replied = received + timedelta(minutes=1)
    auto_replies = OutboundMessage.objects.filter(inquiry=inquiry, purpose=Purpose.AUTO_REPLY)
    FollowUp.objects.filter(
        dedup_key__in=[f"wa-window:{pk}" for pk in auto_replies.values_list("pk", flat=True)]
    ).delete()
    auto_replies.update(
        status=OutboundStatus.DELIVERED,
        sent_at=auto_replied,
        delivered_at=auto_replied,
        failed_at=None,
        last_error="",
        error_code="",
        created_at=auto_replied,
    )
    inquiry.messages.filter(outbound__purpose=Purpose.AUTO_REPLY).update(sent_at=auto_replied)
    if inquiry.lead_id:
        # A lead first met through this inquiry entered the database when the inquiry arrived.

        Lead.objects.filter(pk=inquiry.lead_id, created_at__gt=received).update(
            created_at=received, entered_at=received, obtained_at=received, status_changed_at=received
        )
        LeadStatusChange.objects.filter(
            lead_id=inquiry.lead_id, changed_at__gt=received, from_status=""
        ).update(changed_at=received)
