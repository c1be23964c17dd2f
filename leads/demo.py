"""Demo leads: a few hundred prospects across sources and statuses over the last 60 days, with
interactions, follow-ups (today's calls for tele1/tele2, MoU meetings for humas) and status history."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from core import demo as core_demo
from leads import texts
from leads.models import (
    FollowUp,
    FollowUpKind,
    Institution,
    InstitutionKind,
    Interaction,
    Lead,
    LeadSource,
    LeadStatus,
    LeadStatusChange,
    Outcome,
    StudyProgram,
    Temperature,
    Track,
)
from leads.services import create_leads

FIRST = [
    "Siti",
    "Budi",
    "Dewi",
    "Agus",
    "Rina",
    "Andi",
    "Putri",
    "Rizky",
    "Nur",
    "Fajar",
    "Ayu",
    "Dimas",
    "Indah",
    "Yoga",
    "Sri",
    "Bayu",
    "Wulan",
    "Arif",
    "Citra",
    "Eko",
    "Fitri",
    "Gilang",
    "Intan",
    "Kartika",
    "Maya",
    "Reza",
    "Tiara",
    "Wahyu",
]
LAST = [
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Saputra",
    "Wijaya",
    "Pratama",
    "Hidayat",
    "Siregar",
    "Nasution",
    "Harahap",
    "Gunawan",
    "Kusuma",
    "Simanjuntak",
    "Putra",
    "Wahyuni",
    "Setiawan",
    "Handayani",
    "Tanjung",
    "Lubis",
    "Sembiring",
]
EVENTS = [
    "Expo Kampus Batam 2026",
    "Kunjungan SMAN 1 Tanjungpinang",
    "Iklan Instagram Januari",
    "Pameran Pendidikan Bintan",
    "Webinar Pariwisata",
]
PIPELINE = [
    LeadStatus.NEW,
    LeadStatus.INQUIRED,
    LeadStatus.CONTACTED,
    LeadStatus.INTERESTED,
    LeadStatus.REGISTERED,
    LeadStatus.ENROLLED,
]


def seed_programmes_and_institutions(stdout) -> None:
    """The study programmes, schools and companies listed in `core.demo` (idempotent)."""
    for code, name in core_demo.STUDY_PROGRAMS:
        StudyProgram.objects.get_or_create(code=code.lower(), defaults={"name": name})
    for name, npsn, city in core_demo.SCHOOLS:
        Institution.objects.get_or_create(
            kind=InstitutionKind.SCHOOL, name=name, city=city, defaults={"npsn": npsn}
        )
    for name, city in core_demo.COMPANIES:
        Institution.objects.get_or_create(kind=InstitutionKind.COMPANY, name=name, city=city)
    stdout.write(
        f"  leads: {len(core_demo.STUDY_PROGRAMS)} programmes, "
        f"{len(core_demo.SCHOOLS) + len(core_demo.COMPANIES)} institutions"
    )


def seed(stdout, now) -> None:
    seed_programmes_and_institutions(stdout)
    if Lead.objects.filter(source_detail__in=EVENTS).exists():
        stdout.write("  leads: demo leads already present")
        return
    rng = random.Random(3)
    User = get_user_model()
    users = {
        u.username: u for u in User.objects.filter(username__in=["marketing", "tele1", "tele2", "humas"])
    }
    tele = [users.get("tele1"), users.get("tele2")]
    programs = list(StudyProgram.objects.all())
    schools = list(Institution.objects.filter(kind="school"))
    companies = list(Institution.objects.filter(kind="company"))
    rows = []
    for i in range(300):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        source = rng.choice(LeadSource.values)
        rows.append(
            {
                "full_name": name,
                "phone": f"+6281{rng.randint(2, 9)}{70000000 + i * 7919 % 9999999:08d}",
                "whatsapp": "",
                "email": f"{name.split()[0].lower()}.{i}@contoh.id" if i % 3 else "",
                "source": source,
                "source_detail": rng.choice(EVENTS),
                "track": rng.choice(Track.values),
                "temperature": rng.choice(Temperature.values),
                "program": rng.choice(programs) if programs else None,
                "institution": (
                    rng.choice(companies)
                    if source == LeadSource.INDUSTRY and companies
                    else rng.choice(schools)
                    if schools
                    else None
                ),
                "owner": rng.choice(tele),
                "consent": i % 4 != 0,
            }
        )
    results = create_leads(
        rows, by=users.get("marketing"), consent_wording="Formulir kegiatan (demo)", consent_source="import"
    )
    changes, interactions, follow_ups = [], [], []
    for n, result in enumerate(results):
        lead = result.lead
        created = now - dt.timedelta(days=rng.uniform(0, 60))
        obtained = created - dt.timedelta(hours=rng.choice([1, 4, 10, 20, 40]))
        target = rng.choice(PIPELINE + [LeadStatus.NOT_INTERESTED])
        moment = created
        path = (
            PIPELINE[: PIPELINE.index(target) + 1]
            if target in PIPELINE
            else [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.NOT_INTERESTED]
        )
        for previous, status in zip(path, path[1:]):
            moment = min(now, moment + dt.timedelta(days=rng.uniform(0.5, 4)))
            interactions.append(
                Interaction(
                    lead=lead,
                    kind=rng.choice(["call", "whatsapp", "email"]),
                    outcome=Outcome.REACHED,
                    note="Menanyakan biaya dan jadwal pendaftaran",
                    occurred_at=moment - dt.timedelta(hours=1),
                    created_by=lead.owner,
                )
            )
            changes.append(
                LeadStatusChange(
                    lead=lead,
                    from_status=previous,
                    to_status=status,
                    changed_at=moment,
                    changed_by=lead.owner,
                )
            )
        Lead.objects.filter(pk=lead.pk).update(
            created_at=created,
            entered_at=created,
            obtained_at=obtained,
            is_late_entry=created - obtained > dt.timedelta(hours=24),
            status=target,
            status_changed_at=moment,
        )
        LeadStatusChange.objects.filter(lead=lead, from_status="").update(changed_at=created)
        if (
            target in (LeadStatus.NEW, LeadStatus.INQUIRED, LeadStatus.CONTACTED)
            and n % 3 == 0
            and lead.owner
        ):
            follow_ups.append(
                FollowUp(
                    lead=lead,
                    owner=lead.owner,
                    kind=FollowUpKind.CALL if n % 2 else FollowUpKind.CALLBACK,
                    due_at=now - dt.timedelta(hours=rng.uniform(-6, 30)),
                    **texts.follow_up_reason(
                        texts.WARM_LEAD_CALL.stored(**{"from": 2, "until": 3})
                        if n % 2
                        else texts.RESCHEDULED_AFTER_OUTCOME.stored(outcome=Outcome.CALL_BACK)
                    ),
                )
            )
        if lead.source == LeadSource.INDUSTRY and users.get("humas") and n % 2 == 0:
            follow_ups.append(
                FollowUp(
                    lead=lead,
                    owner=users["humas"],
                    kind=FollowUpKind.MEETING,
                    due_at=now + dt.timedelta(hours=rng.uniform(-24, 6)),
                    reason="Pertemuan MoU",
                )
            )
    LeadStatusChange.objects.bulk_create(changes)
    Interaction.objects.bulk_create(interactions)
    FollowUp.objects.bulk_create(follow_ups)
    stdout.write(
        f"  leads: {len(results)} leads, {len(interactions)} interactions, {len(follow_ups)} follow-ups"
    )
