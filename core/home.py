"""Home-page sections per role. Apps register a section provider; the home page shows those the
user's permissions allow, each a short list of what is due now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User


@dataclass
class HomeSection:
    title: str
    items: list[dict] = field(default_factory=list)  # {"label", "url", "detail", "badge", "tone"}
    empty_text: str = ""
    more_url: str | None = None
    counters: list[dict] = field(default_factory=list)  # {"label", "value", "tone", "url"}


_PROVIDERS: list[tuple[str | None, Callable]] = []


def register(permission: str | None) -> Callable[[Callable], Callable]:
    """Decorator: `@register("leads.view_callqueue") def calls_today(user) -> HomeSection | None`."""

    def decorator(func: Callable) -> Callable:
        _PROVIDERS.append((permission, func))
        return func

    return decorator


def sections_for(user: User | AnonymousUser) -> list[HomeSection]:
    if isinstance(user, AnonymousUser):
        return []
    sections = []
    for permission, provider in _PROVIDERS:
        if permission is None or user.has_perm(permission):
            section = provider(user)
            if section is not None:
                sections.append(section)
    return sections
