from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection

from content import services
from content.models import ContentItem, ContentStatus, ContentStatusChange


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_make_one_decision(
    make_item, move, kadiv, humas_coordinator, monkeypatch
):
    """Both pass the role check before either locks the row; the row lock makes the second one see
    the first decision and be refused, so the history never holds two decisions on one review."""
    item = move(make_item(), "production", "review")
    barrier = threading.Barrier(2, timeout=10)
    original = services.may_move_to

    first_checks = threading.local()

    def racing_check(user, to):
        allowed = original(user, to)
        if not getattr(first_checks, "done", False):  # only the first attempts race; retries don't wait
            first_checks.done = True
            barrier.wait()
        return allowed

    monkeypatch.setattr(services, "may_move_to", racing_check)
    outcomes: list[str] = []

    def decide(user, to, note):
        # SQLite has no row locks: both writers can be told "database is locked" at once (a lock
        # upgrade deadlock), and a person would press again. A retry then sees the first decision.
        try:
            for attempt in range(5):
                try:
                    services.transition_item(item, to=to, by=user, note=note)
                    outcomes.append("moved")
                    return
                except services.IllegalMove:
                    outcomes.append("refused")
                    return
                except OperationalError:
                    time.sleep(0.05 * (attempt + 1))
            outcomes.append("busy")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(kadiv, ContentStatus.APPROVED, "ok")),
        threading.Thread(target=decide, args=(humas_coordinator, ContentStatus.CHANGES_REQUESTED, "revisi")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[0] == "moved" and sorted(outcomes)[1] in ("busy", "refused")
    decisions = ContentStatusChange.objects.filter(item=item, from_status=ContentStatus.REVIEW)
    assert decisions.count() == 1
    assert ContentItem.objects.get(pk=item.pk).status == decisions.get().to_status
