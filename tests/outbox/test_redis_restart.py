"""Faults: Redis restarts while a real Celery worker holds a task (issue 9, item 7).

The test starts its own `redis-server` on a free loopback port with an append-only file
(`appendfsync always`), so the messages still queued when Redis stops are there again after the
restart. A prefork worker (the `celery_worker` fixture) sends 20 outbound messages to the fake
Graph API; the first two sends take 6 s, so both pool processes hold a task through the restart
and acknowledge it on the new connection, the rest 0.2 s each.
Then the backlog must drain: every row `sent`, each message at the provider exactly once, and the
same worker process still running (a worker that exits on a broker restart stops the outbox).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from leads.services import create_lead
from outbox import services
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from tests.outbox.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

MESSAGES = 20
HELD_SEND_DELAY = 6.0  # the first sends outlast the restart: the worker holds them across it
SEND_DELAY = 0.2  # the rest: the worker stays busy with the backlog
HELD_SENDS = 2  # one per pool process


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One `redis-server` on loopback with an AOF in `directory`; restartable on the same port."""

    def __init__(self, binary: str, directory: Path):
        self.binary = binary
        self.directory = directory
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.starts += 1
        log = (self.directory / f"redis-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--protected-mode",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ping, timeout=10, message=f"redis-server on port {self.port}")

    def _ping(self) -> bool:
        import redis

        try:
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.RedisError:
            return False

    def shutdown(self) -> None:
        """A graceful shutdown (SIGTERM: what SHUTDOWN does; the AOF is fsynced after every write)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server not installed; scripts/ensure_test_deps.sh (make test) installs it.")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(binary, directory)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_worker(redis_server, monkeypatch, request):
    """The real-worker fixture, pointed at this test's own Redis (it reads CELERY_BROKER_URL)."""
    monkeypatch.setenv("CELERY_BROKER_URL", redis_server.url)
    return request.getfixturevalue("celery_worker")


def _worker_log(worker) -> str:
    return "\n".join(path.read_text(errors="replace") for path in sorted(worker.log_dir.glob("worker-*.log")))


def test_worker_survives_redis_restart_and_the_backlog_drains_once(redis_server, redis_worker, fake_graph):
    worker = redis_worker
    lead = create_lead(full_name="Rina Restart", phone="+6281211119001").lead
    lead.last_inbound_whatsapp_at = lead.created_at  # the 24-hour window is open: free-form replies
    lead.save(update_fields=["last_inbound_whatsapp_at"])
    answer = fake_graph.next_response

    def slow_answer(recorded):  # the usual success (a distinct wamid each), only slow
        response = answer(recorded)
        response.delay = HELD_SEND_DELAY if len(fake_graph.sent_messages) <= HELD_SENDS else SEND_DELAY
        return response

    fake_graph.next_response = slow_answer
    messages = [
        services.queue_message(
            channel="whatsapp",
            recipient=lead.phone,
            purpose=Purpose.REPLY,
            body=f"Balasan nomor {n}",
            lead=lead,
        )
        for n in range(MESSAGES)
    ]
    ids = {message.pk for message in messages}
    rows = OutboundMessage.objects.filter(pk__in=ids)

    # Redis goes down while the worker holds tasks: both pool processes are mid-send (the provider
    # answers in 6 s) and the rest of the backlog is still queued in Redis.
    wait_for(
        lambda: (
            len(fake_graph.sent_messages) >= HELD_SENDS
            and rows.filter(status=OutboundStatus.SENDING).count() == HELD_SENDS
        ),
        timeout=30,
        interval=0.02,
        message="the worker holding two sends",
    )
    pid = worker.process.pid
    redis_server.shutdown()
    time.sleep(0.5)
    assert worker.process.poll() is None, f"worker exited while Redis was down:\n{_worker_log(worker)}"
    redis_server.start()
    # The held sends outlive the restart: they finish (and are acknowledged) on the new connection.
    assert rows.filter(status=OutboundStatus.SENDING).count() == HELD_SENDS
    assert rows.filter(status=OutboundStatus.QUEUED).count() == MESSAGES - HELD_SENDS

    wait_for(
        lambda: rows.filter(status=OutboundStatus.SENT).count() == MESSAGES,
        timeout=90,
        interval=0.2,
        message=f"all {MESSAGES} messages sent after the Redis restart",
    )
    time.sleep(2)  # let a duplicate delivery (if any) reach the worker and the fake provider

    log = _worker_log(worker)
    assert worker.process.poll() is None and worker.process.pid == pid, f"worker died:\n{log}"
    assert worker.starts == 1  # nothing restarted it
    assert "Connection to broker lost" in log, log  # the worker did see the restart
    assert "AttributeError" not in log and "Traceback" not in log, log
    assert not rows.exclude(status=OutboundStatus.SENT).exists()
    per_message = Counter(
        request.json.get("biz_opaque_callback_data") for request in fake_graph.sent_messages
    )
    assert per_message == Counter({str(pk): 1 for pk in ids}), per_message  # nothing lost, nothing doubled
    assert set(rows.values_list("attempts", flat=True)) == {1}
