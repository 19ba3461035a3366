"""The word list of a language: whether a word is one of the language's, so that the lint can
tell two words of the language (precios, preciso) from one word spelled two ways.

The lists are Debian's hunspell dictionaries (hunspell-es, hunspell-fr...: LibreOffice's,
kept by each language's community, some seventy languages; scripts/setup installs those of
the languages the tests use), read through Enchant's hunspell provider (pyenchant). They were
chosen over the alternatives, each measured on the same words:
- wordfreq (every language here, but frozen since 2024) counts what the web writes, typos
  and foreign words with it: in English it knows 'goverment', 'industriales', and both
  'centre' and 'center', so it could find neither a typo nor a regional spelling;
- pyspellchecker lacks Polish, Swedish and Greek, and the plurals and verb forms its
  subtitles never used (Spanish 'precios', 'trabajadores');
- spylls reads the same dictionaries in pure Python, but takes 2 to 23 seconds to load
  one, where Enchant takes 0.03 to 1.3 seconds and 15 to 25 microseconds a word.
A hunspell dictionary knows each word's inflections by its affix rules, and keeps to one
region's spelling (en_GB has 'centre', en_US 'center'), so a region's variant is not taken
for a word of the book's. A machine without Enchant or without a language's dictionary has
no word list for it: the rules fall back on what the words' shapes tell.
"""

from __future__ import annotations

import functools
from typing import Any

from babel.core import get_global

PROVIDER = "hunspell"  # the dictionaries scripts/setup installs: the same on every machine


class Dictionary:
    """One hunspell dictionary, asked about a word as the lint holds it (in lower case)."""

    def __init__(self, tag: str, checker: Any) -> None:
        self.tag = tag  # Enchant's: es_ES
        self.checker = checker

    def __contains__(self, word: str) -> bool:
        # The lint reads words in lower case; a German noun is only a word capitalised (the
        # dictionary takes a lower-case word capitalised too, as at a sentence's start).
        return bool(self.checker.check(word) or self.checker.check(word.capitalize()))


@functools.cache
def word_list(lang: str) -> Dictionary | None:
    """The word list for a BCP 47 tag: its region's dictionary (en-GB: en_GB), else the
    language's own (en), else its likeliest region's (es: es_ES, by CLDR), else any of its
    regions'; None when the machine has none."""
    broker = enchant_broker()
    if broker is None or not lang:
        return None
    parts = lang.replace("_", "-").split("-")
    language = parts[0].lower()
    regions = [part.upper() for part in parts[1:] if len(part) == 2 or part.isdigit()]
    likely = str(get_global("likely_subtags").get(language, "")).split("_")
    candidates = [f"{language}_{region}" for region in regions[:1]] + [language]
    candidates += [f"{language}_{likely[-1]}"] if len(likely) > 1 else []
    candidates += sorted(tag for tag in broker.list_languages()
                         if tag.split("_")[0] == language)
    for tag in dict.fromkeys(candidates):
        # Enchant asks aspell first for some tags (en_GB) where it is installed: only the
        # hunspell dictionary is asked, whatever else the machine has.
        broker.set_ordering(tag, PROVIDER)
        if broker.dict_exists(tag):
            checker = broker.request_dict(tag)
            if checker.provider.name == PROVIDER:
                return Dictionary(tag, checker)
    return None


@functools.cache
def enchant_broker() -> Any:
    """Enchant's broker, or None where the machine lacks the library (libenchant-2-2)."""
    try:
        import enchant  # loads the C library: only once a pair is to be judged
    except ImportError:
        return None
    return enchant.Broker()
