from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_home_page_in_indonesian(login_page, admin_marketing):
    page = login_page(admin_marketing)
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Selamat datang" in page.locator("h1").inner_text()
    assert page.locator("[data-testid=current-user]").is_visible()
