"""Newsletter campaign pages (/campaigns/): compose from an approved template, preview, test send,
Kadiv's approval, schedule, results; only the template's approved version is ever sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import TemplateKind, TemplateUsage, UsedIn
from core.template_library import services as library
from core.template_library.services import VersionText
from leads import policies as jobs
from leads.campaigns import services
from leads.models import Campaign, SavedSegment, Temperature
from leads.services import create_lead
from outbox.models import OutboundMessage, OutboundStatus, Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsletter(admin_marketing, kadiv):
    version = library.create_template(
        kind=TemplateKind.NEWSLETTER,
        name="Info gelombang 2",
        text=VersionText(subject="Gelombang 2 dibuka", body="Pendaftaran gelombang 2 dibuka 1 April (v1)."),
        by=admin_marketing,
        submit=True,
    )
    return library.approve_version(version, by=kadiv)


@pytest.fixture
def segment(admin_marketing):
    return SavedSegment.objects.create(
        name="Prospek cold", query="temperature=cold", created_by=admin_marketing
    )


@pytest.fixture
def cold_leads(db):
    return [
        create_lead(
            full_name=name,
            email=email,
            temperature=Temperature.COLD,
            consent=consent,
            consent_source="public_form",
        ).lead
        for name, email, consent in [
            ("Rina Wati", "rina@contoh.id", True),
            ("Sari Dewi", "sari@contoh.id", True),
            ("Tanpa Izin", "tanpa@contoh.id", False),
        ]
    ]


def compose(client, newsletter, segment, **extra):
    data = {
        "name": "Info April",
        "template": newsletter.template_id,
        "segment": segment.pk,
        "frequency": "weekly",
    }
    return client.post("/campaigns/new/", {**data, **extra})


def test_admin_marketing_composes_previews_and_submits(
    client_for, admin_marketing, newsletter, segment, cold_leads
):
    client = client_for(admin_marketing)
    response = compose(client, newsletter, segment)
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.status == Campaign.Status.DRAFT and campaign.created_by == admin_marketing
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "Gelombang 2 dibuka" in page and "Halo Rina," in page  # the first consenting recipient
    assert "2 penerima" in page  # the one without consent is not counted
    client.post(f"/campaigns/{campaign.pk}/submit/")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SUBMITTED


def test_only_approved_newsletter_templates_can_be_chosen(client_for, admin_marketing, kadiv, segment):
    draft = library.create_template(
        kind=TemplateKind.NEWSLETTER, name="Draf", text=VersionText(body="belum"), by=admin_marketing
    )
    faq = library.create_template(
        kind=TemplateKind.FAQ, name="FAQ", text=VersionText(body="x"), by=admin_marketing, submit=True
    )
    library.approve_version(faq, by=kadiv)
    client = client_for(admin_marketing)
    for template_id in (draft.template_id, faq.template_id):
        response = client.post(
            "/campaigns/new/",
            {"name": "x", "template": template_id, "segment": segment.pk, "frequency": "weekly"},
        )
        assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_a_test_send_goes_to_oneself_only_and_is_not_a_result(
    client_for, admin_marketing, newsletter, segment, cold_leads, django_capture_on_commit_callbacks
):
    admin_marketing.email = "marketing@pmb.ac.id"
    admin_marketing.save()
    client = client_for(admin_marketing)
    compose(client, newsletter, segment)
    campaign = Campaign.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/campaigns/{campaign.pk}/test/", follow=True)
    assert "antrean kirim ke marketing@pmb.ac.id" in response.content.decode()
    [test] = OutboundMessage.objects.filter(recipient="marketing@pmb.ac.id")
    assert test.subject.startswith("[UJI]") and "gelombang 2 dibuka 1 April (v1)" in test.body
    assert (
        test.campaign_id is None and not OutboundMessage.objects.filter(purpose=Purpose.NEWSLETTER).exists()
    )


def test_kadiv_approves_then_the_job_sends_the_approved_version_only(
    client_for, admin_marketing, kadiv, newsletter, segment, cold_leads, django_capture_on_commit_callbacks
):
    compose(client_for(admin_marketing), newsletter, segment)
    campaign = Campaign.objects.get()
    services.submit_campaign(campaign, by=admin_marketing)
    client_for(kadiv).post(f"/campaigns/{campaign.pk}/approve/", {"note": "ok"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED and campaign.approved_by == kadiv
    # A revision of the template waiting for approval is never sent.
    v2 = library.revise_template(
        newsletter.template,
        text=VersionText(subject="DRAF", body="JANGAN DIKIRIM"),
        by=admin_marketing,
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.send_due_newsletters() == 2
    sent = OutboundMessage.objects.filter(campaign=campaign)
    assert {m.recipient for m in sent} == {"rina@contoh.id", "sari@contoh.id"}
    assert all(
        "(v1)" in m.body and "JANGAN" not in m.body and m.subject == "Gelombang 2 dibuka" for m in sent
    )
    assert TemplateUsage.objects.filter(version=newsletter, used_in=UsedIn.SEND).count() == 2
    assert not TemplateUsage.objects.filter(version=v2).exists()
    page = client_for(kadiv).get("/campaigns/").content.decode()
    assert f'data-testid="campaign-{campaign.pk}"' in page


def test_results_count_queued_sent_delivered_failed_unsubscribed(
    admin_marketing, kadiv, newsletter, segment, cold_leads
):
    from leads.campaigns.selectors import campaigns_with_results

    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    for status, unsubscribed in [
        (OutboundStatus.QUEUED, False),
        (OutboundStatus.SENT, False),
        (OutboundStatus.DELIVERED, True),
        (OutboundStatus.READ, False),
        (OutboundStatus.FAILED, False),
    ]:
        OutboundMessage.objects.create(
            channel="email",
            recipient="x@contoh.id",
            purpose=Purpose.NEWSLETTER,
            status=status,
            campaign=campaign,
            unsubscribed_at=timezone.now() if unsubscribed else None,
        )
    row = campaigns_with_results().get(pk=campaign.pk)
    assert (row.queued, row.sent, row.delivered, row.failed, row.unsubscribed) == (1, 3, 2, 1, 1)


def test_the_list_query_count_is_constant(
    client_for, admin_marketing, newsletter, segment, django_assert_num_queries
):
    for n in range(3):
        services.compose_campaign(
            name=f"Info {n}",
            template=newsletter.template,
            segment=segment,
            frequency="weekly",
            by=admin_marketing,
        )
    client = client_for(admin_marketing)
    client.get("/campaigns/")
    # session, user, user permissions, group permissions, campaigns with results, awaiting count
    with django_assert_num_queries(6):
        client.get("/campaigns/")


def test_a_scheduled_campaign_waits_for_its_time(
    admin_marketing, kadiv, newsletter, segment, cold_leads, client_for
):
    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    services.submit_campaign(campaign, by=admin_marketing)
    services.approve_campaign(campaign, by=kadiv)
    later = timezone.localtime() + timedelta(days=3)
    client_for(admin_marketing).post(
        f"/campaigns/{campaign.pk}/schedule/",
        {"next_run_at": later.strftime("%Y-%m-%dT%H:%M"), "is_active": "on"},
    )
    assert jobs.send_due_newsletters() == 0
    assert jobs.send_due_newsletters(now=later + timedelta(minutes=5)) == 2


def test_editing_an_approved_campaign_withdraws_the_approval(
    admin_marketing, kadiv, newsletter, segment, client_for
):
    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    services.submit_campaign(campaign, by=admin_marketing)
    services.approve_campaign(campaign, by=kadiv)
    client_for(admin_marketing).post(
        f"/campaigns/{campaign.pk}/edit/",
        {
            "name": "Info baru",
            "template": newsletter.template_id,
            "segment": segment.pk,
            "frequency": "biweekly",
        },
    )
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and campaign.approved_at is None
    assert jobs.send_due_newsletters() == 0


def test_kadiv_sends_back_with_a_note(admin_marketing, kadiv, newsletter, segment, client_for):
    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    services.submit_campaign(campaign, by=admin_marketing)
    client = client_for(kadiv)
    client.post(f"/campaigns/{campaign.pk}/return/", {"note": ""})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SUBMITTED
    client.post(f"/campaigns/{campaign.pk}/return/", {"note": "Segmen terlalu luas"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.RETURNED and campaign.review_note == "Segmen terlalu luas"
    page = client_for(admin_marketing).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "Segmen terlalu luas" in page


@pytest.mark.parametrize("persona", ["telemarketer", "unit_user", "admin_medsos", "supervisor"])
def test_roles_without_campaigns_see_nothing(
    client_for, request, persona, admin_marketing, newsletter, segment
):
    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/campaigns/").status_code == 403
    assert client.get("/campaigns/new/").status_code == 403
    assert client.get(f"/campaigns/{campaign.pk}/").status_code == 404
    for action in ("submit", "approve", "return", "schedule", "test"):
        assert client.post(f"/campaigns/{campaign.pk}/{action}/", {"note": "x"}).status_code == 404


def test_admin_marketing_cannot_approve_and_kadiv_cannot_edit(
    admin_marketing, kadiv, newsletter, segment, client_for
):
    campaign = services.compose_campaign(
        name="Info", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    services.submit_campaign(campaign, by=admin_marketing)
    marketing = client_for(admin_marketing)
    assert marketing.post(f"/campaigns/{campaign.pk}/approve/").status_code == 403
    assert marketing.post(f"/campaigns/{campaign.pk}/return/", {"note": "x"}).status_code == 403
    kadiv_client = client_for(kadiv)
    assert kadiv_client.get(f"/campaigns/{campaign.pk}/edit/").status_code == 403
    assert kadiv_client.post(f"/campaigns/{campaign.pk}/schedule/", {"is_active": "on"}).status_code == 403
    assert kadiv_client.get("/campaigns/new/").status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SUBMITTED


def test_unknown_campaign_ids_are_404(client_for, kadiv):
    assert client_for(kadiv).get("/campaigns/999999/").status_code == 404
    assert client_for(kadiv).post("/campaigns/999999/approve/").status_code == 404


def test_kadivs_home_lists_campaigns_waiting(client_for, admin_marketing, kadiv, newsletter, segment):
    campaign = services.compose_campaign(
        name="Info Mei", template=newsletter.template, segment=segment, frequency="weekly", by=admin_marketing
    )
    services.submit_campaign(campaign, by=admin_marketing)
    home = client_for(kadiv).get("/").content.decode()
    assert "Newsletter menunggu persetujuan" in home and f'href="/campaigns/{campaign.pk}/"' in home
