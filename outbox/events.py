"""Domain reactions to send outcomes, registered by the apps that own the recipients.

The outbox imports no domain app. When a message cannot reach its recipient for a domain reason
(a free-form WhatsApp outside the 24-hour window with no approved template, or WhatsApp error
131047), the row is recorded as failed and every registered handler is called with it; the leads
app registers the handler that flags the lead for a call (`leads.policies.flag_unreachable_for_call`).
Registration works like the home-page section registry in `core.home`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: outbox.models needs the app registry at import
    from outbox.models import OutboundMessage

UnreachableHandler = Callable[["OutboundMessage"], object]

_UNREACHABLE_HANDLERS: list[UnreachableHandler] = []


def on_unreachable(handler: UnreachableHandler) -> UnreachableHandler:
    """Decorator: `@on_unreachable def react(message) -> ...`, called for each unreachable send."""
    if handler not in _UNREACHABLE_HANDLERS:
        _UNREACHABLE_HANDLERS.append(handler)
    return handler


def notify_unreachable(message: OutboundMessage) -> None:
    """Tell the owning apps that `message` (already saved as failed) did not reach its recipient."""
    for handler in _UNREACHABLE_HANDLERS:
        handler(message)
