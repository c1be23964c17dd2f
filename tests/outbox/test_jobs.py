"""The beat jobs: each runs twice, late or from two beats at once and duplicates nothing."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import Alert, AutomationSettings, InquirerFollowUpMode
from inquiries import policies as inquiry_policies
from inquiries.models import Inquiry
from leads import policies as lead_policies
from leads import services as lead_services
from leads.models import Campaign, CampaignRun, FollowUp, LeadStatus, SavedSegment, Temperature
from leads.services import create_lead
from outbox import services, sweep
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from outbox.tasks import SEND_TIME_LIMIT

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY_10 = datetime(2026, 11, 16, 10, 0, tzinfo=JAKARTA)  # a working Monday, no holiday


def make_lead(name="Budi Santoso", *, email="", whatsapp="", **fields):
    return create_lead(full_name=name, email=email, whatsapp=whatsapp, **fields).lead


def make_inquirer(now, *, days_ago=4, name="Budi Santoso", **contacts):
    lead = make_lead(name, status=LeadStatus.INQUIRED, **contacts)
    Inquiry.objects.create(
        channel="whatsapp",
        contact_key=lead.whatsapp or lead.email,
        lead=lead,
        received_at=now - timedelta(days=days_ago),
    )
    return lead


# --- 3-day inquirer follow-up ---------------------------------------------------------------------


@pytest.mark.django_db
def test_inquirer_follow_up_message_is_queued_once(admin_marketing, django_capture_on_commit_callbacks):
    now = timezone.now()
    lead = make_inquirer(now, whatsapp="+6281300000001")
    make_inquirer(now, days_ago=2, name="Baru Bertanya", whatsapp="+6281300000002")  # not yet 3 days
    make_inquirer(
        now, days_ago=30, name="Lama Sekali", whatsapp="+6281300000003"
    )  # beyond the catch-up limit
    with django_capture_on_commit_callbacks(execute=True):
        assert inquiry_policies.follow_up_inquirers(now=now) == 1
        assert inquiry_policies.follow_up_inquirers(now=now + timedelta(hours=1)) == 0
    [follow_up] = FollowUp.objects.filter(dedup_key__startswith="inquirer-3d:")
    assert follow_up.lead == lead and follow_up.completed_at is not None
    [message] = OutboundMessage.objects.filter(purpose=Purpose.FOLLOW_UP)
    # The lead never wrote on WhatsApp: the approved template goes out instead of free text.
    assert (message.lead, message.template_name, message.status) == (
        lead,
        "pmb_follow_up",
        OutboundStatus.SENT,
    )


@pytest.mark.django_db
def test_inquirer_follow_up_as_task_for_admin_marketing(admin_marketing):
    AutomationSettings.objects.filter(pk=1).update(inquirer_follow_up_mode=InquirerFollowUpMode.TASK)
    now = timezone.now()
    lead = make_inquirer(now, email="budi@example.com")
    assert inquiry_policies.follow_up_inquirers(now=now) == 1
    follow_up = FollowUp.objects.get(dedup_key__startswith="inquirer-3d:")
    assert (follow_up.lead, follow_up.owner, follow_up.completed_at) == (lead, admin_marketing, None)
    assert not OutboundMessage.objects.filter(purpose=Purpose.FOLLOW_UP).exists()


@pytest.mark.django_db
def test_registered_leads_get_no_inquirer_follow_up():
    now = timezone.now()
    lead = make_inquirer(now, whatsapp="+6281300000009")
    type(lead).objects.filter(pk=lead.pk).update(status=LeadStatus.REGISTERED)
    assert inquiry_policies.follow_up_inquirers(now=now) == 0


def _run_in_threads(func, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def work():
        try:
            barrier.wait()
            func()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_create_one_follow_up_and_one_message(admin_marketing, telemarketer):
    now = timezone.now()
    for n in range(3):
        make_inquirer(now, name=f"Penanya {n}", whatsapp=f"+62813000001{n}")
    _run_in_threads(lambda: inquiry_policies.follow_up_inquirers(now=now))
    _run_in_threads(lambda: lead_policies.schedule_warm_lead_calls(now=now + timedelta(days=2)))
    assert FollowUp.objects.filter(dedup_key__startswith="inquirer-3d:").count() == 3
    assert OutboundMessage.objects.filter(purpose=Purpose.FOLLOW_UP).count() == 3
    assert FollowUp.objects.filter(dedup_key__startswith="warm-call:").count() == 3


# --- Warm and hot leads: call tasks spread by load -----------------------------------------------------


@pytest.mark.django_db
def test_warm_leads_get_one_call_task_spread_over_telemarketing(telemarketer, other_telemarketer):
    now = timezone.now()
    warm = [
        make_lead(f"Warm {n}", whatsapp=f"+62814000000{n}", temperature=Temperature.WARM) for n in range(4)
    ]
    type(warm[0]).objects.filter(pk__in=[lead.pk for lead in warm]).update(
        entered_at=now - timedelta(days=1, hours=2)
    )
    hot = make_lead("Hot Sekali", whatsapp="+6281400000099", temperature=Temperature.HOT)
    fresh_warm = make_lead("Warm Baru", whatsapp="+6281400000098", temperature=Temperature.WARM)
    no_phone = make_lead("Tanpa Telepon", email="x@example.com", temperature=Temperature.HOT)
    FollowUp.objects.create(lead=hot, owner=telemarketer, due_at=now, reason="beban lama")

    assert lead_policies.schedule_warm_lead_calls(now=now) == 5
    assert lead_policies.schedule_warm_lead_calls(now=now) == 0
    calls = FollowUp.objects.filter(dedup_key__startswith="warm-call:")
    assert not calls.filter(lead__in=[fresh_warm, no_phone]).exists()
    hot_call = calls.get(lead=hot)
    assert hot_call.due_at == hot.entered_at + timedelta(days=1)
    assert calls.get(lead=warm[0]).due_at == type(warm[0]).objects.get(pk=warm[0].pk).entered_at + timedelta(
        days=2
    )
    # Least load first: 1 existing task for `tele`, so the five split 2 / 3 and end level.
    loads = {
        user: FollowUp.objects.pending().filter(owner=user).count()
        for user in (telemarketer, other_telemarketer)
    }
    assert loads == {telemarketer: 3, other_telemarketer: 3}


# --- Overdue follow-ups -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_follow_up_alerts_its_owner_once(telemarketer, client_for):
    now = timezone.now()
    lead = make_lead("Dewi", whatsapp="+6281500000001")
    overdue = FollowUp.objects.create(
        lead=lead, owner=telemarketer, due_at=now - timedelta(hours=2), reason="Telepon"
    )
    FollowUp.objects.create(lead=lead, owner=telemarketer, due_at=now + timedelta(hours=2), reason="Belum")
    FollowUp.objects.create(
        lead=lead, owner=telemarketer, due_at=now - timedelta(hours=2), completed_at=now, reason="Selesai"
    )
    assert lead_policies.alert_overdue_follow_ups(now=now) == 1
    assert lead_policies.alert_overdue_follow_ups(now=now) == 0
    alert = Alert.objects.get(key=f"followup-overdue:{overdue.pk}")
    assert alert.recipient == telemarketer and "Dewi" in alert.message

    client = client_for(telemarketer)
    home = client.get("/")
    assert "Dewi" in home.content.decode()
    response = client.get(f"/outbox/alerts/{alert.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    alert.refresh_from_db()
    assert alert.read_at is not None


@pytest.mark.django_db
def test_another_users_alert_is_not_found(telemarketer, other_telemarketer, client_for):
    alert = Alert.objects.create(key="x", recipient=other_telemarketer, message="rahasia")
    assert client_for(telemarketer).get(f"/outbox/alerts/{alert.pk}/").status_code == 404


# --- SLA alerts ---------------------------------------------------------------------------------------


def make_inquiry(contact, *, due, assignee=None):
    return Inquiry.objects.create(
        channel="whatsapp",
        contact_key=contact,
        received_at=due - timedelta(hours=2),
        first_response_due=due,
        assignee=assignee,
    )


@pytest.mark.django_db
def test_sla_warning_goes_to_assignee_or_admins_and_breach_to_supervisor_once(
    admin_medsos, supervisor, telemarketer
):
    now = MONDAY_10
    assigned = make_inquiry("6281", due=now + timedelta(minutes=20), assignee=telemarketer)
    unassigned = make_inquiry("6282", due=now + timedelta(minutes=25))
    comfortable = make_inquiry("6283", due=now + timedelta(minutes=90))
    breached = make_inquiry("6284", due=now - timedelta(minutes=1))
    answered = make_inquiry("6285", due=now - timedelta(minutes=1))
    Inquiry.objects.filter(pk=answered.pk).update(first_response_at=now - timedelta(minutes=30))

    assert inquiry_policies.check_inquiry_slas(now=now) == (2, 1)
    assert inquiry_policies.check_inquiry_slas(now=now + timedelta(minutes=1)) == (0, 0)
    assert set(Alert.objects.values_list("key", "recipient")) == {
        (f"sla-warning:{assigned.pk}:{telemarketer.pk}", telemarketer.pk),
        (f"sla-warning:{unassigned.pk}:{admin_medsos.pk}", admin_medsos.pk),
        (f"sla-breach:{breached.pk}:{supervisor.pk}", supervisor.pk),
    }
    comfortable.refresh_from_db()
    assert comfortable.sla_warning_sent_at is None


@pytest.mark.django_db
def test_sla_warning_counts_working_minutes_over_the_weekend(admin_medsos):
    friday_1550 = datetime(2026, 11, 20, 15, 50, tzinfo=JAKARTA)
    due_monday_0815 = datetime(2026, 11, 23, 8, 15, tzinfo=JAKARTA)  # 25 working minutes away
    make_inquiry("6286", due=due_monday_0815)
    assert inquiry_policies.check_inquiry_slas(now=friday_1550) == (1, 0)


# --- Newsletters ----------------------------------------------------------------------------------------


def make_campaign(by, **fields):
    segment = SavedSegment.objects.create(name="Prospek cold", query="temperature=cold", created_by=by)
    defaults = {
        "name": "Info PMB",
        "subject": "Kabar PMB minggu ini",
        "body": "Pendaftaran gelombang 2 dibuka.",
        "segment": segment,
        "approved_at": timezone.now(),
    }
    return Campaign.objects.create(**{**defaults, **fields})


def cold_lead(name, email, *, consent=True):
    return make_lead(
        name, email=email, temperature=Temperature.COLD, consent=consent, consent_source="public_form"
    )


@pytest.mark.django_db
def test_newsletter_goes_once_per_period_only_to_consenting_leads(
    admin_marketing, django_capture_on_commit_callbacks, settings
):
    settings.PUBLIC_BASE_URL = "https://pmb.example.ac.id"
    subscribed = cold_lead("Rina", "rina@example.com")
    no_consent = cold_lead("Tono", "tono@example.com", consent=False)
    unsubscribed = cold_lead("Ujang", "ujang@example.com")
    lead_services.unsubscribe_lead(unsubscribed)
    make_lead(
        "Warm", email="warm@example.com", temperature=Temperature.WARM, consent=True, consent_source="api"
    )
    campaign = make_campaign(admin_marketing)
    make_campaign(admin_marketing, name="Belum disetujui", approved_at=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert lead_policies.send_due_newsletters(now=MONDAY_10) == 1
        assert lead_policies.send_due_newsletters(now=MONDAY_10 + timedelta(days=2)) == 0
    [email] = mail.outbox
    assert email.to == ["rina@example.com"] and email.subject == "Kabar PMB minggu ini"
    url = f"https://pmb.example.ac.id/unsubscribe/{subscribed.unsubscribe_token}/"
    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body and url in email.alternatives[0][0]
    assert not OutboundMessage.objects.filter(
        lead__in=[no_consent, unsubscribed], purpose=Purpose.NEWSLETTER
    ).exists()
    assert CampaignRun.objects.get(campaign=campaign).recipients == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert lead_policies.send_due_newsletters(now=MONDAY_10 + timedelta(days=7)) == 1  # next week
    assert len(mail.outbox) == 2


def test_biweekly_period_spans_two_iso_weeks():
    assert lead_policies.newsletter_period("biweekly", MONDAY_10) == lead_policies.newsletter_period(
        "biweekly", MONDAY_10 + timedelta(days=7)
    )
    assert lead_policies.newsletter_period("biweekly", MONDAY_10) != lead_policies.newsletter_period(
        "biweekly", MONDAY_10 + timedelta(days=14)
    )
    assert lead_policies.newsletter_period("weekly", MONDAY_10) == "2026-W47"


@pytest.mark.django_db
def test_consent_withdrawn_after_queueing_stops_the_send(admin_marketing, django_capture_on_commit_callbacks):
    from leads.services import record_consent

    lead = cold_lead("Rina", "rina@example.com")
    make_campaign(admin_marketing)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead_policies.send_due_newsletters(now=MONDAY_10)
    record_consent(lead, granted=False, source="staff")  # withdrawn by staff, not the link
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert (
        OutboundMessage.objects.get(lead=lead, purpose=Purpose.NEWSLETTER).status == OutboundStatus.CANCELLED
    )


# --- The stuck-send sweep ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweep_requeues_a_send_left_by_a_dead_worker(django_capture_on_commit_callbacks):
    lead = make_lead(
        "Sari", phone="+6281600000001", last_inbound_whatsapp_at=timezone.now()
    )  # no welcome rows
    message = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="Halo", lead=lead
    )
    now = timezone.now()
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundStatus.SENDING, attempts=1, claimed_at=now - timedelta(minutes=2), claim_task_id="dead"
    )
    assert sweep.requeue_stuck_messages(now=now) == 0  # still within the 3-minute stuck limit: may be alive
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.requeue_stuck_messages(now=now + timedelta(minutes=1, seconds=1)) == 1
    assert sweep.requeue_stuck_messages(now=now + timedelta(minutes=30)) == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 2)


@pytest.mark.django_db
def test_stuck_send_wait_is_a_setting_in_minutes_never_shorter_than_the_hard_time_limit():
    config = AutomationSettings.current()
    assert config.stuck_sending_minutes == 3  # the default
    assert sweep.stuck_sending_after(config) == timedelta(minutes=3)
    config.stuck_sending_minutes = 7
    config.full_clean()
    assert sweep.stuck_sending_after(config) == timedelta(minutes=7)

    assert SEND_TIME_LIMIT == 90  # seconds: the shortest valid wait is therefore 2 minutes
    config.stuck_sending_minutes = 2
    config.full_clean()
    config.stuck_sending_minutes = 1
    with pytest.raises(ValidationError) as error:
        config.full_clean()
    assert error.value.error_dict["stuck_sending_minutes"][0].code == "shorter_than_time_limit"
    # A row saved past the validation (a raw update) still never overtakes a live send.
    assert sweep.stuck_sending_after(config) == timedelta(seconds=SEND_TIME_LIMIT)


@pytest.mark.django_db
def test_admin_refuses_a_stuck_wait_shorter_than_the_hard_time_limit(admin_client):
    AutomationSettings.current()
    url = reverse("admin:core_automationsettings_change", args=[1])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["stuck_sending_minutes"] = 1
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "stuck_sending_minutes" in response.context["adminform"].form.errors
    assert AutomationSettings.current().stuck_sending_minutes == 3


@pytest.mark.django_db
def test_sweep_waits_the_hard_time_limit_even_if_the_row_says_less(django_capture_on_commit_callbacks):
    AutomationSettings.objects.filter(pk=AutomationSettings.current().pk).update(stuck_sending_minutes=1)
    lead = make_lead("Tono", phone="+6281600000009", last_inbound_whatsapp_at=timezone.now())
    message = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="Halo", lead=lead
    )
    now = timezone.now()
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundStatus.SENDING,
        attempts=1,
        claimed_at=now - timedelta(seconds=80),
        claim_task_id="live",
    )
    assert sweep.requeue_stuck_messages(now=now) == 0  # 80 s < the 90 s hard limit: the send may be running
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.requeue_stuck_messages(now=now + timedelta(seconds=11)) == 1


@pytest.mark.django_db
def test_sweep_gives_up_after_the_attempt_cap_and_requeues_lost_queued_rows(
    django_capture_on_commit_callbacks,
):
    lead = make_lead("Sari", phone="+6281600000001", last_inbound_whatsapp_at=timezone.now())
    stuck = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="a", lead=lead
    )
    lost = services.queue_message(
        channel="whatsapp", recipient=lead.phone, purpose=Purpose.REPLY, body="b", lead=lead
    )
    now = timezone.now()
    OutboundMessage.objects.filter(pk=stuck.pk).update(
        status=OutboundStatus.SENDING, attempts=5, claimed_at=now - timedelta(hours=1)
    )
    OutboundMessage.objects.filter(pk=lost.pk).update(created_at=now - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.requeue_stuck_messages(now=now) == 1
    stuck.refresh_from_db()
    lost.refresh_from_db()
    assert stuck.status == OutboundStatus.FAILED
    assert lost.status == OutboundStatus.SENT


def test_every_beat_row_names_a_registered_task(db):
    """The beat rows follow the jobs to their modules (outbox, leads, inquiries, reports)."""
    from django_celery_beat.models import PeriodicTask

    from pmb_crm.celery import app

    app.loader.import_default_modules()
    names = list(PeriodicTask.objects.exclude(task="celery.backend_cleanup").values_list("task", flat=True))
    assert names and not [name for name in names if name.startswith("automation.")]
    assert [name for name in names if name not in app.tasks] == []
