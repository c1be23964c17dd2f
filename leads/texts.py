"""The texts the leads layer stores for people to read later (follow-up reasons, overdue alerts),
as codes rendered in the reader's language (`core.texts`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from core.texts import DATETIME, StoredText, define
from leads.models import InteractionKind, Outcome

# follow-up reasons
WHATSAPP_WINDOW_CALL = define(
    "leads.whatsapp_window_call", gettext_noop("WhatsApp di luar jendela 24 jam: hubungi lewat telepon")
)
HOT_LEAD_CALL = define("leads.hot_lead_call", gettext_noop("Prospek hot: telepon dalam %(days)s hari"))
WARM_LEAD_CALL = define(
    "leads.warm_lead_call", gettext_noop("Prospek warm: telepon pada hari ke-%(from)s sampai ke-%(until)s")
)
RESCHEDULED_AFTER_OUTCOME = define(
    "leads.rescheduled_outcome", gettext_noop("Dijadwalkan ulang: %(outcome)s"), choices={"outcome": Outcome}
)
RESCHEDULED_AFTER_KIND = define(
    "leads.rescheduled_kind",
    gettext_noop("Dijadwalkan ulang: %(outcome)s"),
    choices={"outcome": InteractionKind},
)

# alerts
FOLLOW_UP_OVERDUE = define(
    "leads.follow_up_overdue",
    gettext_noop("Tindak lanjut untuk %(lead)s terlambat (jatuh tempo %(due)s)"),
    moments={"due": DATETIME},
)


def follow_up_topic(follow_up_id: int) -> str:
    """The alerts about one follow-up (resolved when it is done or cancelled)."""
    return f"follow_up:{follow_up_id}"


def follow_up_reason(text: StoredText) -> dict[str, Any]:
    """The reason columns of a FollowUp for one of our texts (code, parameters, office-language words)."""
    return {"reason": text.text[:200], "reason_code": text.code, "reason_params": text.params}
