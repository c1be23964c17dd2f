"""Content-Security-Policy: the header is strict, and the main pages raise no violation in Chromium."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_policy(client_for, admin_marketing):
    policy = client_for(admin_marketing).get("/leads/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_raise_no_csp_violation(login_page, page):
    from inquiries.models import Escalation, Inquiry, Message, Unit
    from tests.factories import FollowUpFactory, LeadFactory, UserFactory

    user = UserFactory(username="csp_root", is_superuser=True, is_staff=True)
    lead = LeadFactory(owner=user)
    FollowUpFactory(lead=lead, owner=user)
    inquiry = Inquiry.objects.create(
        channel="phone", contact_key="+6281234567890", lead=lead, received_at=timezone.now()
    )
    Message.objects.create(inquiry=inquiry, direction="inbound", text="Halo", sent_at=timezone.now())
    unit, _ = Unit.objects.get_or_create(code="akademik", defaults={"name": "Akademik"})
    escalation = Escalation.objects.create(
        inquiry=inquiry, unit=unit, question="Q", created_by=user, due_at=timezone.now()
    )

    console = []
    page.on(
        "console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.add_init_script(LISTEN)
    login_page(user)
    violations = {}
    for path in [
        "/",
        "/leads/",
        "/leads/new/",
        f"/leads/{lead.pk}/",
        "/leads/import/",
        "/leads/merge/",
        "/calls/",
        "/inbox/",
        f"/inbox/{inquiry.pk}/",
        "/inbox/new/",
        "/inbox/categories/",
        "/inbox/escalations/",
        f"/inbox/escalations/{escalation.pk}/",
        "/outbox/failed/",
        "/reports/",
    ]:
        response = page.goto(page.base_url + path)
        assert response.status < 400, path
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    # the language switch works without its old inline onchange=
    page.goto(page.base_url + "/leads/")
    with page.expect_navigation():
        page.locator("select[name=language]").first.select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.context.clear_cookies()
    page.goto(page.base_url + "/public/inquiry/")
    violations.update(
        {"/public/inquiry/": page.evaluate("window.__csp")} if page.evaluate("window.__csp") else {}
    )
    assert violations == {} and console == [], (violations, console)
    # control: an injected inline handler is blocked and reported, so the listener does hear violations
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\\'window.hit=1\\'>')")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.hit") is None
