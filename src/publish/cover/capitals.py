"""Text in capitals as its language writes them: the cover sets its title, creators and
publisher in capitals, and Python's str.upper() knows no language.

What the languages ask beyond str.upper() (CLDR's and ICU's tailorings of upper-casing):
- Turkish and Azerbaijani: dotted i is dotted in capitals (i -> İ; ı -> I is upper()'s).
- Greek, modern and ancient, in a book of any language: capitals carry no accents or
  breathings (ICU's "el-Upper":
  ἸΛΙΆΣ is ΙΛΙΑΣ). The diaeresis stays; a iota written under its vowel is written beside it in
  capitals (ᾳ -> ΑΙ, upper()'s own); an ι or υ after a vowel whose accent is dropped takes a
  diaeresis, since the accent was what told the reader the two are not one sound (άυλος ->
  ΑΫΛΟΣ); and the word ή ("or") keeps its accent, or it would read as the article η.
- German: ß is SS, as CLDR says (upper()'s own); the capital ẞ is allowed, not the rule.
"""

from __future__ import annotations

import unicodedata

DOTTED_I_LANGUAGES = frozenset({"tr", "az"})
# The marks Greek capitals drop: oxia/tonos, varia, perispomeni, and the breathings (psili,
# dasia, koronis). The diaeresis (U+0308) is kept.
ACCENTS = frozenset("\u0301\u0300\u0342")
BREATHINGS = frozenset("\u0313\u0314\u0343")
DIAERESIS = "\u0308"
YPOGEGRAMMENI = "\u0345"  # iota subscript: str.upper() makes it a capital iota beside the vowel
GREEK_VOWELS = frozenset("αεηιουωΑΕΗΙΟΥΩ")
TAKES_DIAERESIS = frozenset("ιυΙΥ")
DISJUNCTIVE_ETA = "\u03ae"  # ή, "or" (with oxia it is the same letter in NFC)


def capitals(text: str, lang: str) -> str:
    """The text in capitals by the rules of the language (a BCP 47 tag)."""
    if lang.split("-")[0].lower() in DOTTED_I_LANGUAGES:
        text = text.replace("i", "İ")
    # A Greek word is Greek in an English book too (ICU applies el-Upper by locale alone).
    return " ".join(greek_word_capitals(word) if any(map(is_greek, word))
                    and not is_disjunctive_eta(word) else word.upper()
                    for word in text.split(" "))


def is_disjunctive_eta(word: str) -> bool:
    return unicodedata.normalize("NFC", word).lower() == DISJUNCTIVE_ETA


def greek_word_capitals(word: str) -> str:
    letters: list[str] = []
    after_accented_vowel = False  # the last letter was a vowel whose accent was dropped
    for letter, marks in clusters(unicodedata.normalize("NFD", word)):
        if not is_greek(letter):
            letters.append((letter + marks).upper())
            after_accented_vowel = False
            continue
        accented = any(mark in ACCENTS for mark in marks)
        kept = "".join(mark for mark in marks if mark not in ACCENTS | BREATHINGS)
        if (after_accented_vowel and letter in TAKES_DIAERESIS and not accented
                and DIAERESIS not in kept):
            kept = DIAERESIS + kept
        letters.append((letter + kept).upper())
        after_accented_vowel = accented and letter in GREEK_VOWELS
    return unicodedata.normalize("NFC", "".join(letters))


def clusters(decomposed: str) -> list[tuple[str, str]]:
    """Each base character with the combining marks after it."""
    found: list[tuple[str, str]] = []
    for character in decomposed:
        if found and unicodedata.combining(character):
            base, marks = found[-1]
            found[-1] = (base, marks + character)
        else:
            found.append((character, ""))
    return found


def is_greek(character: str) -> bool:
    return unicodedata.name(character, "").startswith("GREEK")
