"""Words of the papers: tokens, stop words, porter stems (via FTS5 itself), spelling correction and acronyms.

Stems come from SQLite's own porter tokenizer (an in-memory FTS5 table), so a query word and a
passage word match exactly when FTS5 would match them. Spelling is corrected against the papers'
unstemmed vocabulary with rapidfuzz over a small bucket of words of similar length, never over
passages (pitfalls.md: fuzzy scores over long text let anything through, and scanning holds the GIL).
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

log = logging.getLogger(__name__)

# Same idea as FTS5's unicode61 tokenizer: runs of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")

# Function words and the chatter of a question ("can you tell me about"): they say what kind of
# answer is wanted, not what it is about.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further had hadn't has hasn't have haven't having he her here
hers herself him himself his how i if in into is isn't it it's its itself just let's me more most
my myself no nor not of off on once only or other ought our ours ourselves out over own same she
should shouldn't so some such than that that's the their theirs them themselves then there there's
these they this those through to too under until up very was wasn't we were weren't what what's
when where which while who whom why will with won't would wouldn't you your yours yourself
yourselves s t d ll re ve m o y
tell know please want wanted like find show give got get getting thing things anything something
info information details explain told say says said going doing does done happen happened happening
whats wheres whens whos hows thanks thank hi hello dear much many anyone someone ever still yet
reckon reckons reckoned heard hear hearing apparently honestly wondering wonder wondered anyway anyways
look looked looking looks see seen saw make made making take taken took go went gone come came
moment currently nowadays presently according able actually really basically literally meant supposed
ive im youre theyre weve youve
wont cant dont didnt doesnt isnt arent wasnt werent shouldnt couldnt wouldnt hasnt havent
don isn aren wasn weren shouldn couldn wouldn hasn haven hadn didn doesn
""".split())

# Words that say what kind of passage answers the question rather than what it is about.
CUES = {
    "decision": frozenset("decide decided decides deciding decision decisions resolve resolved resolution "
                          "resolutions agree agreed agreement approve approved vote voted".split()),
    "question": frozenset("ask asked asks asking question questions".split()),
    # "What does the council think about X": its view is in what it resolved or moved.
    "view": frozenset("think thinks thought feel feels opinion opinions stance".split()),
}
# "What is the council doing about X": the answer is what it resolved to do.
ACTION = re.compile(r"\b(?:doing|done|do about|going to|plan(?:s|ning)? to|intend)\b", re.I)
DEFINITION = re.compile(r"\b(?:stands?|short|abbreviation|acronym)\s+for\b|\bmean(?:s|ing)?\b|\babbreviation\b",
                        re.I)

# Letters that may be skipped when an acronym's letters are matched to the words it stands for.
_SMALL = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "&", "at", "by", "with"}


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, split the way FTS5's unicode61 tokenizer splits."""
    return _TOKEN.findall(text.replace("\u2019", "'").lower())


def compound_tails(text: str) -> set[int]:
    """Indexes (in `tokens(text)`) of words joined to the word before by a hyphen: "chair" in
    "Vice-Chair", "operative" in "Co-operative". Such a word is modified by its head; but a co-chair chairs."""
    if "-" not in text:
        return set()
    text = text.replace("\u2019", "'")
    return {n for n, m in enumerate(_TOKEN.finditer(text))
            if m.start() >= 2 and text[m.start() - 1] == "-" and text[m.start() - 2].isalnum()
            and not _CO_ROLE.match(text, max(0, m.start() - 3))}


_CO_ROLE = re.compile(r"\bco-chair", re.I)


