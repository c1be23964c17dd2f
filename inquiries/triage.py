"""Keyword triage (pure, SOP 02 stage 1.2): a suggested category and level, confirmed by a person.

Keywords are matched on word boundaries, case- and accent-insensitively, in Indonesian and English.
The category with the most matching keywords wins; a tie goes to the higher level (a complaint
mentioning fees is still a complaint), then to the longer keyword match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from core.placeholders import fill_placeholders  # noqa: F401 - part of triage's public API


@dataclass(frozen=True)
class CategoryRule:
    key: int | str
    level: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    key: int | str
    level: int
    matched: tuple[str, ...]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def parse_keywords(text: str) -> tuple[str, ...]:
    """One keyword per line (commas also separate); blanks dropped, folded."""
    parts = re.split(r"[\n,;]", text or "")
    return tuple(dict.fromkeys(fold(part) for part in parts if fold(part)))


def _matches(folded_text: str, keyword: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(keyword) + r"(?!\w)", folded_text) is not None


def suggest(text: str, rules: Iterable[CategoryRule]) -> Suggestion | None:
    folded = fold(text)
    if not folded:
        return None
    best: tuple[tuple[int, int, int], Suggestion] | None = None
    for rule in rules:
        matched = tuple(keyword for keyword in rule.keywords if _matches(folded, keyword))
        if not matched:
            continue
        score = (len(matched), rule.level, max(len(k) for k in matched))
        if best is None or score > best[0]:
            best = (score, Suggestion(rule.key, rule.level, matched))
    return best[1] if best else None
