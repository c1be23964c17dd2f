"""One number format per locale (Django's localisation): "37,5%" and "1.234" in Indonesian,
"37.5%" and "1,234" in English, on the home page and the inbox counters."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from reports import selectors as report_selectors


def home_in(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/").content.decode()


def test_home_percentages_and_counters_follow_the_readers_locale(client_for, kadiv, monkeypatch):
    def daily(_period):
        return {"inquiries_total": 1234, "first_response_within_sla_pct": 37.5, "new_leads_total": 8}

    monkeypatch.setattr(report_selectors, "daily_report", daily)
    client = client_for(kadiv)
    indonesian, english = home_in(client, "id"), home_in(client, "en")
    assert ">37,5%<" in indonesian and ">1.234<" in indonesian
    assert ">37.5%<" in english and ">1,234<" in english


def test_inbox_counters_group_thousands_per_locale():
    counts = {"total": 12345, "mine": 7, "unassigned": 1000, "breached": 0, "crisis": 2}
    with translation.override("id"):
        indonesian = render_to_string("inquiries/_inbox_counts.html", {"counts": counts})
    with translation.override("en"):
        english = render_to_string("inquiries/_inbox_counts.html", {"counts": counts})
    assert "Aktif: 12.345" in indonesian and "Belum ditugaskan: 1.000" in indonesian
    assert "Active: 12,345" in english and ": 1,000" in english
