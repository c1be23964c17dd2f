"""Fill English msgstr for Indonesian msgids from scripts/en_glossary/*.json (keeps existing ones).

Keys are msgids, or "context|msgid" for entries with a msgctxt.

Usage: python scripts/translate_en.py  — then `manage.py compilemessages` (or `make messages`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
GLOSSARY_DIR = ROOT / "scripts/en_glossary"


def main() -> int:
    glossary: dict[str, str] = {}
    for path in sorted(GLOSSARY_DIR.glob("*.json")):
        glossary.update(json.loads(path.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        key = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if key in glossary:
            if entry.msgid_plural:
                forms = glossary[key]
                entry.msgstr_plural = (
                    {0: forms[0], 1: forms[1]} if isinstance(forms, list) else {0: forms, 1: forms}
                )
            else:
                entry.msgstr = glossary[key]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr and not entry.msgstr_plural.get(0):
            missing.append(entry.msgid)
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{len(po.translated_entries())} translated, {len(missing)} missing")
    for msgid in missing:
        print("  missing:", msgid.replace("\n", "\\n")[:100])
    return 0


if __name__ == "__main__":
    sys.exit(main())
