"""Shared fixtures: personas per role, eager Celery, the browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from core import roles
from pmb_crm.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory

# Celery tasks run in-process unless a test starts a real worker (see tests/worker.py).
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = False
    settings.MESSAGING_BACKEND = "record"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _office_language():
    """Each test starts in the office language. A request carrying the English language cookie
    activates English on the thread (the locale middleware never switches back), which would
    otherwise leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# App labels (the outbox keeps its former label "automation").
PROJECT_APPS = {"core", "leads", "inquiries", "automation", "content", "reports", "privacy"}


def restore_reference_data() -> None:
    """Re-run the project's data migrations (roles, office hours, units, categories, schedules).

    A transactional test ends with a flush that empties every table, data-migration rows too;
    the next transactional test gets them back here. All those functions are idempotent.
    """
    from django.apps import apps as global_apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(leaf):
            if node not in plan:
                plan.append(node)
    with connection.schema_editor(atomic=False) as schema_editor:
        for app_label, name in plan:
            if app_label not in PROJECT_APPS:
                continue
            for operation in loader.graph.nodes[(app_label, name)].operations:
                if isinstance(operation, RunPython):
                    operation.code(global_apps, schema_editor)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture
def password() -> str:
    return PASSWORD


def _persona(username: str, *role_names: str):
    return UserFactory(username=username, roles=list(role_names))


@pytest.fixture
def admin_medsos(db):
    return _persona("medsos", roles.ADMIN_MEDIA_SOSIAL)


@pytest.fixture
def admin_marketing(db):
    return _persona("marketing", roles.ADMIN_MARKETING)


@pytest.fixture
def telemarketer(db):
    return _persona("tele", roles.TELEMARKETING)


@pytest.fixture
def other_telemarketer(db):
    return _persona("tele_lain", roles.TELEMARKETING)


@pytest.fixture
def humas(db):
    return _persona("humas", roles.HUMAS)


@pytest.fixture
def kadiv(db):
    return _persona("kadiv", roles.KADIV)


@pytest.fixture
def supervisor(db):
    return _persona("supervisor", roles.SUPERVISOR)


@pytest.fixture
def unit_user(db):
    """A member of the Akademik unit."""
    from inquiries.models import Unit

    user = _persona("akademik", roles.UNIT)
    unit, _ = Unit.objects.get_or_create(code="akademik", defaults={"name": "Akademik"})
    unit.members.add(user)
    return user


@pytest.fixture
def other_unit_user(db):
    """A member of the Keuangan unit, for 'another unit cannot see it' tests."""
    from inquiries.models import Unit

    user = _persona("keuangan", roles.UNIT)
    unit, _ = Unit.objects.get_or_create(code="keuangan", defaults={"name": "Keuangan"})
    unit.members.add(user)
    return user


@pytest.fixture
def no_role_user(db):
    return _persona("tanpaperan")


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Browser (headless Debian Chromium driven by Playwright) ---------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' (the CI script does).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from async contexts.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login_page(page, password):
    """`login_page(user)` signs in through the real login form and returns the page."""

    def login(user):
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{page.base_url}/")
        return page

    return login


# --- Fake Graph API on loopback ----------------------------------------------------------------


@pytest.fixture
def fake_graph(settings):
    """A loopback Graph API; outbound platform sends go to it for real over HTTP."""
    from tests.fakes.graph_api import start_fake_graph_api

    fake, server = start_fake_graph_api()
    settings.GRAPH_API_URL = fake.url
    settings.MESSAGING_BACKEND = "graph"
    settings.WHATSAPP_ACCESS_TOKEN = "test-wa-token"
    settings.WHATSAPP_PHONE_NUMBER_ID = "106540352242922"
    settings.META_PAGE_ACCESS_TOKEN = "test-page-token"
    settings.GRAPH_API_TIMEOUT = 2
    yield fake
    server.shutdown()
    server.server_close()


# --- Phone-sized pages (issue 14) ---------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SHOTS = Path(os.environ.get("UX_SCREENSHOTS", "var/screenshots"))


@pytest.fixture
def phone(browser, live_server, password):
    """`phone(user)`: a 390x844 page signed in as `user`."""
    contexts = []

    def open_as(user, *, viewport=PHONE):
        context = browser.new_context(locale="id-ID", viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.clock.install()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.base_url = live_server.url
        return page

    yield open_as
    for context in contexts:
        context.close()
