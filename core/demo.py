"""Core demo rows: study programmes, schools and companies around Bintan, staff users per role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from core.models import ResponseTemplate, TemplateKind

DEMO_PASSWORD_SUFFIX = "Pmb2026!"

# username, full name, roles
DEMO_USERS = [
    ("kadiv", "Dra. Rahmawati Siregar", [roles.KADIV]),
    ("supervisor", "Yusuf Hidayat", [roles.SUPERVISOR]),
    ("sosmed", "Nadia Putri", [roles.ADMIN_MEDIA_SOSIAL]),
    ("sosmed2", "Rizky Pratama", [roles.ADMIN_MEDIA_SOSIAL]),
    ("marketing", "Dewi Lestari", [roles.ADMIN_MARKETING]),
    ("tele1", "Andi Saputra", [roles.TELEMARKETING]),
    ("tele2", "Sri Wahyuni", [roles.TELEMARKETING]),
    ("humas", "Hendra Gunawan", [roles.HUMAS, roles.HUMAS_COORDINATOR]),
    ("akademik", "Dr. Bambang Sutrisno", [roles.UNIT]),
    ("keuangan", "Fitri Handayani", [roles.UNIT]),
    ("it", "Agus Setiawan", [roles.UNIT]),
]

STUDY_PROGRAMS = [
    ("PH", "D3 Perhotelan (Hospitality)"),
    ("SK", "D3 Seni Kuliner (Culinary Arts)"),
    ("UPW", "D4 Usaha Perjalanan Wisata (Tourism & Travel Business)"),
    ("MICE", "D4 Pengelolaan Konvensi dan Acara (MICE)"),
    ("TP", "D3 Tata Boga dan Pastry"),
    ("BD", "D4 Bisnis Digital Pariwisata"),
]

# name, NPSN, city (schools of Batam, Bintan and Tanjungpinang)
SCHOOLS = [
    ("SMA Negeri 1 Batam", "11001211", "Batam"),
    ("SMA Negeri 3 Batam", "11001213", "Batam"),
    ("SMK Negeri 1 Batam", "11001225", "Batam"),
    ("SMK Negeri 4 Batam", "11001236", "Batam"),
    ("SMA Kartini Batam", "11001241", "Batam"),
    ("SMA Negeri 1 Bintan", "11000451", "Bintan"),
    ("SMK Negeri 1 Bintan Utara", "11000463", "Bintan"),
    ("SMA Negeri 1 Teluk Bintan", "11000475", "Bintan"),
    ("SMK Pariwisata Bintan", "11000488", "Bintan"),
    ("SMA Negeri 1 Tanjungpinang", "11000101", "Tanjungpinang"),
    ("SMA Negeri 2 Tanjungpinang", "11000102", "Tanjungpinang"),
    ("SMK Negeri 1 Tanjungpinang", "11000115", "Tanjungpinang"),
    ("SMK Negeri 3 Tanjungpinang", "11000117", "Tanjungpinang"),
    ("MAN 1 Tanjungpinang", "11000130", "Tanjungpinang"),
]

COMPANIES = [
    ("Bintan Resorts (Lagoi)", "Bintan"),
    ("Hotel Aston Tanjungpinang", "Tanjungpinang"),
    ("Harris Resort Batam Waterfront", "Batam"),
    ("PT Batam Fast Ferry", "Batam"),
]

CALL_SCRIPTS = {
    "regular": (
        "{greeting}, saya {agent} dari PMB Politeknik Bintan Cakrawala. Apakah benar ini {name}? "
        "Kami menerima minat Anda pada program {program}. Boleh saya bantu informasi jadwal pendaftaran dan biaya?"
    ),
    "scholarship": (
        "{greeting}, saya {agent} dari PMB Politeknik Bintan Cakrawala. {name}, Anda tertarik jalur beasiswa. "
        "Saya jelaskan syarat beasiswa dan berkas yang perlu disiapkan, ya."
    ),
    "executive": (
        "{greeting} Bapak/Ibu {name}, saya {agent} dari Politeknik Bintan Cakrawala. Terima kasih atas minat "
        "pada kelas eksekutif {program}. Kapan waktu yang nyaman untuk pertemuan singkat?"
    ),
}


def demo_password(username: str) -> str:
    return f"{username.capitalize()}-{DEMO_PASSWORD_SUFFIX}"


def already_seeded() -> bool:
    return get_user_model().objects.filter(username="kadiv").exists()


def seed(stdout: Any, now: datetime) -> None:
    """Users and approved texts; the programmes and institutions of the lists above are seeded by
    `leads.demo` (core sits below leads and does not import it)."""
    User = get_user_model()
    for username, full_name, role_names in DEMO_USERS:
        first, _, last = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first or full_name,
                "last_name": last if first else "",
                "email": f"{username}@pmb.example.ac.id",
            },
        )
        if created:
            user.set_password(demo_password(username))
            user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=role_names))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@pmb.example.ac.id",
            "first_name": "Administrator",
        },
    )
    if created:
        admin.set_password(demo_password("admin"))
        admin.save(update_fields=["password"])

    kadiv = User.objects.get(username="kadiv")
    for track, body in CALL_SCRIPTS.items():
        ResponseTemplate.objects.get_or_create(
            kind=TemplateKind.SCRIPT,
            name=f"Skrip telepon jalur {track}",
            track=track,
            defaults={"body": body, "approved_by": kadiv, "approved_at": now},
        )
    approved_texts = [
        (
            TemplateKind.WELCOME,
            "Sambutan calon mahasiswa",
            "Selamat datang di PMB Politeknik Bintan Cakrawala",
            "Halo {name}, terima kasih atas minat Anda pada {program} di Politeknik Bintan Cakrawala. "
            "Tim PMB siap membantu pendaftaran Anda; balas pesan ini bila ada pertanyaan.",
        ),
        (
            TemplateKind.FOLLOW_UP,
            "Tindak lanjut 3 hari",
            "Masih ada yang bisa kami bantu?",
            "Halo {name}, beberapa hari lalu Anda bertanya tentang {program}. Pendaftaran gelombang ini masih dibuka; "
            "kami siap membantu berkas dan jadwal tesnya.",
        ),
    ]
    for kind, name, subject, body in approved_texts:
        ResponseTemplate.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={"subject": subject, "body": body, "approved_by": kadiv, "approved_at": now},
        )
    stdout.write(f"  core: {len(DEMO_USERS) + 1} users")


def logins_table() -> str:
    lines = ["", "Demo logins (username / password / role):"]
    for username, _full_name, role_names in DEMO_USERS + [("admin", "", ["superuser (Django admin)"])]:
        lines.append(f"  {username:<11} {demo_password(username):<22} {', '.join(role_names)}")
    return "\n".join(lines)
