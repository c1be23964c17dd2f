"""The template library: versions, approval, the text in use, usage counts, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.models import (
    ResponseTemplate,
    TemplateKind,
    TemplateUsage,
    TemplateVersion,
    UsedIn,
    VersionStatus,
)
from core.template_library import services
from core.template_library.preview import preview, unknown_placeholders
from core.template_library.services import VersionText

pytestmark = pytest.mark.django_db


def approved_template(author, approver, *, kind=TemplateKind.WELCOME, body="Halo {name} v1", **extra):
    version = services.create_template(
        kind=kind, name=f"{kind} satu", text=VersionText(subject="Subjek v1", body=body), by=author, **extra
    )
    services.submit_version(version, by=author)
    return services.approve_version(version, by=approver)


def test_a_new_template_is_a_draft_nobody_uses(admin_marketing):
    version = services.create_template(
        kind=TemplateKind.WELCOME, name="Sambutan", text=VersionText(body="Halo {name}"), by=admin_marketing
    )
    assert version.status == VersionStatus.DRAFT and version.number == 1
    assert not ResponseTemplate.objects.approved().exists()
    assert version.template.body == ""  # the text in use is written only by an approval


def test_approval_makes_the_version_the_text_in_use(admin_marketing, kadiv):
    version = approved_template(admin_marketing, kadiv)
    template = ResponseTemplate.objects.get(pk=version.template_id)
    assert template.approved_version == version
    assert (template.subject, template.body) == ("Subjek v1", "Halo {name} v1")
    assert template.approved_by == kadiv and template.approved_at is not None
    assert list(version.changes.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]


def test_a_revision_is_a_new_draft_and_leaves_the_approved_text_alone(admin_marketing, kadiv):
    v1 = approved_template(admin_marketing, kadiv)
    v2 = services.revise_template(
        v1.template,
        text=VersionText(subject="Subjek v2", body="Halo {name} v2"),
        by=admin_marketing,
        submit=True,
    )
    template = ResponseTemplate.objects.get(pk=v1.template_id)
    assert v2.number == 2 and v2.status == VersionStatus.SUBMITTED
    assert template.body == "Halo {name} v1" and template.approved_version_id == v1.pk

    services.approve_version(v2, by=kadiv)
    template.refresh_from_db()
    v1.refresh_from_db()
    assert template.body == "Halo {name} v2" and template.approved_version_id == v2.pk
    assert v1.status == VersionStatus.SUPERSEDED


def test_editing_a_draft_again_keeps_one_open_version(admin_marketing, kadiv):
    v1 = approved_template(admin_marketing, kadiv)
    first = services.revise_template(v1.template, text=VersionText(body="a"), by=admin_marketing)
    second = services.revise_template(v1.template, text=VersionText(body="b"), by=admin_marketing)
    assert first.pk == second.pk and second.body == "b"
    assert TemplateVersion.objects.filter(template=v1.template).count() == 2


def test_sending_back_needs_a_note_and_returns_to_the_author(admin_marketing, kadiv):
    v1 = approved_template(admin_marketing, kadiv)
    v2 = services.revise_template(v1.template, text=VersionText(body="x"), by=admin_marketing, submit=True)
    with pytest.raises(services.TemplateError):
        services.return_version(v2, by=kadiv, note=" ")
    returned = services.return_version(v2, by=kadiv, note="Terlalu singkat")
    assert returned.status == VersionStatus.RETURNED and returned.review_note == "Terlalu singkat"
    assert ResponseTemplate.objects.get(pk=v1.template_id).body == "Halo {name} v1"
    # the author revises and resubmits the same version
    again = services.revise_template(v1.template, text=VersionText(body="lebih lengkap"), by=admin_marketing)
    assert again.pk == v2.pk and again.status == VersionStatus.DRAFT
    assert services.submit_version(again, by=admin_marketing).status == VersionStatus.SUBMITTED


def test_only_a_submitted_version_can_be_approved(admin_marketing, kadiv):
    draft = services.create_template(
        kind=TemplateKind.FAQ, name="Biaya", text=VersionText(body="Biaya UKT ..."), by=admin_marketing
    )
    with pytest.raises(services.TemplateError):
        services.approve_version(draft, by=kadiv)


def test_supervisor_approves_faq_answers_of_others_but_nothing_else(admin_medsos, supervisor, kadiv):
    faq = services.create_template(
        kind=TemplateKind.FAQ,
        name="Jadwal",
        text=VersionText(body="Jadwal ..."),
        by=admin_medsos,
        submit=True,
    )
    assert services.approve_version(faq, by=supervisor).status == VersionStatus.APPROVED
    welcome = services.create_template(
        kind=TemplateKind.WELCOME,
        name="Sambutan",
        text=VersionText(body="Halo"),
        by=admin_medsos,
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        services.approve_version(welcome, by=supervisor)
    own = services.create_template(
        kind=TemplateKind.FAQ,
        name="Lokasi",
        text=VersionText(body="Kampus di ..."),
        by=supervisor,
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        services.approve_version(own, by=supervisor)  # four eyes: Kadiv decides
    assert services.approve_version(own, by=kadiv).status == VersionStatus.APPROVED


def test_telemarketing_and_units_cannot_draft(telemarketer, unit_user):
    for user in (telemarketer, unit_user):
        with pytest.raises(PermissionDenied):
            services.create_template(kind=TemplateKind.FAQ, name="x", text=VersionText(body="y"), by=user)


def test_a_whatsapp_template_needs_its_meta_name(admin_marketing):
    with pytest.raises(services.TemplateError):
        services.create_template(
            kind=TemplateKind.WHATSAPP, name="wa", text=VersionText(), by=admin_marketing
        )
    version = services.create_template(
        kind=TemplateKind.WHATSAPP,
        name="wa",
        text=VersionText(
            whatsapp_template_name="pmb_welcome", whatsapp_language="id", whatsapp_parameters="name"
        ),
        by=admin_marketing,
    )
    assert version.parameter_names == ["name"]


def test_usage_is_counted_once_per_using_row(admin_marketing, kadiv):
    version = approved_template(admin_marketing, kadiv)
    for _ in range(2):
        services.record_template_use(
            version.template, used_in=UsedIn.SEND, object_type="automation.outboundmessage", object_id=7
        )
    usage = TemplateUsage.objects.get()
    assert usage.version == version and usage.used_in == UsedIn.SEND


def test_preview_fills_placeholders_for_the_sample_lead_and_flags_unknown_ones():
    assert preview("Halo {name}, minat {program}? Saya {agent}.", agent="Rina") == (
        "Halo Siti, minat D3 Perhotelan? Saya Rina."
    )
    assert unknown_placeholders("Halo {nama} {name}") == ["nama"]


def test_existing_templates_become_version_one(kadiv):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("core.migrations.0007_existing_templates_become_versions")
    approved = ResponseTemplate.objects.create(
        kind=TemplateKind.SCRIPT,
        name="Lama",
        body="Skrip lama",
        approved_at=timezone.now(),
        approved_by=kadiv,
    )
    draft = ResponseTemplate.objects.create(kind=TemplateKind.FAQ, name="Belum", body="Belum disetujui")
    migration.create_first_versions(apps, None)
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert (
        approved.approved_version.number == 1 and approved.approved_version.status == VersionStatus.APPROVED
    )
    assert approved.approved_version.body == "Skrip lama"
    assert draft.approved_version is None and draft.versions.get().status == VersionStatus.DRAFT
