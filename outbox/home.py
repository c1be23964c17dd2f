"""Home-page sections: the user's unread alerts, and failed messages for outbox staff."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import HomeSection, register
from outbox import selectors

MAX_ITEMS = 8


@register(None)
def alerts(user) -> HomeSection | None:
    unread = list(selectors.unread_alerts_for(user)[: MAX_ITEMS + 1])
    if not unread:
        return None
    items = [
        {
            "label": alert.get_message_display(),
            "url": reverse("outbox:alert_open", args=[alert.pk]),
            "detail": timezone.localtime(alert.created_at).strftime("%d-%m-%Y %H:%M"),
            "badge": _("baru"),
            "tone": "warning",
        }
        for alert in unread[:MAX_ITEMS]
    ]
    return HomeSection(title=_("Peringatan"), items=items)


@register("automation.change_outboundmessage")
def failed_messages(user) -> HomeSection | None:
    count = selectors.failed_messages().count()
    if not count:
        return None
    url = reverse("outbox:failed")
    return HomeSection(
        title=_("Pesan keluar gagal"),
        counters=[{"label": _("Gagal"), "value": count, "tone": "danger", "url": url}],
        more_url=url,
    )
