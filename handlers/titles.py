"""Agenda titles as residents read them: capitals turned to title case, acronyms and numerals kept."""
from __future__ import annotations

import re

from knowledge import lexicon

_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or per the to via with".split())
_ROMAN = re.compile(r"^(?=[IVXL])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")


def _acronym(bare: str, english: frozenset[str]) -> bool:
    """A short word of a capitalised title that is no English word (KCC, SIAS), or two letters that
    are no function word (IT, HR: in a title they are initials far more often than 'it')."""
    if not bare or len(bare) > 5:
        return False
    if len(bare) == 2:
        return bare not in _SMALL_WORDS and bare not in _TWO_LETTER_WORDS
    return bare not in english and not (bare.endswith("s") and bare[:-1] in english and len(bare) > 3)


_TWO_LETTER_WORDS = frozenset("am be do go he if is me my no so up us we".split())


def tidy_title(title: str) -> str:
    """Agenda titles printed in capitals, in title case: names, months and acronyms keep their capitals.

    "REPORT ON URGENT PART II DECISION ... ON 9 JUNE 2021" -> "Report on Urgent Part II Decision ...
    on 9 June 2021"; a title not in capitals is left as the papers print it.
    """
    title = " ".join(title.split())
    if not title.isupper():
        return title
    english = lexicon.english()
    words = title.split(" ")
    out = []
    for n, word in enumerate(words):
        letters = re.sub(r"[^A-Za-z]", "", word)
        bare = letters.lower()
        if _ROMAN.match(letters) and len(letters) > 1 or _acronym(bare, english):
            out.append(word)          # an acronym (KCC, SIAS, IT) or a numeral (II) stays in capitals
        elif n and bare in _SMALL_WORDS and not out[-1].endswith((":", "-", "–")):
            out.append(word.lower())
        else:
            # "CO-OPERATIVE" -> "Co-operative", "COUNCIL'S" -> "Council's", "(SADA)" untouched above
            lead = re.match(r"^[^A-Za-z]*", word).group(0)
            rest = word[len(lead):]
            out.append(lead + rest[:1].upper() + rest[1:].lower())
    return " ".join(out)
