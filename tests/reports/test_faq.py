"""The FAQ update page (/reports/faq/): figures of a period and proposals to the template library."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind, TemplateVersion, VersionStatus
from core.template_library import selectors as library_selectors
from core.template_library import services as library
from core.template_library.services import VersionText
from inquiries.models import Category
from inquiries.services import workflow
from inquiries.services.ingest import record_inbound_message
from inquiries.webhooks import InboundMessage

pytestmark = pytest.mark.django_db


def ask(text, *, number, when=None):
    return record_inbound_message(
        InboundMessage(
            channel="whatsapp",
            contact_key=f"62812000{number:05d}",
            contact_name=f"Penanya {number}",
            platform_message_id=f"wamid.faq{number}",
            type="text",
            text=text,
            sent_at=when or timezone.now(),
            raw={},
            phone=f"+62812000{number:05d}",
        )
    ).inquiry


@pytest.fixture
def faq_answer(admin_medsos, kadiv):
    version = library.create_template(
        kind=TemplateKind.FAQ,
        name="Biaya kuliah",
        text=VersionText(body="UKT mulai ..."),
        by=admin_medsos,
        submit=True,
    )
    return library.approve_version(version, by=kadiv)


@pytest.fixture
def period_data(admin_medsos, faq_answer, django_capture_on_commit_callbacks):
    biaya = Category.objects.get_or_create(name="Biaya", defaults={"level": 1})[0]
    with django_capture_on_commit_callbacks(execute=True):
        first = ask("Brp biaya kuliah kak?", number=1)
        second = ask("berapa biaya kuliah D3?", number=2)
        third = ask("Kpn pendaftaran gelombang 2 dibuka", number=3)
        ask("gmn cara daftar?", number=4)  # not answered at all
        ask("biaya kuliah lama", number=5, when=timezone.now() - timedelta(days=60))  # outside the period
        for inquiry in (first, second):
            workflow.triage_inquiry(inquiry, level=1, category=biaya, by=admin_medsos)
            workflow.reply_to_inquiry(
                inquiry, body="UKT mulai ...", by=admin_medsos, template_version=faq_answer.pk
            )
        workflow.reply_to_inquiry(third, body="Gelombang 2 dibuka April.", by=admin_medsos)  # typed by hand
    return {"biaya": biaya, "third": third}


def report_url(days=7):
    today = timezone.localdate()
    return f"/reports/faq/?date_from={today - timedelta(days=days)}&date_to={today}"


def test_the_report_counts_categories_words_templates_and_answers_without_one(period_data, faq_answer):
    from reports import faq
    from reports.periods import Period

    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    report = faq.faq_report(Period("x", today - timedelta(days=7), today, tz))
    assert report.questions == 4
    assert {"name": "Biaya", "count": 2} in report.categories
    assert dict(report.words)["biaya"] == 2 and dict(report.words)["pendaftaran"] == 2
    assert ("berapa biaya", 2) in report.phrases
    assert report.templates_used == [
        {
            "template_id": faq_answer.template_id,
            "template_name": "Biaya kuliah",
            "category": "Biaya",
            "replies": 2,
        }
    ]
    assert report.without_template_count == 1
    assert [i.pk for i in report.without_template] == [period_data["third"].pk]
    assert report.without_template[0].question == "Kpn pendaftaran gelombang 2 dibuka"


def test_the_report_query_count_does_not_grow_with_rows(period_data, django_assert_num_queries):
    from reports import faq
    from reports.periods import Period

    today = timezone.localdate()
    period = Period("x", today - timedelta(days=7), today, timezone.get_current_timezone())
    # questions count, categories, texts, templates used, without-template count, without-template rows
    with django_assert_num_queries(6):
        faq.faq_report(period)


def test_supervisor_sees_the_page(client_for, supervisor, period_data):
    page = client_for(supervisor).get(report_url()).content.decode()
    assert "4 pertanyaan diterima" in page
    assert "Biaya kuliah" in page and "Kpn pendaftaran gelombang 2 dibuka" in page


@pytest.mark.parametrize("persona", ["admin_medsos", "telemarketer", "unit_user"])
def test_roles_without_reports_cannot_open_or_propose(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/reports/faq/").status_code == 403
    assert client.post("/reports/faq/propose/", {"name": "x", "body": "y"}).status_code == 403
    assert not ResponseTemplate.objects.exists()


def test_an_unreadable_period_is_a_message_not_a_silent_default(client_for, kadiv):
    response = client_for(kadiv).get("/reports/faq/?date_from=kemarin&date_to=2026-13-01")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="period-error"' in page
    assert 'data-testid="faq-heading"' not in page


def test_supervisor_proposal_lands_in_kadivs_queue_not_their_own(client_for, supervisor, kadiv, period_data):
    response = client_for(supervisor).post(
        "/reports/faq/propose/",
        {
            "name": "Jadwal gelombang 2",
            "category": "Jadwal PMB",
            "question": "kpn gelombang 2?",
            "body": "Gelombang 2 dibuka April.",
        },
    )
    assert response.status_code == 302
    version = TemplateVersion.objects.get(template__name="Jadwal gelombang 2")
    assert version.status == VersionStatus.SUBMITTED and version.source == "faq_report"
    assert version.template.kind == TemplateKind.FAQ and "kpn gelombang 2?" in version.change_note
    assert version not in library_selectors.approval_queue(supervisor)
    assert version in library_selectors.approval_queue(kadiv)
    assert not ResponseTemplate.objects.approved().filter(name="Jadwal gelombang 2").exists()


def test_a_revision_proposal_keeps_the_approved_answer_in_use(client_for, supervisor, faq_answer):
    client_for(supervisor).post(
        "/reports/faq/propose/", {"template": faq_answer.template_id, "body": "UKT D3 mulai Rp4 juta."}
    )
    template = ResponseTemplate.objects.get(pk=faq_answer.template_id)
    assert template.body == "UKT mulai ..."
    assert template.versions.get(number=2).status == VersionStatus.SUBMITTED


def test_an_incomplete_proposal_is_refused_with_a_message(client_for, supervisor):
    response = client_for(supervisor).post("/reports/faq/propose/", {"body": "Jawaban"}, follow=True)
    assert "Usulan belum dikirim" in response.content.decode()
    assert not ResponseTemplate.objects.exists()


def test_the_period_fields_show_the_default_period_in_iso_form(client_for, kadiv):
    page = client_for(kadiv).get("/reports/faq/").content.decode()
    today = timezone.localdate()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today - timedelta(days=29)).isoformat()}"' in page


@pytest.mark.parametrize("bad", ["9999-12-31", "0001-01-01"])
def test_far_dates_are_a_message_not_a_crash(client_for, kadiv, bad):
    response = client_for(kadiv).get(f"/reports/faq/?date_from={bad}&date_to={bad}")
    assert response.status_code == 200 and 'data-testid="period-error"' in response.content.decode()
