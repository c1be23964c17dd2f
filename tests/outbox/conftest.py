"""Automation fixtures: a local SMTP server (aiosmtpd) and a real Celery worker process.

The worker shares the test database (SQLite: the test DB *file*; PostgreSQL: the test database on
the same server) and a broker with this process: Redis when CELERY_BROKER_URL is redis:// (CI's
second run; a dedicated db number, flushed), otherwise kombu's filesystem transport in a tmp
folder. Platform sends go to the fake Graph API over HTTP (MESSAGING_BACKEND=graph).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.db import connection

from pmb_crm.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_REDIS_DB = 13  # dedicated to worker tests; flushed before and after


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Local SMTP server -------------------------------------------------------------------------


@dataclass
class SMTPRecorder:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list = field(default_factory=list)  # email.message.Message objects
    reject_with: str | None = None  # e.g. "550 5.1.1 No such user" to refuse every message

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_with:
            return self.reject_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)  # unfolds long headers
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it through the SMTP backend."""
    from aiosmtpd.controller import Controller

    recorder = SMTPRecorder(port=_free_port())
    controller = Controller(recorder, hostname=recorder.host, port=recorder.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = recorder.host
    settings.EMAIL_PORT = recorder.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield recorder
    controller.stop()


# --- Data the migrations create (a transactional test's flush removes it) ----------------------


@pytest.fixture(autouse=True)
def _automation_defaults(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from core.roles import sync_role_permissions

    migration = __import__("outbox.migrations.0004_schedules_templates_settings", fromlist=["create"])
    migration.create(apps, None)
    renamed = __import__("outbox.migrations.0005_move_models_and_beat_tasks", fromlist=["rename_tasks"])
    renamed.rename_tasks(apps, None)
    sync_role_permissions(apps)


# --- A real Celery worker ----------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        user = quote(db.get("USER") or "")
        password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"
    raise RuntimeError(f"No worker database URL for {connection.vendor}")


def _broker(tmp_path: Path) -> tuple[str, dict, dict]:
    """(broker url, transport options, extra worker env) shared by this process and the worker."""
    configured = os.environ.get("CELERY_BROKER_URL", "")
    if configured.startswith("redis://"):
        parts = urlsplit(configured)
        url = urlunsplit((parts.scheme, parts.netloc, f"/{WORKER_REDIS_DB}", "", ""))
        return url, {"visibility_timeout": 3600}, {"CELERY_BROKER_URL": url}
    var_dir = tmp_path / "worker-var"
    queue = var_dir / "broker" / "queue"
    processed = var_dir / "broker" / "processed"
    queue.mkdir(parents=True)
    processed.mkdir(parents=True)
    options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(processed),
        "store_processed": False,
    }
    return "filesystem://", options, {"CELERY_BROKER_URL": "filesystem://", "PMB_VAR_DIR": str(var_dir)}


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


@contextmanager
def publishing_to(url: str, options: dict):
    """Make this process's Celery app publish to the worker's broker instead of running eagerly."""
    conf = celery_app.conf
    names = (
        "task_always_eager",
        "broker_url",
        "broker_write_url",
        "broker_read_url",
        "broker_transport_options",
    )
    saved = {name: conf.get(name) for name in names}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it).
    os.environ["CELERY_BROKER_URL"] = url
    conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_write_url=url,
        broker_read_url=url,
        broker_transport_options=options,
    )
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        conf.update(saved)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


class WorkerProcess:
    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self.starts = 0

    def start(self, timeout: float = 20) -> None:
        self.starts += 1
        self.log_path = self.log_dir / f"worker-{self.starts}.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pmb_crm.celery:app",
                "worker",
                "--pool=prefork",
                "-c",
                "2",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test{self.starts}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log()}")
            if b" ready." in self.log_path.read_bytes():
                return
            time.sleep(0.1)
        raise RuntimeError(f"Celery worker not ready after {timeout}s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once (no warm shutdown, no ack)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        # No warm shutdown at teardown: it waits seconds for nothing; the broker is thrown away.
        self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def count_in_logs(self, text: str) -> int:
        return sum(path.read_text(errors="replace").count(text) for path in self.log_dir.glob("worker-*.log"))


@pytest.fixture
def celery_worker(transactional_db, fake_graph, tmp_path, settings):
    """A real `celery worker --pool=prefork -c 2` on the test database, publishing set up both ways."""
    broker_url, options, broker_env = _broker(tmp_path)
    if broker_url.startswith("redis://"):
        _flush_redis(broker_url)
    env = {
        **os.environ,
        **broker_env,
        "DATABASE_URL": _database_url(),
        "PMB_TESTING": "1",
        "DEBUG": "0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MESSAGING_BACKEND": "graph",
        "GRAPH_API_URL": fake_graph.url,
        "GRAPH_API_TIMEOUT": "10",
        "WHATSAPP_ACCESS_TOKEN": settings.WHATSAPP_ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": settings.WHATSAPP_PHONE_NUMBER_ID,
        "META_PAGE_ACCESS_TOKEN": settings.META_PAGE_ACCESS_TOKEN,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):  # the smtp_server fixture came first
        env.update(
            {
                "EMAIL_BACKEND": settings.EMAIL_BACKEND,
                "EMAIL_HOST": settings.EMAIL_HOST,
                "EMAIL_PORT": str(settings.EMAIL_PORT),
            }
        )
    env.pop("PYTEST_CURRENT_TEST", None)
    worker = WorkerProcess(env, tmp_path)
    with publishing_to(broker_url, options):
        worker.start()
        try:
            yield worker
        finally:
            worker.stop()
            if broker_url.startswith("redis://"):
                _flush_redis(broker_url)


def wait_for(predicate, *, timeout: float = 20, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")
