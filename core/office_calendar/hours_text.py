"""A day's office hours as text (pure): "08:00-12:00, 13:00-16:00" <-> blocks; the gaps are breaks."""

from __future__ import annotations

import re
from datetime import time

from django.utils.translation import gettext as _

Block = tuple[time, time]

_BLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$")


class BadHours(ValueError):
    """The text cannot be read as office hours; the message says why (Indonesian)."""


def parse_blocks(text: str) -> list[Block]:
    """Blocks in time order; empty text is a closed day. Overlaps and reversed blocks are refused."""
    blocks: list[Block] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text or ""))):
        match = _BLOCK.match(part)
        if not match:
            raise BadHours(_("'%(part)s' bukan jam kerja (contoh: 08:00-12:00)") % {"part": part})
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise BadHours(_("'%(part)s' bukan jam yang sah") % {"part": part})
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise BadHours(_("'%(part)s': jam selesai harus setelah jam mulai") % {"part": part})
        blocks.append((start, end))
    blocks.sort()
    for (_s1, end1), (start2, _e2) in zip(blocks, blocks[1:], strict=False):
        if start2 < end1:
            raise BadHours(_("Blok jam kerja saling tumpang tindih"))
    return blocks


def format_blocks(blocks) -> str:
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in blocks)
