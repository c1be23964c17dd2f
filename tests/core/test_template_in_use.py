"""Done means (issue 12): an unapproved revision is never sent while the approved version keeps being
used — by the welcome, the 3-day follow-up job, the inbox's reply picker and the call queue — and
every use is counted against the version that carried it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import TemplateKind, TemplateUsage, UsedIn, VersionStatus
from core.template_library import services
from core.template_library.services import VersionText
from inquiries.models import Inquiry
from inquiries.policies import follow_up_inquirers
from leads.models import Interaction, LeadStatus
from leads.services import create_lead
from outbox.models import OutboundMessage, Purpose
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def approve(kind, body, *, by, approver, track="", subject=""):
    version = services.create_template(
        kind=kind,
        name=f"{kind} PMB",
        track=track,
        text=VersionText(subject=subject, body=body),
        by=by,
        submit=True,
    )
    return services.approve_version(version, by=approver)


def pending_revision(version, body, *, by):
    return services.revise_template(
        version.template, text=VersionText(subject="DRAF", body=body), by=by, submit=True
    )


def usages(version, used_in):
    return TemplateUsage.objects.filter(version=version, used_in=used_in).count()


def test_welcome_sends_the_approved_version_until_the_revision_is_approved(
    admin_marketing, kadiv, django_capture_on_commit_callbacks
):
    v1 = approve(
        TemplateKind.WELCOME,
        "Halo {name}, selamat datang (v1).",
        subject="Selamat datang",
        by=admin_marketing,
        approver=kadiv,
    )
    v2 = pending_revision(v1, "JANGAN DIKIRIM {name} (v2)", by=admin_marketing)
    with django_capture_on_commit_callbacks(execute=True):
        first = create_lead(full_name="Ayu Lestari", email="ayu@contoh.id").lead
    welcome = first.outbound_messages.get(purpose=Purpose.WELCOME)
    assert welcome.body == "Halo Ayu, selamat datang (v1)." and welcome.subject == "Selamat datang"
    assert "JANGAN" not in welcome.body
    assert usages(v1, UsedIn.SEND) == 1 and usages(v2, UsedIn.SEND) == 0

    services.return_version(v2, by=kadiv, note="Belum")  # sent back: still never used
    with django_capture_on_commit_callbacks(execute=True):
        second = create_lead(full_name="Bima Putra", email="bima@contoh.id").lead
    assert second.outbound_messages.get(purpose=Purpose.WELCOME).body == "Halo Bima, selamat datang (v1)."

    services.revise_template(
        v1.template, text=VersionText(body="Halo {name} (v2 final)"), by=admin_marketing, submit=True
    )
    services.approve_version(v2, by=kadiv)
    with django_capture_on_commit_callbacks(execute=True):
        third = create_lead(full_name="Citra Dewi", email="citra@contoh.id").lead
    assert third.outbound_messages.get(purpose=Purpose.WELCOME).body == "Halo Citra (v2 final)"
    assert usages(v1, UsedIn.SEND) == 2 and usages(v2, UsedIn.SEND) == 1


def test_welcome_whatsapp_uses_the_meta_template_of_the_approved_version(
    admin_marketing, kadiv, django_capture_on_commit_callbacks
):
    version = services.create_template(
        kind=TemplateKind.WELCOME,
        name="Sambutan WA",
        text=VersionText(
            body="Halo {name}",
            whatsapp_template_name="pmb_sambutan_v1",
            whatsapp_language="id",
            whatsapp_parameters="name,program",
        ),
        by=admin_marketing,
        submit=True,
    )
    services.approve_version(version, by=kadiv)
    with django_capture_on_commit_callbacks(execute=True):
        lead = create_lead(full_name="Dodi Saputra", whatsapp="+6281200000999").lead
    message = lead.outbound_messages.get(purpose=Purpose.WELCOME)
    assert (message.template_name, message.template_language) == ("pmb_sambutan_v1", "id")
    assert message.template_params == ["Dodi", "program studi pilihan Anda"]
    assert usages(version, UsedIn.SEND) == 1


def test_the_follow_up_job_sends_the_approved_version_only(
    admin_marketing, kadiv, django_capture_on_commit_callbacks
):
    v1 = approve(
        TemplateKind.FOLLOW_UP,
        "Halo {name}, sudah daftar? (v1)",
        subject="Tindak lanjut",
        by=admin_marketing,
        approver=kadiv,
    )
    pending_revision(v1, "JANGAN DIKIRIM (v2)", by=admin_marketing)
    now = timezone.now()
    lead = create_lead(full_name="Eka Wijaya", email="eka@contoh.id", status=LeadStatus.INQUIRED).lead
    Inquiry.objects.create(
        channel="email", contact_key=lead.email, lead=lead, received_at=now - timedelta(days=4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_up_inquirers(now=now) == 1
    message = OutboundMessage.objects.get(purpose=Purpose.FOLLOW_UP)
    assert message.body == "Halo Eka, sudah daftar? (v1)"
    assert TemplateUsage.objects.get(used_in=UsedIn.SEND, object_id=message.pk).version == v1


def test_the_reply_picker_offers_the_approved_text_and_counts_the_reply(
    client_for, admin_medsos, supervisor, django_capture_on_commit_callbacks
):
    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import InboundMessage

    v1 = approve(
        TemplateKind.FAQ, "Halo {name}, gelombang 2 dibuka April (v1).", by=admin_medsos, approver=supervisor
    )
    v2 = pending_revision(v1, "JANGAN DITAWARKAN (v2)", by=admin_medsos)
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = record_inbound_message(
            InboundMessage(
                channel="whatsapp",
                contact_key="6281234567001",
                contact_name="Siti Aminah",
                platform_message_id="wamid.t1",
                type="text",
                text="Kapan gelombang 2?",
                sent_at=timezone.now(),
                raw={},
                phone="+6281234567001",
            )
        ).inquiry
    client = client_for(admin_medsos)
    page = client.get(f"/inbox/{inquiry.pk}/").content.decode()
    assert "gelombang 2 dibuka April (v1)" in page and "JANGAN" not in page
    assert f'data-template-version="{v1.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/inbox/{inquiry.pk}/reply/", {"body": "Halo Siti Aminah ... (v1)", "template_version": v1.pk}
        )
    reply = inquiry.messages.get(direction="outbound", sent_by=admin_medsos)
    assert TemplateUsage.objects.get(used_in=UsedIn.REPLY).object_id == reply.pk
    # A version that was never approved is not counted as a use, whatever the form says.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/inbox/{inquiry.pk}/reply/", {"body": "lagi", "template_version": v2.pk})
    assert usages(v1, UsedIn.REPLY) == 1 and usages(v2, UsedIn.REPLY) == 0
    assert v2.status == VersionStatus.SUBMITTED


def test_the_call_queue_shows_the_approved_script_and_counts_the_call(
    client_for, telemarketer, admin_marketing, kadiv
):
    v1 = approve(
        TemplateKind.SCRIPT,
        "Selamat {greeting}, apakah benar ini {name}? (v1)",
        by=admin_marketing,
        approver=kadiv,
    )
    pending_revision(v1, "JANGAN DIBACA (v2)", by=admin_marketing)
    follow_up = FollowUpFactory(
        lead=create_lead(full_name="Fajar Nugroho", phone="+6281299990000").lead, owner=telemarketer
    )
    client = client_for(telemarketer)
    page = client.get(reverse("calls:queue")).content.decode()
    assert "apakah benar ini Fajar Nugroho? (v1)" in page and "JANGAN" not in page
    prefix = f"f{follow_up.pk}"
    client.post(
        reverse("calls:log", args=[follow_up.pk]),
        {
            f"{prefix}-kind": "call",
            f"{prefix}-direction": "outbound",
            f"{prefix}-outcome": "reached",
            "script_version": v1.pk,
        },
    )
    call = Interaction.objects.get(lead=follow_up.lead, kind="call")
    usage = TemplateUsage.objects.get(used_in=UsedIn.CALL)
    assert (usage.version, usage.object_type, usage.object_id) == (v1, "leads.interaction", call.pk)
