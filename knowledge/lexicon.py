"""English vocabulary for telling real words from OCR garbage and for mending hyphenated line breaks."""
from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter

log = logging.getLogger(__name__)

WORD = re.compile(r"[A-Za-z][a-z'’]*[a-z]|[A-Za-z]")
# Garbled when this share of a paragraph's words is neither English nor used elsewhere in the paper.
GARBLED_SHARE = 0.18
# Next to a garbled paragraph, a lower share is enough (OCR garbage comes in blocks).
NEIGHBOUR_SHARE = 0.09
MIN_WORDS = 6
# Words a council paper uses this often are its own vocabulary (SoSafe, Daneshill), not garbage.
LOCAL_MIN = 3


@functools.lru_cache(maxsize=1)
def _counts() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@functools.lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """About 160,000 lower-case English words (pyspellchecker's frequency list), loaded once."""
    return frozenset(_counts())


@functools.lru_cache(maxsize=1)
def _total() -> int:
    return sum(_counts().values())


def information(word: str) -> float | None:
    """How rare a word is in general English: -log of its share of running text ("new" 7.2,
    "community" 10.6, "devolution" 16.6), or None for a word the list lacks."""
    n = _counts().get(word)
    return math.log(_total() / n) if n else None


# British endings and the American ones the word list holds ("organisation" -> "organization").
_BRITISH = [("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("ises", "izes"),
            ("yse", "yze"), ("ysed", "yzed"), ("our", "or"), ("ours", "ors"), ("oured", "ored"),
            ("tre", "ter"), ("tres", "ters"), ("mme", "m"), ("mmes", "ms"), ("ogue", "og"),
            ("lled", "led"), ("lling", "ling"), ("ence", "ense"), ("isations", "izations"), ("isational", "izational")]


def _spellings(w: str) -> list[str]:
    """The word, its stem without a plural s, and American spellings of a British word."""
    out = [w, w[:-1]] if w.endswith("s") else [w]
    for brit, amer in _BRITISH:
        if w.endswith(brit):
            out.append(w[: -len(brit)] + amer)
    out.extend(x.replace("our", "or") for x in list(out) if "our" in x)
    return out


class Vocabulary:
    """English plus the words one document itself uses repeatedly."""

    def __init__(self, text: str):
        self.counts = Counter(w.lower() for w in WORD.findall(text))
        self.hyphenated = Counter(re.findall(r"[a-z]+-[a-z]+", text.lower()))
        self.english = english()

    def known(self, word: str) -> bool:
        """Whether a word is English (British spellings too) or the paper's own (used at least three times)."""
        w = re.sub(r"[’']s?$", "", word.lower()).replace("’", "").replace("'", "")
        if len(w) <= 2 or self.counts[w] >= LOCAL_MIN:
            return True
        return any(v in self.english for v in _spellings(w))

    def join_hyphenated(self, left: str, right: str) -> str:
        """'co-' + 'operative' stays 'co-operative'; 'docu-' + 'ment' becomes 'document'."""
        joined = left + right
        if self.hyphenated[f"{left}-{right}".lower()] == 0 and (
                joined.lower() in self.english or self.counts[joined.lower()] > 0):
            return joined
        return f"{left}-{right}"

    def garbled_share(self, text: str) -> float:
        """Share of a paragraph's lower-case words (names aside) that are neither English nor the paper's own."""
        words = [w for w in WORD.findall(text) if len(w) >= 4 and w[0].islower()]
        if len(words) < MIN_WORDS:
            return 0.0
        return sum(1 for w in words if not self.known(w)) / len(words)

    def repeats(self, text: str) -> bool:
        """The same word over and over ('the second second second'), as OCR of a picture produces."""
        words = [w.lower() for w in WORD.findall(text)]
        n = sum(1 for a, b in zip(words, words[1:]) if a == b and len(a) > 2)
        return n >= 3 and n / max(len(words), 1) > 0.02
