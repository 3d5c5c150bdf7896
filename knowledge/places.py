"""Which place or body a paper belongs to: the names it uses in many of its paragraphs ("Kent", "Stevenage"), so
that "what did Stevenage decide about devolution?" is not answered from another council's papers.

A paper's *homes* are names (words it nearly always writes with a capital inside a sentence) found in at least
HOME_SHARE of its paragraphs. Two names are *rivals* when no paper that is home to one ever mentions the other:
Kent's papers never say "Stevenage", Stevenage's never say "Kent". A question naming one rival is not answered
from a paper of the other that never names it. A paper with no rival home (a policy that names no council) is not
ruled out by anything.
"""
from __future__ import annotations

import re
from collections import Counter

from sqlite_utils import Database

from knowledge.vocabulary import STOPWORDS

HOME_SHARE = 0.1     # a name in this share of a paper's paragraphs is what the paper is about ...
HOME_LEAST = 3       # ... in this many paragraphs at least
CAPITALISED = 0.9    # a word written with a capital this often inside a sentence is a name
# Months and days are written with a capital but belong to no place: "January" is no council's home.
_CALENDAR = frozenset("january february march april may june july august september october november december "
                      "monday tuesday wednesday thursday friday saturday sunday".split())
_WORD = re.compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)*")   # "SoSafe", "McPeake" are one name
# A word after these starts a sentence, a heading or a list item: its capital says nothing.
_STARTS = re.compile(r"(?:^|[.!?:;•▪\n\"“(]\s*|\b\d+[.)]?\s+|\(\w\)\s+)$")


def homes(texts: list[str]) -> list[tuple[str, float]]:
    """(name, share of paragraphs using it) for the names a paper's paragraphs keep using."""
    used: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    small: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for m in _WORD.finditer(text):
            word = m.group().lower()
            seen.add(word)
            if word[0] != m.group()[0]:
                if not _STARTS.search(text, max(0, m.start() - 6), m.start()):
                    capital[word] += 1
            else:
                small[word] += 1
        used.update(seen)
    n = len(texts) or 1
    return [(w, k / n) for w, k in used.items()
            if k >= HOME_LEAST and k / n >= HOME_SHARE and w not in STOPWORDS and w not in _CALENDAR and len(w) > 2
            and capital[w] >= HOME_LEAST and capital[w] >= CAPITALISED * (capital[w] + small[w])]


# "Kent County Council", "Stevenage Borough Council": a council's full name, its place first.
_COUNCIL = re.compile(r"\b([A-Z][a-z]+) (?:County|Borough|District|City) Council\b")


def own_council(texts: list[str], homes: list[tuple[str, float]], short: dict[str, str]) -> str | None:
    """The council whose paper this is: of the councils it names, in full or by an acronym (`short`: "KCC" ->
    "Kent County Council"), the one whose place is among its homes, most often named. Minutes say "the Council had
    existed since 1889"; this says which council that is."""
    share = dict(homes)
    named = Counter(m.group() for text in texts for m in _COUNCIL.finditer(text))
    for acronym, name in short.items():
        named[name] += sum(len(re.findall(rf"\b{acronym}\b", text)) for text in texts)
    return max((n for n in named if share.get(n.split()[0].lower())), key=named.__getitem__, default=None)


# A paper's "the Council" is its own council ("the Council had existed since 1889" in Kent's minutes).
THE_COUNCIL = re.compile(r"\b[Tt]he Council\b|\bCouncil['’]s\b")


def the_council(own: str | None, text: str) -> str:
    """The paper's own council's name when the text speaks of "the Council", else ""."""
    return own if own and THE_COUNCIL.search(text) else ""


def council_acronyms(pairs) -> dict[str, str]:
    """Acronym -> council name, of the (acronym, expansion) pairs that spell out a council ("KCC")."""
    return {a: e for a, e in pairs if _COUNCIL.fullmatch(e) and a.isupper()}


def local(db: Database, document_id: int, item_number: str | None, generation: int) -> frozenset[str]:
    """The names an agenda item keeps using ("SoSafe" in the community safety strategy), or its paper's when the
    passage is in no item: a question naming one asks about what the item is about, though a paragraph may not say it.
    Kept until the papers change (`generation`)."""
    key = (db.execute("PRAGMA database_list").fetchone()[2] or str(id(db)), generation, document_id, item_number)
    if key not in _LOCAL:
        if len(_LOCAL) > 10_000:
            _LOCAL.clear()
        if item_number is None:
            rows = db.execute("SELECT word FROM search_homes WHERE document_id = ?", [document_id])
            _LOCAL[key] = frozenset(w for (w,) in rows)
        else:
            texts = [t for (t,) in db.execute("SELECT text FROM passages WHERE document_id = ? AND item_number = ?",
                                              [document_id, item_number])]
            _LOCAL[key] = frozenset(w for w, _ in homes(texts))
    return _LOCAL[key]


_LOCAL: dict[tuple, frozenset[str]] = {}


def _mentions(db: Database, document_id: int, word: str) -> bool:
    """Whether any paragraph of the paper uses the word (the unstemmed word index, within the paper's ids)."""
    lo, hi = db.execute("SELECT min(id), max(id) FROM passages WHERE document_id = ?", [document_id]).fetchone()
    if lo is None:
        return False
    return db.execute("SELECT 1 FROM search_words WHERE search_words MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1",
                      [f'"{word}"', lo, hi]).fetchone() is not None


def foreign(db: Database, document_id: int, names: list[str], generation: int) -> str | None:
    """The first of the question's names that belongs elsewhere: a home of other papers, never used by this one,
    whose own home rivals it (`generation`: the search index's, which changes with the papers)."""
    if not names:
        return None
    own = [w for (w,) in db.execute("SELECT word FROM search_homes WHERE document_id = ?", [document_id])]
    if not own:
        return None
    for name in names:
        if name in own or _mentions(db, document_id, name):
            continue
        if not db.execute("SELECT 1 FROM search_homes WHERE word = ? LIMIT 1", [name]).fetchone():
            continue
        if any(_rivals(db, name, home, generation) for home in own):
            return name
    return None


def _rivals(db: Database, name: str, home: str, generation: int) -> bool:
    """Whether no paper that is home to the name ever uses the other word. Proving it reads every paragraph using
    the word, so the answer is kept until the papers change."""
    key = (db.execute("PRAGMA database_list").fetchone()[2] or str(id(db)), generation, name, home)
    if key not in _RIVALS:
        if len(_RIVALS) > 10_000:
            _RIVALS.clear()
        _RIVALS[key] = db.execute("SELECT 1 FROM search_words w JOIN passages p ON p.id = w.rowid "
                                  "JOIN search_homes h ON h.document_id = p.document_id AND h.word = ? "
                                  "WHERE search_words MATCH ? LIMIT 1", [name, f'"{home}"']).fetchone() is None
    return _RIVALS[key]


_RIVALS: dict[tuple, bool] = {}
