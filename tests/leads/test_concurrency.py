from __future__ import annotations

import threading

import pytest
from django.db import connection

from leads.models import Lead, LeadContact
from leads.services import create_lead


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_creations_give_one_lead():
    """Both threads pass the Python duplicate check before either commits; the unique constraint on
    LeadContact makes the loser return the winner's lead."""
    import leads.services as services

    barrier = threading.Barrier(2, timeout=10)
    original = services.find_existing_lead
    calls = {"n": 0}

    def racing_find(**contacts):
        calls["n"] += 1
        if calls["n"] <= 2:  # the first check of each thread: both see "no lead yet"
            result = original(**contacts)
            barrier.wait()
            return result
        return original(**contacts)

    results, errors = [], []

    def worker(name):
        try:
            results.append(create_lead(full_name=name, phone="+6281200001111", email=""))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    services.find_existing_lead = racing_find
    try:
        threads = [threading.Thread(target=worker, args=(f"Calon {i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        services.find_existing_lead = original
    assert not errors, errors
    assert Lead.objects.count() == 1
    assert LeadContact.objects.filter(value="+6281200001111").count() == 1
    assert sorted(r.created for r in results) == [False, True]
    assert results[0].lead.pk == results[1].lead.pk
