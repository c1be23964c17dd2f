"""Attribution touch points, reported by the lower layers and answered by the apps above them.

The public form (a `utm_campaign`), an inbound message (its text) and a comment webhook (the post's
media id) happen in `leads` and `inquiries`, which must not import `content`. They call `report`
with what they saw; `content` registers a handler in its AppConfig.ready and decides whether the
touch names one of its items. Handlers run at once, each in its own savepoint: a failing handler is
logged and never loses the lead or message that reported it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Touch:
    via: str  # "form", "message" or "comment"
    lead_id: int | None = None
    inquiry_id: int | None = None
    utm_campaign: str = ""
    text: str = ""
    media_id: str = ""


_HANDLERS: list[Callable[[Touch], None]] = []


def register(handler: Callable[[Touch], None]) -> Callable[[Touch], None]:
    """Decorator: `@register def attribute(touch: Touch) -> None`; registering twice is a no-op."""
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)
    return handler


def report(touch: Touch) -> None:
    """Hand one touch to every registered handler."""
    if touch.lead_id is None and touch.inquiry_id is None:
        return
    for handler in _HANDLERS:
        try:
            with transaction.atomic():
                handler(touch)
        except Exception:  # attribution is secondary: the lead or message must be kept regardless
            logger.exception("attribution handler %s failed for %s", handler.__qualname__, touch)
