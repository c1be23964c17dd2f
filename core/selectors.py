"""Reads shared by every app: staff by role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def users_in_role(role: str) -> QuerySet:
    """Active users in the role's group, oldest account first."""
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("id")
