"""benchmarks/ingest_bench.py stays runnable: its bodies are real events and its clients speak HTTP/1.1
to servers that close connections (gunicorn sync) and to ones that keep them (gthread)."""

from __future__ import annotations

import http.server
import json
import threading
from datetime import UTC, datetime

import pytest

from benchmarks import ingest_bench as bench
from inquiries import webhooks
from inquiries.services import ingest
from inquiries.signatures import is_valid_signature


def test_bench_bodies_are_signed_platform_events_of_the_kind_named():
    message = bench.inbound_body(7, run="x")
    known = bench.inbound_body(8, run="x", contact="6287600000001")
    status = bench.status_body(9, run="x")
    for body in (message, known, status):
        assert ingest.payload_problem(body) == ""
    (body, signature), *_ = bench.signed([message])
    assert is_valid_signature(body, signature, bench.SECRET)
    now = datetime.now(UTC)
    [item] = webhooks.parse_whatsapp(json.loads(message), received_at=now)
    assert isinstance(item, webhooks.InboundMessage) and item.contact_key == "6287700000007"
    [item] = webhooks.parse_whatsapp(json.loads(known), received_at=now)
    assert item.contact_key == "6287600000001"
    [item] = webhooks.parse_whatsapp(json.loads(status), received_at=now)
    assert isinstance(item, webhooks.StatusUpdate) and item.status == "delivered"
    assert message != bench.inbound_body(7, run="y")  # every run stores new rows


@pytest.fixture(params=["HTTP/1.0", "HTTP/1.1"], ids=["closes", "keeps-alive"])
def http_server(request):
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = request.param

        def do_POST(self):
            received.append(
                (self.headers["X-Hub-Signature-256"], self.rfile.read(int(self.headers["Content-Length"])))
            )
            self.send_response(200)
            self.send_header("Content-Length", "14")
            self.end_headers()
            self.wfile.write(b"EVENT_RECEIVED")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def test_clients_post_every_body_once(http_server):
    port, received = http_server
    items = bench.signed([bench.status_body(n, run="c") for n in range(30)])
    assert bench.run_async(bench.post_all(port, items, 4)) == {200: 30}
    latencies, statuses = bench.run_async(bench.fixed_rate(port, items[:20], rate=200))
    assert statuses == {200: 20} and len(latencies) == 20 and min(latencies) >= 0
    assert sorted(received) == sorted(
        [(sig, body) for body, sig in items] + [(sig, body) for body, sig in items[:20]]
    )


def test_wrk_script_posts_the_signed_lines():
    script = bench.WRK_SCRIPT.replace("%(path)s", bench.PATH)
    assert 'wrk.format("POST", "/webhooks/whatsapp/"' in script and '["X-Hub-Signature-256"]' in script
