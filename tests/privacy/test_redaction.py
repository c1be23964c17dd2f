"""Redaction (pure): a person's identifiers in every form they are written, and nothing else."""

from __future__ import annotations

import json
import re

import pytest

from privacy.redaction import REDACTED, Identifiers, numbers_in


@pytest.fixture
def redactor():
    return Identifiers(
        names={"Siti Rahmawati"},
        phones={"+6281234567890"},
        emails={"siti@contoh.sch.id"},
        numbers={"0098765432"},
    ).matcher()


@pytest.mark.parametrize(
    "text",
    [
        "+6281234567890",
        "6281234567890",
        "081234567890",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "(0812) 3456.7890",
        "q=%2B6281234567890",
        "q=0812+3456+7890",
        "SITI@contoh.sch.id",
        "siti%40contoh.sch.id",
        "Siti Rahmawati",
        "siti  rahmawati",
        "Rahmawati",
        "NISN 0098765432",
        "NISN 0098 7654 32",
    ],
)
def test_every_written_form_is_redacted(redactor, text):
    result = redactor.text(f"catatan: {text}.")
    assert REDACTED in result and not re.search(r"\d{3}|siti|rahmawati", result, re.IGNORECASE), result
    assert not redactor.found_in(result)


@pytest.mark.parametrize(
    "text", ["Sitihajar datang", "0812345678901 lain", "telepon 081234567891", "2026-01-05"]
)
def test_other_people_and_numbers_are_left_alone(redactor, text):
    assert redactor.text(text) == text


def test_json_keys_values_and_numbers_are_redacted(redactor):
    data = {"Siti Rahmawati": [{"from": "6281234567890", "n": 6281234567890, "ok": 3}]}
    assert redactor.json(data) == {REDACTED: [{"from": REDACTED, "n": REDACTED, "ok": 3}]}


def test_raw_body_stays_json(redactor):
    body = b'{"contacts": [{"profile": {"name": "Siti Rahmawati"}, "wa_id": "6281234567890"}]}'
    assert (
        redactor.body(body)
        == json.dumps({"contacts": [{"profile": {"name": REDACTED}, "wa_id": REDACTED}]}).encode()
    )


def test_numbers_in_finds_six_digits_or_more_whatever_the_separators():
    assert numbers_in("NISN 0098 7654 32, umur 17, kode 12345") == {"0098765432"}
