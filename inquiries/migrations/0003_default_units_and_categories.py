"""Default units (Unmul chain: Akademik, Keuangan, IT) and the SOP 02 stage 1.2 triage categories."""

from django.db import migrations

UNITS = [("akademik", "Akademik"), ("keuangan", "Keuangan"), ("it", "IT")]

# name, level, default unit code, keywords (Indonesian and English, one per line)
CATEGORIES = [
    ("Jadwal PMB", 1, None, ["jadwal", "kapan", "gelombang", "pendaftaran dibuka", "tanggal", "batas waktu", "deadline", "schedule", "when", "open registration", "dates"]),
    ("Syarat umum", 1, None, ["syarat", "persyaratan", "berkas", "dokumen", "ijazah", "rapor", "requirement", "requirements", "documents", "eligible"]),
    ("Biaya pendaftaran", 1, None, ["biaya pendaftaran", "biaya daftar", "formulir", "harga", "registration fee", "application fee", "fee", "cost"]),
    ("Masalah teknis pendaftaran", 2, "it", ["error", "gagal", "tidak bisa login", "lupa password", "akun", "website down", "tidak bisa daftar", "upload", "bug", "cannot log in", "can't log in", "password", "failed", "technical"]),
    ("Beasiswa", 2, "keuangan", ["beasiswa", "kip", "kip kuliah", "bidikmisi", "potongan", "scholarship", "financial aid", "discount"]),
    ("UKT", 2, "keuangan", ["ukt", "uang kuliah", "spp", "cicilan", "angsuran", "biaya kuliah", "tuition", "installment", "semester fee"]),
    ("Kurikulum prodi", 2, "akademik", ["kurikulum", "mata kuliah", "magang", "praktik", "akreditasi", "curriculum", "courses", "internship", "accreditation"]),
    ("Keluhan", 3, None, ["kecewa", "komplain", "keluhan", "mengecewakan", "penipuan", "tidak profesional", "refund", "kembalikan uang", "complaint", "disappointed", "scam", "unprofessional", "angry"]),
    ("Isu sensitif", 3, None, ["pelecehan", "kekerasan", "bullying", "perundungan", "viral", "media", "polisi", "lapor", "harassment", "violence", "police", "lawsuit", "sue"]),
]


def forwards(apps, schema_editor):
    Unit = apps.get_model("inquiries", "Unit")
    Category = apps.get_model("inquiries", "Category")
    units = {}
    for code, name in UNITS:
        units[code], _ = Unit.objects.get_or_create(code=code, defaults={"name": name})
    for name, level, unit_code, keywords in CATEGORIES:
        Category.objects.get_or_create(
            name=name,
            defaults={"level": level, "keywords": "\n".join(keywords), "default_unit": units.get(unit_code)},
        )


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0002_inbox_workflow")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
