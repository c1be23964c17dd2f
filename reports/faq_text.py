"""FAQ mining (SOP 02 stage 4.3), pure: the frequent words and phrases of prospects' questions.

Texts are lower-cased, chat slang is normalised ("brp" -> "berapa", "gmn" -> "bagaimana"), and
Indonesian stop words are dropped from the word counts. Phrases are pairs of neighbouring words in
which a question word may stand ("berapa biaya", "kapan pendaftaran"), because the question word is
what makes a phrase an FAQ.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

SLANG = {
    "gmn": "bagaimana",
    "gmana": "bagaimana",
    "gimana": "bagaimana",
    "bgmn": "bagaimana",
    "brp": "berapa",
    "brapa": "berapa",
    "kpn": "kapan",
    "kapn": "kapan",
    "dmn": "mana",
    "dimana": "mana",
    "knp": "kenapa",
    "napa": "kenapa",
    "apa2": "apa",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "krn": "karena",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "gk": "tidak",
    "sy": "saya",
    "aku": "saya",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "blm": "belum",
    "blom": "belum",
    "bs": "bisa",
    "bsa": "bisa",
    "jg": "juga",
    "aja": "saja",
    "tp": "tapi",
    "klo": "kalau",
    "kalo": "kalau",
    "kl": "kalau",
    "min": "admin",
    "mimin": "admin",
    "kak": "kakak",
    "ka": "kakak",
    "info": "informasi",
    "daftar": "pendaftaran",
    "mendaftar": "pendaftaran",
    "pendaftarannya": "pendaftaran",
    "biayanya": "biaya",
    "jurusan": "prodi",
    "jur": "prodi",
    "thn": "tahun",
    "tgl": "tanggal",
    "bln": "bulan",
    "hr": "hari",
    "pmb": "pmb",
    "ukt": "ukt",
}

QUESTION_WORDS = frozenset(
    {"apa", "apakah", "berapa", "kapan", "bagaimana", "mana", "kenapa", "siapa", "bisakah"}
)

STOP_WORDS = frozenset(
    [
        "ada",
        "adalah",
        "agar",
        "akan",
        "aku",
        "anda",
        "apa",
        "apakah",
        "atau",
        "bagaimana",
        "bagi",
        "bahwa",
        "baik",
        "banyak",
        "barang",
        "beberapa",
        "begitu",
        "belum",
        "berapa",
        "bisa",
        "bisakah",
        "boleh",
        "buat",
        "bukan",
        "dalam",
        "dan",
        "dapat",
        "dari",
        "demikian",
        "dengan",
        "di",
        "dia",
        "ini",
        "itu",
        "jadi",
        "jika",
        "juga",
        "kak",
        "kakak",
        "kalau",
        "kami",
        "kamu",
        "kapan",
        "karena",
        "ke",
        "kenapa",
        "ketika",
        "kita",
        "lagi",
        "lah",
        "mana",
        "masih",
        "mau",
        "maupun",
        "melalui",
        "mereka",
        "min",
        "mohon",
        "nya",
        "oleh",
        "pada",
        "para",
        "per",
        "pun",
        "saat",
        "saja",
        "salam",
        "sama",
        "sampai",
        "saya",
        "se",
        "sebagai",
        "sebelum",
        "sedang",
        "sekali",
        "selamat",
        "semua",
        "sendiri",
        "seperti",
        "siang",
        "siapa",
        "sore",
        "sudah",
        "supaya",
        "tanya",
        "tapi",
        "telah",
        "tentang",
        "terima",
        "kasih",
        "tersebut",
        "tidak",
        "untuk",
        "yaitu",
        "yang",
        "ya",
        "halo",
        "hai",
        "hallo",
        "permisi",
        "tolong",
        "pagi",
        "malam",
        "admin",
        "dong",
        "deh",
        "sih",
        "kah",
        "kok",
        "nih",
        "tuh",
        "mas",
        "mbak",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "terimakasih",
        "makasih",
    ]
)

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased words with slang normalised (stop words kept: phrases need their neighbours)."""
    return [SLANG.get(word, word) for word in _WORD.findall((text or "").lower())]


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()]


def phrases(words: list[str]) -> list[str]:
    """Neighbouring pairs of content words, or a question word followed by a content word."""
    found = []
    for first, second in zip(words, words[1:], strict=False):
        second_ok = second not in STOP_WORDS and len(second) > 1 and not second.isdigit()
        first_ok = first in QUESTION_WORDS or (
            first not in STOP_WORDS and len(first) > 1 and not first.isdigit()
        )
        if first_ok and second_ok and first != second:
            found.append(f"{first} {second}")
    return found


def top_terms(
    texts: Iterable[str], *, limit: int = 20
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(words, phrases) with their counts; each counted once per question so one long text cannot dominate."""
    word_counts: Counter[str] = Counter()
    phrase_counts: Counter[str] = Counter()
    for text in texts:
        words = tokens(text)
        word_counts.update(set(content_words(words)))
        phrase_counts.update(set(phrases(words)))
    top_phrases = [(p, n) for p, n in phrase_counts.most_common(limit * 2) if n > 1][:limit]
    return word_counts.most_common(limit), top_phrases
