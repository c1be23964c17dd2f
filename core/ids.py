"""Ids typed into URLs and forms: digits that fit a database id, or nothing (pure)."""

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """`value` as a row id, or None when it is not a plain positive number that fits a bigint."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
