"""The conversation page's side forms are Django forms (no hand-written selects), preselected."""

from __future__ import annotations

import re

import pytest

from inquiries.services import workflow

pytestmark = pytest.mark.django_db


def select(html: str, name: str, nth: int = 0) -> str:
    return re.findall(rf'<select name="{name}".*?</select>', html, re.S)[nth]


def test_side_forms_render_from_forms_with_the_current_values(
    client_for, admin_medsos, whatsapp_inquiry, categories
):
    inquiry = whatsapp_inquiry()
    workflow.triage_inquiry(inquiry, level=2, category=categories["UKT"], by=admin_medsos)
    workflow.assign_inquiry(inquiry, to=admin_medsos, by=admin_medsos)
    html = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/").content.decode()

    level = select(html, "level")
    assert 'id="id_level"' in level and '<option value="2" selected>' in level
    triage_category = select(html, "category", 0)
    assert 'id="id_triage_category"' in triage_category
    assert f'<option value="{categories["UKT"].pk}" selected>UKT (L' in triage_category
    assert "---------" not in triage_category  # no empty choice: a category is required
    close_category = select(html, "category", 1)
    assert f'<option value="{categories["UKT"].pk}" selected>UKT</option>' in close_category
    assignee = select(html, "assignee")
    assert '<option value="">' in assignee  # "not assigned" stays a choice
    assert f'<option value="{admin_medsos.pk}" selected>' in assignee
    assert "aria-label=" in assignee
    assert "<option" in select(html, "unit")
