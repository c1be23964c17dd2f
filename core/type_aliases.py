"""Type aliases shared by the services (checked by mypy, see pyproject.toml)."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import User
from django.http import HttpRequest

# The staff member doing a write; None when the system does it (a beat job, a webhook, the website).
Actor: TypeAlias = User | None

# A domain row the outbox only reads attributes of (Lead, Inquiry, Campaign): the outbox sits below
# the apps that define them and must not import them (see docs/architecture.md).
DomainRow: TypeAlias = Any


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login (LoginRequiredMiddleware, @login_required): a real user."""

    user: User
