"""The texts the outbox stores for people to read later (why a message failed or was cancelled), as
codes rendered in the reader's language (`core.texts`). Provider error texts stay as they came."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from core.texts import StoredText, define

OUTSIDE_WINDOW = define(
    "outbox.outside_window",
    gettext_noop("Di luar jendela 24 jam WhatsApp dan tidak ada template yang disetujui."),
)
PROVIDER_FAILED = define("outbox.provider_failed", gettext_noop("Gagal menurut penyedia"))
CONSENT_WITHDRAWN = define("outbox.consent_withdrawn", gettext_noop("Persetujuan pemasaran ditarik"))
WORKER_STOPPED = define("outbox.worker_stopped", gettext_noop("Pekerja berhenti saat mengirim"))
WORKER_STOPPED_FINAL = define(
    "outbox.worker_stopped_final", gettext_noop("Pekerja berhenti saat mengirim; batas percobaan tercapai")
)
EMAIL_REFUSED = define("outbox.email_refused", gettext_noop("Alamat email ditolak: %(error)s"))


def error_fields(text: StoredText | None = None, *, raw: str = "") -> dict[str, Any]:
    """The `last_error*` columns of an outbound message for `text` (one of ours) or `raw` (a
    provider's own words, kept as they are); nothing given clears them."""
    if text is not None:
        return {"last_error": text.text, "last_error_code": text.code, "last_error_params": text.params}
    return {"last_error": raw, "last_error_code": "", "last_error_params": {}}
