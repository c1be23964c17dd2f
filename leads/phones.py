"""Phone normalisation (pure): any Indonesian form in, E.164 out, or a clear error."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext as _


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str, *, region: str = "ID") -> str:
    """'0812-3456-7890', '62812…', '+62 812 …' -> '+6281234567890'; raises InvalidPhoneNumber."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhoneNumber(_("Nomor telepon kosong."))
    digits = "".join(ch for ch in text if ch.isdigit())
    if not text.startswith("+") and digits.startswith("62") and len(digits) >= 10:
        text = "+" + digits  # 62812… is the international form written without the plus
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(_("Nomor telepon “%(raw)s” tidak dapat dibaca.") % {"raw": raw}) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(_("Nomor telepon “%(raw)s” tidak valid.") % {"raw": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    return (raw or "").strip().lower()


def whatsapp_link(e164: str) -> str:
    return f"https://wa.me/{e164.lstrip('+')}" if e164 else ""
