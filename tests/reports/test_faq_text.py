"""FAQ mining without the database: slang, stop words, words and phrases."""

from __future__ import annotations

from reports.faq_text import content_words, phrases, tokens, top_terms


def test_slang_and_case_are_normalised():
    assert tokens("Brp BIAYA kuliahnya kak? gmn cara daftar, kpn dibuka") == [
        "berapa",
        "biaya",
        "kuliahnya",
        "kakak",
        "bagaimana",
        "cara",
        "pendaftaran",
        "kapan",
        "dibuka",
    ]


def test_stop_words_and_question_words_are_not_counted_as_words():
    assert content_words(tokens("Halo kak, berapa biaya yang harus dibayar?")) == [
        "biaya",
        "harus",
        "dibayar",
    ]


def test_phrases_keep_the_question_word():
    assert "berapa biaya" in phrases(tokens("brp biaya kuliah"))
    assert "biaya kuliah" in phrases(tokens("brp biaya kuliah"))
    assert not any("yang" in p for p in phrases(tokens("biaya yang murah")))


def test_top_terms_count_each_question_once():
    texts = [
        "Brp biaya kuliah D3 perhotelan? biaya biaya biaya",
        "berapa biaya kuliah nya kak",
        "kapan pendaftaran gelombang 2 dibuka?",
        "Kpn daftar gelombang 2",
    ]
    words, top_phrases = top_terms(texts, limit=5)
    assert dict(words)["biaya"] == 2  # the repeated word in one text counts once
    assert dict(words)["pendaftaran"] == 2  # "daftar" and "pendaftaran" are one word
    assert ("berapa biaya", 2) in top_phrases and ("kapan pendaftaran", 2) in top_phrases
    assert all(count > 1 for _, count in top_phrases)
