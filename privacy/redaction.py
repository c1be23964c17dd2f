"""Finding and blanking one person's identifiers in free text and JSON (pure, no ORM).

A phone is matched in every way people and machines write it: E.164 (+62812...), with the country
code but no plus (62812..., a WhatsApp wa_id), the national form (0812-3456-7890), with spaces,
dots, dashes or brackets, and URL-encoded in a logged query string (%2B62812...). Emails match
case-insensitively, also with %40. Names match as the whole name and as each word of three letters
or more (staff write "Siti minta brosur"). Numbers the person sent (an NISN, a KTP number) match
digit for digit whatever separators they typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers

REDACTED = "[dihapus]"
_SEP = r"(?:[\s\-.()/+]|%2[0bB])*"
_NUMBER_RUN = re.compile(r"\d(?:[\s\-.]?\d){5,}")


def _digits_pattern(digits: str) -> str:
    return _SEP.join(re.escape(d) for d in digits)


def phone_pattern(e164: str) -> str:
    """A regex for one phone number in all its written forms."""
    text = e164.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    try:
        number = phonenumbers.parse(text if text.startswith("+") else "+" + digits, None)
        country, national = str(number.country_code), str(number.national_number)
    except phonenumbers.NumberParseException:
        return r"(?<!\d)" + _digits_pattern(digits) + r"(?!\d)"
    prefix = rf"(?:(?:(?:\+|%2[bB]|00){_SEP})?{_digits_pattern(country)}{_SEP}|0{_SEP})?"
    return r"(?<!\d)" + prefix + _digits_pattern(national) + r"(?!\d)"


def numbers_in(text: str) -> set[str]:
    """Digit strings of six digits or more in `text` (ID numbers, account numbers a person typed)."""
    found = set()
    for match in _NUMBER_RUN.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 6:
            found.add(digits)
    return found


@dataclass
class Identifiers:
    """Everything that identifies one person in text."""

    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        self.numbers |= numbers_in(text)

    def patterns(self) -> list[str]:
        patterns: list[str] = []
        words: set[str] = set()
        for name in self.names:
            name = " ".join(name.split())
            if not name:
                continue
            patterns.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)")
            words |= {w for w in re.findall(r"\w+", name) if len(w) >= 3 and not w.isdigit()}
        patterns += [r"(?<!\w)" + re.escape(w) + r"(?!\w)" for w in words]
        for email in self.emails:
            if email:
                local, _, domain = email.partition("@")
                patterns.append(re.escape(local) + r"(?:@|%40)" + re.escape(domain))
        for handle in self.handles:
            handle = handle.strip().lstrip("@")
            if len(handle) >= 3:
                patterns.append(r"(?<![\w.])@?" + re.escape(handle) + r"(?![\w])")
        patterns += [phone_pattern(phone) for phone in self.phones if phone]
        patterns += [r"(?<!\d)" + _digits_pattern(n) + r"(?!\d)" for n in self.numbers if len(n) >= 6]
        return sorted(set(patterns), key=len, reverse=True)

    def matcher(self) -> Redactor:
        return Redactor(self.patterns())


class Redactor:
    def __init__(self, patterns: Iterable[str]):
        patterns = list(patterns)
        self.regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None

    def found_in(self, text: str) -> bool:
        return bool(self.regex and text and self.regex.search(text))

    def text(self, text: str) -> str:
        if not self.regex or not text:
            return text
        return self.regex.sub(REDACTED, text)

    def json(self, value):
        """`value` (any JSON structure) with identifiers replaced in every key and string."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self.text(str(key)): self.json(item) for key, item in value.items()}
        if isinstance(value, int) and not isinstance(value, bool) and self.found_in(str(value)):
            return REDACTED
        return value

    def json_found(self, value) -> bool:
        return self.found_in(json.dumps(value, ensure_ascii=False, default=str))

    def body(self, raw: bytes) -> bytes:
        """A raw webhook body with identifiers replaced (JSON kept valid when it was JSON)."""
        text = bytes(raw).decode("utf-8", errors="replace")
        try:
            data = json.loads(text)
        except ValueError:
            return self.text(text).encode()
        return json.dumps(self.json(data), ensure_ascii=False).encode()
