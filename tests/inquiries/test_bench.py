"""The benchmark module works end to end at a tiny scale (figures come from PostgreSQL, not here)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from benchmarks import inquiries_bench as bench
from inquiries.models import Inquiry, Message

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_every_case_answers_200():
    assert not bench.is_seeded()
    bench.seed(scale=0.001, stdout=io.StringIO())
    assert bench.is_seeded()
    assert Inquiry.objects.count() == 200 and Message.objects.count() == 1000
    assert Inquiry.objects.active().exists() and Inquiry.objects.filter(status="closed").exists()
    client = Client()
    client.force_login(get_user_model().objects.get(username=bench.USERNAME))
    for case in bench.cases():
        response = client.get(case["path"], headers=case.get("headers") or {})
        assert response.status_code == 200, case["name"]
