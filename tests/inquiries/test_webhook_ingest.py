"""The webhook acknowledgement path (lean WSGI handler, one INSERT, drain doorbell) and the drain."""

from __future__ import annotations

import io
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from inquiries.models import Message, WebhookEvent
from inquiries.services import ingest
from inquiries.signatures import sign
from pmb_crm.celery import app as celery_app
from pmb_crm.webhook_handler import WebhookRouter
from tests.inquiries.conftest import APP_SECRET, payload_bytes, wa_text


def wsgi(method: str, path: str, body: bytes = b"", headers: dict | None = None, query: str = ""):
    """Call the production WSGI application (pmb_crm.wsgi) like gunicorn does; (status, headers, body)."""
    from pmb_crm.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        **(headers or {}),
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    content = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], content


def signed_post(path: str, body: bytes, *, secret: str = APP_SECRET, host: str = "127.0.0.1"):
    return wsgi("POST", path, body, {"HTTP_X_HUB_SIGNATURE_256": sign(body, secret), "HTTP_HOST": host})


# --- The lean handler -------------------------------------------------------------------------------


def test_webhook_middleware_is_a_subsequence_of_the_full_stack_with_the_security_headers():
    full = list(django_settings.MIDDLEWARE)
    positions = [full.index(name) for name in django_settings.WEBHOOK_MIDDLEWARE]
    assert positions == sorted(positions)
    for needed in (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
    ):
        assert needed in django_settings.WEBHOOK_MIDDLEWARE


def test_router_sends_only_webhook_posts_to_the_lean_handler():
    calls = []
    router = WebhookRouter(
        lambda env, sr: calls.append("full") or [], lambda env, sr: calls.append("lean") or []
    )
    for method, path in [
        ("POST", "/webhooks/whatsapp/"),
        ("POST", "/webhooks/meta/"),
        ("GET", "/webhooks/whatsapp/"),  # the verification handshake
        ("POST", "/webhooks/whatsapp"),  # no slash: the full stack answers as before
        ("POST", "/public/inquiry/"),
        ("GET", "/healthz"),
    ]:
        router({"REQUEST_METHOD": method, "PATH_INFO": path}, None)
    assert calls == ["lean", "lean", "full", "full", "full", "full"]


@pytest.mark.django_db(transaction=True)
def test_signed_post_through_the_lean_handler_is_stored_processed_and_has_security_headers():
    body = payload_bytes("whatsapp_inbound_text.json")
    status, headers, content = signed_post("/webhooks/whatsapp/", body)
    assert (status, content) == (200, b"EVENT_RECEIVED")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "Set-Cookie" not in headers and "Cookie" not in headers.get("Vary", "")
    event = WebhookEvent.objects.get()
    assert bytes(event.body) == body and event.state == WebhookEvent.State.PROCESSED  # eager drain
    assert Message.objects.filter(direction="inbound").count() == 1
    # the platform's redelivery of the same bytes: acknowledged, nothing stored or processed again
    assert signed_post("/webhooks/whatsapp/", body)[0] == 200
    assert WebhookEvent.objects.count() == 1 and Message.objects.filter(direction="inbound").count() == 1


@pytest.mark.django_db(transaction=True)
def test_lean_handler_refuses_bad_signatures_malformed_bodies_and_unknown_hosts():
    body = json.dumps(wa_text("wamid.lean1")).encode()
    assert signed_post("/webhooks/whatsapp/", body, secret="another-secret")[0] == 403
    assert signed_post("/webhooks/meta/", body, secret="another-secret")[0] == 403
    status, _headers, content = signed_post("/webhooks/whatsapp/", b"{not json")
    assert status == 400 and content.startswith(b"malformed payload: not JSON")
    assert signed_post("/webhooks/whatsapp/", body, host="evil.example")[0] == 400  # ALLOWED_HOSTS
    assert list(WebhookEvent.objects.values_list("state", flat=True)) == [WebhookEvent.State.FAILED]
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_get_verification_still_goes_through_the_full_stack():
    status, headers, content = wsgi(
        "GET",
        "/webhooks/whatsapp/",
        query="hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=vibecoding",
    )
    assert (status, content) == (200, b"1158201444")
    assert "Content-Language" in headers  # the full stack's locale middleware ran


# --- The acknowledgement service ----------------------------------------------------------------------


@pytest.mark.django_db
def test_receive_webhook_stores_each_distinct_body_once_per_source(django_capture_on_commit_callbacks):
    body = json.dumps(wa_text("wamid.once1")).encode()
    with mock.patch.object(ingest, "ring_drain") as ring, django_capture_on_commit_callbacks(execute=True):
        assert ingest.receive_webhook(source="whatsapp", body=body) is True
        assert ingest.receive_webhook(source="whatsapp", body=body) is False
        assert ingest.receive_webhook(source="meta", body=body) is True  # another platform's endpoint
    assert ring.call_count == 2  # a duplicate rings nothing
    event = WebhookEvent.objects.filter(source="whatsapp").get()
    assert event.state == WebhookEvent.State.PENDING and event.attempts == 0 and not event.is_test
    assert bytes(event.digest) == ingest.event_digest(source="whatsapp", body=body)
    assert timezone.now() - event.received_at < timedelta(minutes=1)


@pytest.mark.parametrize(
    "body,problem",
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[]", "entry list"),
        (b'{"object": "page", "entry": {}}', "entry list"),
        (b'{"object": "page", "entry": []}', ""),
    ],
)
def test_payload_problem(body, problem):
    found = ingest.payload_problem(body)
    assert (problem in found) if problem else found == ""


