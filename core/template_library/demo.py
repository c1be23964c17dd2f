"""Demo rows for the template library: every seeded template gets its version 1 (as the data
migration does for an existing installation), and Kadiv finds one revision in the approval queue."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from core.models import ResponseTemplate, TemplateKind, TemplateVersion, TemplateVersionChange, VersionStatus
from core.template_library import services


def give_first_versions() -> int:
    """Version 1 for templates seeded without one: approved if approved, else a draft."""
    created = 0
    for template in ResponseTemplate.objects.filter(versions__isnull=True):
        approved = template.approved_at is not None
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            status=VersionStatus.APPROVED if approved else VersionStatus.DRAFT,
            subject=template.subject,
            body=template.body,
            whatsapp_template_name=template.whatsapp_template_name,
            created_at=template.created_at,
            approved_by=template.approved_by,
            approved_at=template.approved_at,
        )
        TemplateVersionChange.objects.create(
            version=version, to_status=version.status, changed_by=template.approved_by, note="demo"
        )
        if approved:
            ResponseTemplate.objects.filter(pk=template.pk).update(approved_version=version)
        created += 1
    return created


def seed(stdout, now) -> None:
    created = give_first_versions()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["sosmed", "marketing", "kadiv"])
    }
    medsos = users.get("sosmed")
    faq = ResponseTemplate.objects.filter(kind=TemplateKind.FAQ, name="Biaya pendaftaran").first()
    if medsos is not None and faq is not None and not faq.versions.filter(number=2).exists():
        services.revise_template(
            faq,
            text=services.VersionText(
                body="Halo {name}, biaya pendaftaran Rp250.000 (gratis untuk jalur beasiswa), dibayar lewat "
                "virtual account setelah mengisi formulir."
            ),
            change_note="Tambah info jalur beasiswa",
            by=medsos,
            submit=True,
        )
    if {"marketing", "kadiv"} <= users.keys() and not ResponseTemplate.objects.filter(
        kind=TemplateKind.NEWSLETTER
    ).exists():
        version = services.create_template(
            kind=TemplateKind.NEWSLETTER,
            name="Kabar PMB mingguan",
            text=services.VersionText(
                subject="Kabar PMB: gelombang 2 dan Open House",
                body="Pendaftaran gelombang 2 dibuka 1 April - 31 Mei. Open House kampus setiap Sabtu pukul 09.00; "
                "daftar di pmb.pbc.ac.id.",
            ),
            by=users["marketing"],
            submit=True,
        )
        services.approve_version(version, by=users["kadiv"])
    newsletter_count = ResponseTemplate.objects.filter(kind=TemplateKind.NEWSLETTER).count()
    stdout.write(f"  templates: {created} first versions, {newsletter_count} newsletter templates")
