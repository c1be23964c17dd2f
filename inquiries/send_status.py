"""What an agent is told about one outbound message (pure, no ORM): human failure reasons and
whether a retry can succeed. Provider codes never reach the screen on their own."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from outbox.senders import WA_OUTSIDE_WINDOW
from outbox.services import OUTSIDE_WINDOW_CODE

OUTSIDE_WINDOW_CODES = frozenset({OUTSIDE_WINDOW_CODE, str(WA_OUTSIDE_WINDOW)})
# Failures a plain retry cannot cure: the recipient or the address itself is refused.
PERMANENT_CODES = frozenset({"131026", "smtp_refused", "551", "131051"})

_WA_TEMPLATE_PLACEHOLDER = re.compile(r"\{\{\s*(\d+)\s*\}\}")


def failure_reason(code: str, *, channel: str = "") -> str:
    """The Indonesian (translatable) reason for a provider or outbox error code."""
    code = str(code or "")
    if code in OUTSIDE_WINDOW_CODES:
        return _(
            "Di luar jendela 24 jam WhatsApp: kontak belum menulis dalam 24 jam terakhir, jadi pesan bebas "
            "tidak diizinkan. Gunakan template WhatsApp yang disetujui atau telepon kontak."
        )
    reasons = {
        "131026": _("Nomor ini tidak dapat menerima pesan WhatsApp (bukan akun WhatsApp atau memblokir)."),
        "131051": _("Jenis pesan ini tidak didukung oleh WhatsApp."),
        "131048": _("WhatsApp membatasi pengiriman karena laporan spam; coba lagi nanti."),
        "130429": _("Batas kecepatan pengiriman WhatsApp tercapai; sistem mencoba ulang otomatis."),
        "131056": _("Terlalu banyak pesan ke nomor yang sama dalam waktu singkat; coba lagi nanti."),
        "132000": _("Parameter template WhatsApp tidak sesuai dengan template yang disetujui Meta."),
        "132001": _("Template WhatsApp tidak ada atau belum disetujui Meta."),
        "190": _("Token akses Meta kedaluwarsa; hubungi admin sistem."),
        "10": _("Meta menolak: izin tidak cukup atau di luar jendela 24 jam Messenger/Instagram."),
        "551": _("Penerima tidak dapat dihubungi lewat Messenger/Instagram saat ini."),
        "smtp_refused": _("Alamat email ditolak oleh server penerima."),
        "smtp_unavailable": _("Server email tidak dapat dihubungi; coba lagi nanti."),
        "timeout": _("Server Meta tidak menjawab tepat waktu; coba lagi nanti."),
        "connection": _("Server Meta tidak dapat dihubungi; coba lagi nanti."),
        "bad_response": _("Jawaban penyedia tidak dapat dibaca; periksa apakah pesan sampai."),
    }
    if code in reasons:
        return reasons[code]
    if code.startswith("smtp_5"):
        return _("Server email menolak pesan secara permanen.")
    if code.startswith("smtp_4"):
        return _("Server email menolak sementara; coba lagi nanti.")
    return _("Penyedia menolak pesan ini.")


def retry_refusal(code: str, *, channel: str, is_template: bool, window_open: bool) -> str:
    """Why a retry of this failed message cannot succeed now; "" when a retry makes sense."""
    code = str(code or "")
    if code in OUTSIDE_WINDOW_CODES and channel == "whatsapp" and not is_template and not window_open:
        return _(
            "Kirim ulang tidak akan sampai selama jendela 24 jam tertutup. Pilih template WhatsApp atau "
            "buat tugas telepon."
        )
    if code in PERMANENT_CODES:
        return _("Kirim ulang tidak akan berhasil: penerima menolak pesan ini.")
    return ""


def render_whatsapp_template(body: str, params: list) -> str:
    """Meta's template body with {{1}}, {{2}} ... replaced by the parameters sent with it."""

    def replace(match: re.Match) -> str:
        index = int(match.group(1)) - 1
        if 0 <= index < len(params):
            value = params[index]
            return str(value.get("text", "") if isinstance(value, dict) else value)
        return match.group(0)

    return _WA_TEMPLATE_PLACEHOLDER.sub(replace, body or "")