@pytest.mark.django_db
def test_ring_drain_queues_one_task_per_window_starting_after_the_commit(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(ingest, "_drain_scheduled_until", 0.0)
    with mock.patch("inquiries.tasks.drain_webhook_events.apply_async") as publish:
        before = datetime.now(UTC)
        for _ in range(5):
            ingest.ring_drain()
        ingest.doorbell.join()  # the publisher thread has sent what it was given
        assert publish.call_count == 1
        eta = publish.call_args.kwargs["eta"]
        assert before < eta <= before + timedelta(seconds=ingest.DRAIN_WINDOW + 0.1)
        time.sleep(ingest.DRAIN_WINDOW + 0.05)
        ingest.ring_drain()
        ingest.doorbell.join()
        assert publish.call_count == 2 and publish.call_args.kwargs["eta"] > eta


@pytest.mark.django_db
def test_ring_drain_with_the_broker_down_does_not_raise_and_tries_again_next_window(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(ingest, "_drain_scheduled_until", 0.0)
    with mock.patch(
        "inquiries.tasks.drain_webhook_events.apply_async", side_effect=ConnectionRefusedError("down")
    ) as publish:
        started = time.perf_counter()
        ingest.ring_drain()  # returns at once: the doorbell thread publishes
        assert time.perf_counter() - started < 0.05
        ingest.doorbell.join()
    assert publish.call_count == 1  # tried, logged, not raised; the thread lives on
    monkeypatch.setattr(ingest, "_drain_scheduled_until", 0.0)
    with mock.patch("inquiries.tasks.drain_webhook_events.apply_async") as publish:
        ingest.ring_drain()
        ingest.doorbell.join()
    assert publish.call_count == 1


# --- The drain ----------------------------------------------------------------------------------------


def _store(count: int, prefix: str) -> list[int]:
    for n in range(count):
        body = json.dumps(wa_text(f"wamid.{prefix}{n}", wa_id=f"62812000{n % 7:05d}")).encode()
        WebhookEvent.objects.create(
            source="whatsapp", body=body, digest=ingest.event_digest(source="whatsapp", body=body)
        )
    return list(WebhookEvent.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.django_db
def test_drain_processes_every_pending_event_in_chunks_and_skips_the_rest():
    ids = _store(7, "chunk")
    WebhookEvent.objects.create(source="whatsapp", body=b"{}", state=WebhookEvent.State.PROCESSED)
    assert ingest.drain_webhook_events(chunk=3) == (7, False)
    assert set(WebhookEvent.objects.filter(pk__in=ids).values_list("state", "attempts")) == {
        (WebhookEvent.State.PROCESSED, 1)
    }
    assert Message.objects.filter(direction="inbound").count() == 7
    assert ingest.drain_webhook_events(chunk=3) == (0, False)


@pytest.mark.django_db
def test_drain_out_of_budget_hands_the_rest_to_a_fresh_task(monkeypatch):
    _store(5, "budget")
    assert ingest.drain_webhook_events(budget=0, chunk=2) == (2, True)
    from inquiries.tasks import drain_webhook_events

    monkeypatch.setattr(ingest, "DRAIN_BUDGET", 0.0)
    monkeypatch.setattr(ingest, "DRAIN_CHUNK", 2)
    assert drain_webhook_events.apply().get() == 2  # and it queued itself (eager) for the rest
    assert not WebhookEvent.objects.exclude(state=WebhookEvent.State.PROCESSED).exists()
    assert Message.objects.filter(direction="inbound").count() == 5


@pytest.mark.django_db
def test_a_chunk_claimed_by_a_dead_worker_is_taken_back_by_the_sweep():
    ids = _store(3, "dead")
    assert ingest.claim_pending_events(limit=10) == ids  # ...and the worker dies here
    assert ingest.drain_webhook_events() == (0, False)  # a live drain does not overtake the claim
    WebhookEvent.objects.update(claimed_at=timezone.now() - ingest.stuck_after() - timedelta(seconds=1))
    assert ingest.process_pending_webhook_events() == 3
    assert set(WebhookEvent.objects.values_list("state", "attempts")) == {(WebhookEvent.State.PROCESSED, 2)}
    assert Message.objects.filter(direction="inbound").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_process_every_event_exactly_once():
    ids = _store(40, "race")
    barrier = threading.Barrier(2)
    done: list[int] = []
    claimed: list[list[int]] = []
    real_claim = ingest.claim_pending_events

    def recording_claim(*, limit):
        got = real_claim(limit=limit)
        claimed.append(got)
        return got

    errors: list[BaseException] = []

    def drain():
        try:
            barrier.wait()
            done.append(ingest.drain_webhook_events(chunk=5)[0])
        except BaseException as exc:  # reported by the assertion below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(ingest, "claim_pending_events", side_effect=recording_claim):
        threads = [threading.Thread(target=drain) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    every_claim = [pk for chunk in claimed for pk in chunk]
    assert sorted(every_claim) == ids  # no event claimed twice, none left out
    assert sum(done) == 40
    assert set(WebhookEvent.objects.values_list("state", "attempts")) == {(WebhookEvent.State.PROCESSED, 1)}
    assert Message.objects.filter(direction="inbound").count() == 40
    assert (
        len(set(Message.objects.filter(direction="inbound").values_list("platform_message_id", flat=True)))
        == 40
    )
