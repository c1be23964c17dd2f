from __future__ import annotations

from inquiries.triage import CategoryRule, fill_placeholders, fold, parse_keywords, suggest

RULES = [
    CategoryRule("jadwal", 1, parse_keywords("jadwal\nkapan\nschedule")),
    CategoryRule("biaya", 1, parse_keywords("biaya pendaftaran, registration fee")),
    CategoryRule("ukt", 2, parse_keywords("ukt\nuang kuliah\ntuition")),
    CategoryRule("keluhan", 3, parse_keywords("kecewa\nkomplain\ncomplaint")),
]


def test_indonesian_keywords_suggest_category_and_level():
    found = suggest("Halo kak, kapan jadwal pendaftaran gelombang 2?", RULES)
    assert (found.key, found.level) == ("jadwal", 1)


def test_english_keywords_work_too():
    assert suggest("How much is the TUITION per semester?", RULES).key == "ukt"


def test_complaint_wins_a_tie_with_a_general_question():
    found = suggest("Saya kecewa, jadwal berubah terus", RULES)
    assert (found.key, found.level) == ("keluhan", 3)


def test_keywords_match_whole_words_only():
    assert suggest("pukti", RULES) is None  # "ukt" inside another word
    assert suggest("", RULES) is None


def test_fold_removes_case_and_accents():
    assert fold("  Kapán   JADWAL ") == "kapan jadwal"


def test_placeholders_filled_and_unknown_left_visible():
    assert (
        fill_placeholders("Halo {name}, prodi {program} {unknown}", {"name": "Siti", "program": ""})
        == "Halo Siti, prodi {program} {unknown}"
    )