class Stemmer:
    """Porter stems from SQLite's FTS5 tokenizer, cached; safe to share between threads."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
        self._conn.execute("CREATE VIRTUAL TABLE wv USING fts5vocab(w, instance)")
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}

    def stems(self, words: list[str]) -> dict[str, str]:
        """word -> stem for every word (each word a single token)."""
        missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        if missing:
            # A plain sqlite3 connection (not sqlite-utils): `with conn:` commits or rolls back here.
            with self._lock, self._conn:
                self._conn.execute("DELETE FROM w")
                self._conn.executemany("INSERT INTO w(rowid, x) VALUES (?, ?)", enumerate(missing))
                for doc, term in self._conn.execute("SELECT doc, term FROM wv"):
                    self._cache.setdefault(missing[doc], term)
                if len(missing) > 1000:   # a big batch is cheaper to drop than to delete row by row later
                    self._conn.execute("DROP TABLE w")
                    self._conn.execute("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
                    self._conn.execute("DROP TABLE wv")
                    self._conn.execute("CREATE VIRTUAL TABLE wv USING fts5vocab(w, instance)")
            for w in missing:  # a word FTS5 drops entirely stems to itself
                self._cache.setdefault(w, w)
            if len(self._cache) > 500_000:
                self._cache.clear()
        return {w: self._cache[w] for w in words}

    def stem(self, word: str) -> str:
        """The stem of one word."""
        return self.stems([word])[word]


STEMMER = Stemmer()


CANDIDATES = 8   # nearest words weighed per length when correcting a misspelling


@dataclass
class Vocabulary:
    """The papers' unstemmed words with document counts, for spelling correction."""

    df: dict[str, int]
    _buckets: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _undoubled: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        buckets: dict[int, list[str]] = defaultdict(list)
        # Most frequent first, so rapidfuzz's first-best among equal distances is the common word.
        for w, _ in sorted(self.df.items(), key=lambda kv: -kv[1]):
            if w.isalpha() and len(w) >= 4 and w not in STOPWORDS:
                buckets[len(w)].append(w)
                self._undoubled.setdefault(_undouble(w), w)
        self._buckets = dict(buckets)

    def __contains__(self, word: str) -> bool:
        return word in self.df

    def correct(self, word: str) -> str | None:
        """The papers' word nearest a misspelt one (one edit, two for long words), or None."""
        if word in self.df or not word.isalpha() or len(word) < 5:
            return None
        # Two edits only for long words: real words the papers lack ("passport") must stay unknown.
        limit = 1 if len(word) < 10 else 2
        best: tuple[int, bool, int, str] | None = None
        letters = sorted(word)
        for n in range(len(word) - limit, len(word) + limit + 1):
            bucket = self._buckets.get(n)
            if not bucket:
                continue
            # OSA distance: swapping two letters ("crmie") is one slip, as residents make it.
            for found, distance, _ in process.extract(word, bucket, scorer=OSA.distance, score_cutoff=limit,
                                                      limit=CANDIDATES):
                # Short words rarely lose their first letter to a typo; "sold" is not "hold".
                if len(word) > 6 or found[0] == word[0]:
                    # Of words as near, one with the same letters swapped ("contarct": "contract", not
                    # "contact"), then the commonest.
                    cand = (distance, sorted(found) != letters, -self.df[found], found)
                    if best is None or cand < best:
                        best = cand
        # A letter doubled in the wrong place ("reffered", "comitee") is one slip however many edits it takes.
        return best[3] if best else self._undoubled.get(_undouble(word))


def _undouble(word: str) -> str:
    """The word with every doubled letter written once: "referred" and "reffered" -> "refered"."""
    return re.sub(r"(.)\1+", r"\1", word)


def same_word(a: str, b: str) -> bool:
    """The same word but for a plural or possessive ending ("library", "libraries", "council's")."""
    return _base(a) == _base(b)


def _base(w: str) -> str:
    w = re.sub(r"'s?$", "", w)
    return w[:-3] + "y" if w.endswith("ies") else w[:-2] if w.endswith(("ches", "shes", "sses", "xes")) \
        else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def near_stopword(word: str) -> bool:
    """A short unknown word one edit from a stop word with its first letter ("wat", "whn") is that word."""
    return as_stopword(word) is not None


