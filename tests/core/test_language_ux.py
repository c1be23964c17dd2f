"""Checks of last session's translation fixes, in both languages: the login error, the language
menu naming each language in itself, the call-script greeting translated whole."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from leads.scripts import fill_script
from tests.factories import LeadFactory


def test_login_error_reads_right_in_both_languages(client, telemarketer):
    for language, expected in [
        ("id", "Nama pengguna atau kata sandi salah."),
        ("en", "Wrong username or password."),
    ]:
        client.cookies["django_language"] = language
        body = client.post("/accounts/login/", {"username": "tele", "password": "salah"}).content.decode()
        assert expected in body
        assert "nama pengguna nama pengguna" not in body.lower() and "username username" not in body.lower()


def test_language_menu_names_each_language_in_itself(client_for, telemarketer):
    client = client_for(telemarketer)
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        body = client.get("/").content.decode()
        assert 'lang="id">Bahasa Indonesia</option>' in body and 'lang="en">English</option>' in body
        assert "Inggris" not in body


def test_call_script_greeting_is_one_english_phrase(db):
    lead = LeadFactory(full_name="Siti Rahmawati")
    afternoon = timezone.make_aware(dt.datetime(2026, 11, 20, 13, 0))
    with translation.override("en"):
        text = fill_script("Selamat {greeting} Bapak/Ibu {name}", lead=lead, agent=None, now=afternoon)
    assert text == "Good afternoon Bapak/Ibu Siti Rahmawati"
