from __future__ import annotations

import pytest

from content import services
from content.models import ContentChannel
from core import roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The permission tests create a dozen personas each; PBKDF2 would dominate their run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def humas_coordinator(db):
    """A Humas user who coordinates (both groups), so may approve content."""
    return UserFactory(username="koorhumas", roles=[roles.HUMAS, roles.HUMAS_COORDINATOR])


@pytest.fixture
def make_item(admin_medsos):
    def make(
        *, title: str = "Info beasiswa 2026", channel: str = ContentChannel.INSTAGRAM, by=None, **fields
    ):
        return services.create_item(title=title, channel=channel, by=by or admin_medsos, **fields)

    return make


@pytest.fixture
def move(kadiv, admin_medsos):
    """`move(item, "production", "review", ...)`: walk the item through the workflow like the real roles."""

    def walk(item, *targets: str, **extra):
        for target in targets:
            by = kadiv if target in ("approved", "changes_requested") else admin_medsos
            kwargs = {}
            if target == "scheduled":
                from django.utils import timezone

                kwargs["scheduled_at"] = extra.get("scheduled_at") or timezone.now()
            if target == "posted":
                kwargs["checklist"] = ["text", "visual", "link", "hashtags"]
                kwargs["url"] = extra.get("url", "")
                kwargs["media_id"] = extra.get("media_id", "")
            item = services.transition_item(item, to=target, by=by, note=f"ke {target}", **kwargs)
        return item

    return walk
