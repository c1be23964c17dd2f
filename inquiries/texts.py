"""The texts the inbox stores for people to read later (alerts, follow-up reasons), as codes
rendered in the reader's language (`core.texts`), and the topics that resolve those alerts."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from core.texts import DATETIME, TIME, define
from inquiries.models import ChainRole, Channel

# follow-up reasons
ANSWER_BY_PHONE = define(
    "inquiries.answer_by_phone",
    gettext_noop("Jawab pertanyaan #%(id)s lewat telepon (WhatsApp tidak dapat dikirim)"),
)
RELAY_ANSWER_BY_PHONE = define(
    "inquiries.relay_answer_by_phone", gettext_noop("Sampaikan jawaban unit %(unit)s (pertanyaan #%(id)s)")
)
INQUIRER_NOT_REGISTERED = define(
    "inquiries.inquirer_not_registered", gettext_noop("Bertanya %(days)s hari lalu dan belum mendaftar")
)

# status history notes
INQUIRED_VIA = define(
    "inquiries.inquired_via", gettext_noop("Bertanya lewat %(channel)s"), choices={"channel": Channel}
)

UNIT_ANSWER_NOTE = define(  # on the lead's timeline, for a question asked on the phone
    "inquiries.unit_answer_note", gettext_noop("Jawaban unit %(unit)s untuk pertanyaan #%(id)s: %(answer)s")
)
ANSWER_AWAITS_VALIDATION = define(
    "inquiries.answer_awaits_validation", gettext_noop("Jawaban menunggu validasi")
)

# alerts
SLA_WARNING = define(
    "inquiries.sla_warning",
    gettext_noop("Pertanyaan #%(id)s hampir melewati batas respons pertama (%(due)s)"),
    moments={"due": TIME},
)
SLA_BREACH = define(
    "inquiries.sla_breach", gettext_noop("Pertanyaan #%(id)s melewati batas respons pertama tanpa jawaban")
)
ESCALATION_OVERDUE = define(
    "inquiries.escalation_overdue",
    gettext_noop("Eskalasi pertanyaan #%(id)s di unit %(unit)s terlambat (batas %(due)s)"),
    moments={"due": DATETIME},
)
ESCALATION_WAITING = define(
    "inquiries.escalation_waiting",
    gettext_noop("[%(role)s] Eskalasi #%(id)s dari %(asker)s menunggu Anda"),
    choices={"role": ChainRole},
)
ESCALATION_ANSWERED = define(
    "inquiries.escalation_answered",
    gettext_noop("Jawaban unit %(unit)s untuk pertanyaan #%(id)s siap disampaikan"),
)


# What an alert is about, so it is resolved when its cause is gone.
def response_topic(inquiry_id: int) -> str:
    """The first-response SLA alerts of an inquiry (resolved by the first reply or the close)."""
    return f"inquiry:{inquiry_id}:response"


def relay_topic(inquiry_id: int) -> str:
    """ "The unit's answer is ready to relay" (resolved by the next reply or the close)."""
    return f"inquiry:{inquiry_id}:relay"


def escalation_topic(escalation_id: int) -> str:
    """An escalation waiting or overdue at a step (resolved when it moves on or is answered)."""
    return f"escalation:{escalation_id}"
