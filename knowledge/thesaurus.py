"""A general English thesaurus for query expansion, derived from WordNet (knowledge/data/synonyms.tsv.gz).

Residents use their own words ("woods", "put off", "workers"); the papers use theirs ("woodlands",
"deferred", "employees"). `related(word)` gives a word's synonyms from its main senses and the
frequent narrower words ("worker" -> "employee"), each with a strength (the smaller share of the
two words' uses that the shared sense takes, from WordNet's sense counts); `lemmas(word)` reduces a
word form to WordNet's base forms with its exception lists and detachment rules (WordNet's "morphy"),
which also catches irregular forms the porter stemmer misses ("children" -> "child").
The table is built by scripts/build_synonyms.py; the search keeps only words the papers use.

WordNet knows little British or local-government usage ("tip" is a gratuity to it, never the
household waste recycling centre), so a short hand-kept table of residents' words and the papers'
words (knowledge/data/council_terms.tsv) is consulted first, at strength COUNCIL_TERM.
"""
from __future__ import annotations

import functools
import gzip
import logging
from dataclasses import dataclass
from importlib import resources

log = logging.getLogger(__name__)

# WordNet's detachment rules (morphy): suffix -> replacement, tried in this order.
_RULES = [("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"),
          ("s", ""), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
          ("er", ""), ("est", ""), ("er", "e"), ("est", "e")]
SYNONYM_MOST = 0.95   # strength 1 is kept for the word's own forms
NARROWER = 0.7   # a narrower word ("employee" for "worker") is a weaker stand-in than a synonym
COUNCIL_TERM = 0.97  # strength of a council's word for a resident's (council_terms.tsv): above any WordNet synonym


@dataclass(frozen=True)
class Entry:
    """One word's related words: synonyms and narrower words with strengths, irregular forms."""

    synonyms: tuple[tuple[str, float], ...]
    narrower: tuple[tuple[str, float], ...]
    forms: tuple[str, ...]


class Thesaurus:
    """The loaded table: raw lines by word, parsed on first use (most words are never asked about)."""

    def __init__(self, lines: dict[str, str], bases: dict[str, tuple[str, ...]],
                 local: dict[str, tuple[str, ...]] | None = None):
        self._lines = lines
        self._bases = bases          # irregular form -> base forms ("children" -> "child")
        self._local = local or {}    # a resident's word -> the council's words for it

    def __contains__(self, word: str) -> bool:
        return word in self._lines or word in self._local

    def council_term(self, phrase: str) -> bool:
        """Whether the hand-kept council table has this word or phrase ("look after")."""
        return phrase in self._local

    @functools.lru_cache(maxsize=4096)
    def entry(self, word: str) -> Entry | None:
        """The related words of one lemma, or None."""
        line = self._lines.get(word)
        if line is None:
            return None
        syn, nar, forms = (line.split("\t") + ["", "", ""])[:3]
        return Entry(_pairs(syn), _pairs(nar), tuple(f for f in forms.split("|") if f))

    def lemmas(self, word: str) -> list[str]:
        """The table's base forms of a word form: itself, an irregular form's base, morphy's rules."""
        out = [word] if word in self._lines else []
        out += [b for b in self._bases.get(word, ()) if b in self._lines and b not in out]
        for suffix, repl in _RULES:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                base = word[: len(word) - len(suffix)] + repl
                if base in self._lines and base not in out:
                    out.append(base)
        return out

    def related(self, word: str, least: float = 0.0, narrower: float = NARROWER) -> dict[str, float]:
        """Words related to any base form of `word`, with the strongest strength seen (>= least);
        narrower words count `narrower` times their strength. Irregular forms of its bases count as
        the word itself (strength 1)."""
        out: dict[str, float] = {}
        for base in [word] + [b for b in self.lemmas(word) if b != word]:
            for other in self._local.get(base, ()):
                out[other] = max(out.get(other, 0.0), COUNCIL_TERM)
        for lemma in self.lemmas(word):
            e = self.entry(lemma)
            if lemma != word:
                out[lemma] = 1.0
            # Another word is never quite the word itself, however strong the link (forms are).
            for w, s in tuple((w, min(s, SYNONYM_MOST)) for w, s in e.synonyms) + \
                    tuple((w, narrower * s) for w, s in e.narrower):
                if s >= least and s > out.get(w, 0.0):
                    out[w] = s
            for f in e.forms:
                out[f] = 1.0
        out.pop(word, None)
        return out


def _pairs(col: str) -> tuple[tuple[str, float], ...]:
    out = []
    for item in col.split("|"):
        if item:
            w, _, s = item.rpartition(":")
            out.append((w, float(s)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The packaged table, loaded once (about 60,000 words)."""
    data = resources.files("knowledge").joinpath("data/synonyms.tsv.gz").read_bytes()
    lines: dict[str, str] = {}
    bases: dict[str, list[str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, _, rest = line.partition("\t")
        lines[word] = rest
        forms = rest.rsplit("\t", 1)[-1]
        if forms:
            for f in forms.split("|"):
                bases.setdefault(f, []).append(word)
    log.debug("thesaurus loaded: %d words", len(lines))
    return Thesaurus(lines, {k: tuple(v) for k, v in bases.items()}, _council_terms())


def _council_terms() -> dict[str, tuple[str, ...]]:
    """The hand-kept table of residents' words and the papers' words for them."""
    text = resources.files("knowledge").joinpath("data/council_terms.tsv").read_text("utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, others = line.partition("\t")
            out[word.strip()] = tuple(o.strip() for o in others.split("|") if o.strip())
    return out
