"""axe-core (vendored, injected by Playwright) on the main pages, on a phone and on a desktop:
no serious or critical violation (labels, contrast >= 4.5:1, names of links and buttons...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import DESKTOP, PHONE, SHOTS
from tests.factories import FollowUpFactory, InstitutionFactory, LeadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("axe-4.14.1.min.js")


@pytest.fixture
def data(whatsapp_inquiry_for_axe, admin_marketing):
    from privacy.services import scan_duplicates

    school = InstitutionFactory(name="SMA Negeri 1 Bintan")
    lead = LeadFactory(
        full_name="Rina Kartika", phone="+6281299990000", temperature="warm", institution=school
    )
    FollowUpFactory(lead=lead, owner=admin_marketing, due_at=timezone.now())
    twin = LeadFactory(full_name="rina kartika", phone="+6281299990001", institution=school, notes="Pameran")
    scan_duplicates()  # the finder page has a pair to show
    return {"lead": lead, "twin": twin, "inquiry": whatsapp_inquiry_for_axe()}


@pytest.fixture
def whatsapp_inquiry_for_axe(db):
    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import InboundMessage

    def make():
        return record_inbound_message(
            InboundMessage(
                channel="whatsapp",
                contact_key="6281234567001",
                contact_name="Siti Aminah",
                platform_message_id="wamid.axe",
                type="text",
                text="Kapan jadwal pendaftaran gelombang 2?",
                sent_at=timezone.now(),
                raw={},
                phone="+6281234567001",
            )
        ).inquiry

    return make


def serious_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, not as a <script> tag: the page's CSP (script-src
    # 'self') rightly refuses an injected inline script, and the audit must not weaken it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


PAGES = [
    ("home", "admin_marketing", "/"),
    ("inbox", "admin_medsos", "/inbox/"),
    ("conversation", "admin_medsos", "/inbox/{inquiry}/"),
    ("lead-list", "admin_marketing", "/leads/"),
    ("lead-page", "admin_marketing", "/leads/{lead}/"),
    ("call-queue", "admin_marketing", "/calls/"),
    ("reports", "kadiv", "/reports/"),
    ("public-form", None, "/public/inquiry/"),
    ("duplicates", "admin_marketing", "/leads/duplicates/"),
    ("merge", "admin_marketing", "/leads/merge/?keep={lead}&merge={twin}"),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name, persona, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_accessibility_violation(
    request, browser, live_server, password, data, name, persona, path, viewport
):
    context = browser.new_context(locale="id-ID", viewport=viewport)
    page = context.new_page()
    if persona:
        user = request.getfixturevalue(persona)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
    page.goto(
        live_server.url + path.format(lead=data["lead"].pk, twin=data["twin"].pk, inquiry=data["inquiry"].pk)
    )
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=True)
    violations = serious_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