def as_stopword(word: str) -> str | None:
    """The stop word a short word is, or is one slip from ("goin": going), or None."""
    if word in STOPWORDS:
        return word
    if len(word) > 4 or len(word) < 2:
        return None
    near = [w for w in _SHORT_STOPS.get(word[0], ()) if OSA.distance(word, w, score_cutoff=1) <= 1]
    # A dropped letter is the commonest slip, and questions begin with question words: "wat" is "what", not "was"
    # or "want".
    return min(near, key=lambda w: (not _within(word, w), w not in _QUESTION_WORDS, w), default=None)


_QUESTION_WORDS = frozenset("what when where which who whom whose why how".split())


def _within(short: str, word: str) -> bool:
    """Whether the letters of one word appear in order in another ("wat" in "what")."""
    rest = iter(word)
    return all(ch in rest for ch in short)


_SHORT_STOPS: dict[str, list[str]] = defaultdict(list)
for _w in STOPWORDS:
    if 2 <= len(_w) <= 5:
        _SHORT_STOPS[_w[0]].append(_w)


# --- acronyms ------------------------------------------------------------------------------------

_DEFINED_AFTER = re.compile(r"((?:[A-Z][\w'&/-]*\s+|(?:of|and|the|for|in|on|to|at|by|with|&)\s+){1,10})\(([A-Z][A-Za-z0-9&]{1,9})\)")
# "wider determinants of health (WDH)": in lower case only when every capital is a word's initial, in order.
_DEFINED_AFTER_LOWER = re.compile(r"((?:[a-z][a-z'-]*\s+){2,10})\(([A-Z]{2,6})\)")
_DEFINED_BEFORE = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})\s+\((?:[A-Za-z][\w ]{2,30}:\s*)?([A-Z][^()]{3,80})\)")
_TABLE_ROW = re.compile(r"^\s*([A-Z][A-Z0-9&]{1,9})\t+([A-Z][^\t\n]{3,80})", re.M)


def _initials_match(acronym: str, words: list[str]) -> bool:
    letters = [c for c in acronym.upper() if c.isalnum()]
    # Compare upper-case letters only for mixed-case acronyms ("SoSafe" has no expansion to find).
    if sum(c.isupper() for c in acronym) < 2:
        return False
    letters = [c for c in acronym if c.isupper() or c.isdigit()]

    def fit(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(words)
        if j == len(words):
            return False
        w = words[j]
        if w[0].upper() == letters[i] and fit(i + 1, j + 1):
            return True
        return w.lower() in _SMALL and fit(i, j + 1)
    return fit(0, 0)


def _clean(expansion: str) -> str:
    return " ".join(expansion.replace("/", " / ").split()).strip(" -–:,.").replace(" / ", "/")


def find_acronyms(text: str) -> dict[str, set[str]]:
    """Acronyms a text defines: 'Long Name (LN)', 'LN (Long Name)' and 'LN<tab>Long Name' rows."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in _DEFINED_AFTER.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        for k in range(len(words), 0, -1):   # the shortest tail of the words that spells it
            tail = words[-k:]
            if tail[0].lower() not in _SMALL and _initials_match(acr, tail):
                out[acr].add(_clean(" ".join(tail)))
    for m in _DEFINED_AFTER_LOWER.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        content = [w for w in words if w not in _SMALL]
        tail = content[-len(acr):]
        if len(tail) == len(acr) and all(w[0].upper() == c for w, c in zip(tail, acr)) and acr not in out:
            start = len(words) - words[::-1].index(tail[0]) - 1
            out[acr].add(" ".join(words[start:]))
    for rx in (_DEFINED_BEFORE, _TABLE_ROW):
        for m in rx.finditer(text):
            acr, exp = m.group(1), _clean(m.group(2))
            alts = [a.strip() for a in re.split(r"/(?=\s*[A-Z])", exp)] if "/" in exp else [exp]
            words = exp.replace("/", " ").split()
            if _initials_match(acr, words[:len(acr) + 4]) or any(_initials_match(acr, a.split()) for a in alts) \
                    or _initials_match(acr, [words[0]] + words[-(len(acr) - 1):]):
                out[acr].add(exp)
    return out
