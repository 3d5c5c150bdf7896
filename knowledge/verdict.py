"""Whether the best passage answers the question: enough of its weight covered, the kind of fact it
asks for, and real coverage of its subject rather than one word met in passing.

search.py ranks; this module only judges. A question about one ordinary English word ("When is
Christmas?", "Can I get a council house?") is not answered by a passage that uses the word once,
or only inside a name ("Daneshill House"): the passage must be about it (its heading, or the word
used more than once). Names and acronyms of the papers ("SoSafe", "MSA") are about themselves, so
one mention is enough for them.
"""
from __future__ import annotations

import logging
import re

from knowledge import lexicon, rank
from knowledge.rank import Concept, Features
from knowledge.thesaurus import thesaurus
from knowledge.vocabulary import same_word, tokens

_WORD = re.compile(r"[^\W_]+")

log = logging.getLogger(__name__)

LONE_SHARE = 0.7         # share of the question's weight on one word that makes it a one-word question
ANSWERABLE = 0.68        # least coverage of the question's weight for an answer (tuned on the dev set)
OWN_LEAST = 0.4          # least share of the weight the resident's own words (or the heading) must cover
STANDOUT_COVERAGE = 0.5  # least coverage for a passage that stands out from all others to answer
STANDOUT_LEAD = 1.25     # how far ahead of the runner-up's score such a passage must be
STANDOUT_TOPICS = 2      # distinct specific things of the question it must hold (a name counts once)
TOPICAL = 8.0            # general-English rarity (lexicon.information) from which a word names a topic
UNIT_GAP = 3             # most positions from a compound's first word to its second ("draft statement of accounts")


def covers_enough(cs: list[Concept], f: Features) -> bool:
    """The passage covers most of the question's weight, including something specific."""
    if f.coverage < ANSWERABLE or f.own < OWN_LEAST:
        return False   # stand-ins ("parks" for "parking", "allow" for "permit") cannot carry most of it
    # Numbers alone ("2+2") say nothing about what the question is about.
    words = [(c, hit) for c, hit in zip(cs, f.covered) if not c.word.isdigit()]
    if not words:
        return False
    return any(hit and c.specific for c, hit in words) or all(hit for _, hit in words)


def stands_out(cs: list[Concept], f: Features, lead: float, sentences: list[list[str]]) -> bool:
    """A passage well ahead of every other one, holding at least two distinct specific things the
    question names, answers even when the resident's other words are not the papers' ("released"
    for "published"): out-of-scope questions meet the papers in one word or one name ("the Old Town"),
    and then several passages score alike. The things must be in one sentence of the quote (`sentences`, its
    stems): a list of residents' comments that meets "neighbours" in one and "trees" in another says nothing
    about either."""
    if f.coverage < STANDOUT_COVERAGE or lead < STANDOUT_LEAD:
        return False
    found = [{n for n, c in enumerate(cs) if any(rank._positions(rank.locate(stems, set(alt)), alt) for alt in c.alts)}
             for stems in sentences]
    anywhere = set().union(*found)
    # A thing named only by the heading (in no sentence of the quote) goes with every sentence.
    return max((_topics(cs, f, stems, keep | (set(range(len(cs))) - anywhere))
                for stems, keep in zip(sentences, found)), default=0) >= STANDOUT_TOPICS


def _topics(cs: list[Concept], f: Features, stems: list[str], keep: set[int]) -> int:
    """Specific concepts the passage covers with the resident's own words, words side by side in both question and passage (a name
    such as "Old Town", a term such as "planning permission") counting once. Common English words
    ("without", "best") name no topic, however rare in the papers. Only the concepts numbered in `keep` count."""
    where = rank.locate(stems, rank.wanted(cs))
    count, prev = 0, None
    for n, (c, hit) in enumerate(zip(cs, f.mine)):
        info = lexicon.information(c.corrected or c.word)
        if not (hit and n in keep and c.specific and not c.word.isdigit() and (info is None or info >= TOPICAL)):
            prev = None
            continue
        here = {p + len(alt) for alt in c.alts for p in rank._positions(where, alt)}
        joined = prev is not None and any(p in prev for alt in c.alts for p in rank._positions(where, alt))
        count += not joined
        prev = here
    return count


def lone_ordinary(cs: list[Concept]) -> Concept | None:
    """The question's only specific concept when it is one ordinary English word carrying most of the
    question's weight ("council house": "council" says little), else None."""
    specific = [c for c in cs if c.specific and not c.word.isdigit()]
    # One word typed: not a phrase, not an acronym with its expansions (synonyms weigh less than 1).
    if len(specific) != 1 or len(specific[0].alts[0]) != 1 or \
            sum(specific[0].weight(k) >= 1.0 for k in range(len(specific[0].alts))) != 1:
        return None
    c = specific[0]
    if c.idf < LONE_SHARE * sum(x.idf for x in cs):
        return None
    word = (c.corrected or c.word).lower()
    english = lexicon.english()
    return c if word in english or (word.endswith("s") and word[:-1] in english) else None


def salient(c: Concept, text: str, headings: list[str], stem_of, typed_capital: bool) -> bool:
    """Whether a quoted passage is about the concept: a heading has the word itself, or the quote uses
    it more than once, at least once as itself. Inside a name ("Daneshill House") the word is not
    itself, unless the question wrote it with a capital."""
    stem, word = c.alts[0][0], (c.corrected or c.word).lower()
    if any(_uses(h, stem, word, stem_of, typed_capital)[0] for h in headings):
        return True
    own, other = _uses(text, stem, word, stem_of, typed_capital)
    return own >= 1 and own + other >= 2


def _uses(text: str, stem: str, word: str, stem_of, typed_capital: bool) -> tuple[int, int]:
    """(uses of the word itself, other uses of its stem: inside a name, or a derived form).

    A lone word's derived forms change its sense too often to stand for it ("house" and "housing").
    """
    words = list(_WORD.finditer(text))
    own = other = 0
    for n, m in enumerate(words):
        w = m.group(0).lower()
        if stem_of(w) != stem:
            continue
        if same_word(w, word) and (typed_capital or not _in_name(text, words, n)):
            own += 1
        else:
            other += 1
    return own, other


def _in_name(text: str, words: list[re.Match], n: int) -> bool:
    """A capitalised word beside a capitalised word that is no English word ("Daneshill House",
    "SAIT Recycling"): part of a name. Council papers capitalise their topics ("Housing Advice"),
    so a capital beside an English word proves nothing."""
    if not words[n].group(0)[0].isupper():
        return False
    english = lexicon.english()
    for k in (n - 1, n + 1):
        if not 0 <= k < len(words) or not words[k].group(0)[0].isupper():
            continue
        a, b = sorted((k, n))
        if re.search(r"[.!?:;,\n]", text[words[a].end():words[b].start()]):
            continue
        w = words[k].group(0).lower()
        if w not in english and not (w.endswith("s") and w[:-1] in english):
            return True
    return False


def split_unit(question: str, cs: list[Concept], f: Features,
               pieces: list[tuple[list[str], list[str]]]) -> tuple[str, str] | None:
    """Two specific words side by side in the question ("leisure centre", "foster carer"; also joined by "of":
    "population of London") that the passage
    text holds only apart ("Town Centre, Leisure Park"; "foster collaborative work ... carers"): the thing
    named by the pair is not in it. `pieces` are (words, stems) of the passage text first, then its headings.
    Together means in order within UNIT_GAP words ("draft Statement of Accounts", "a modest gift") or
    turned round with "of"/"for" ("allegations of fraud"), in the text or in a heading. Words the text lacks
    (met only in a heading) and a verb form as the second word ("order renewed", "committee held": no
    compound) are not checked. Returns the first pair apart, else None."""
    typed = tokens(question)
    words_of = {c.word for c in cs}
    wanted = {s for c in cs for alt in c.alts if len(alt) == 1 for s in alt} | {s for c in cs for s in c.alts[0]}
    where = [rank.locate(stems, wanted) for _, stems in pieces]
    for (a, ha, ma), (b, hb, mb) in zip(zip(cs, f.covered, f.mine), list(zip(cs, f.covered, f.mine))[1:]):
        joined = _joined(typed, a.word, b.word)
        if not (ha and hb and ma and mb and a.specific and b.specific) or joined is None:
            continue
        if len(a.alts[0]) != 1 or len(b.alts[0]) != 1 or a.word.isdigit() or b.word.isdigit() or _verb_form(b.word):
            continue
        if a.corrected or b.corrected:
            continue   # a corrected word is a guess ("polcy"): too weak to rule a passage out
        if _asked_verb(typed, b.word) or _in_chain(typed, a.word, b.word, words_of) or _after_who(typed, a.word):
            continue
        if re.search(rf"\b{re.escape(a.word.upper())}\b", question) and len(a.word) > 1:
            continue   # "the SLL contract": a body's acronym says whose the thing is, not what kind of thing
        if a.word in _MONTHS:
            continue   # "the May elections" are the elections in May
        if not (rank._positions(where[0], a.alts[0]) and rank._positions(where[0], b.alts[0])):
            continue
        # Either word may stand in the passage as one of its synonyms ("vehicle clocking" for "car clocking").
        if not any(_together(words, _anywhere(w, a), _anywhere(w, b), joined) for (words, _), w in zip(pieces, where)):
            return a.word, b.word
    return None


_MONTHS = frozenset("january february march april may june july august september october november december".split())


def _after_who(typed: list[str], word: str) -> bool:
    """The word is the verb of "who chairs RAG ...": a verb and its object, not a compound."""
    return any(w == word and k and typed[k - 1] == "who" for k, w in enumerate(typed))


def _asked_verb(typed: list[str], word: str) -> bool:
    """The question's last word in "When does the consultation close?" / "Will the tip open?": a verb after
    the subject, not the second half of a compound. Only where the auxiliary opens the question (after a
    question word) and the subject is no pronoun ("Where can I park ... town centre": "centre" is a noun)."""
    auxiliaries = _AUXILIARIES
    if len(typed) > 4 and typed[-1] in _TRAILING and typed[-2] == word:
        # "What are reserves split into?": a verb before its preposition, the passive's "are" its auxiliary.
        typed, auxiliaries = typed[:-1], _AUXILIARIES | _BE
    if len(typed) < 4 or typed[-1] != word:
        return False
    k = 1 if typed[0] in ("when", "where", "why", "how", "what", "which", "who") else 0
    return typed[k] in auxiliaries and typed[k + 1] not in _PRONOUNS and 2 <= len(typed) - (k + 1) <= 6


_PRONOUNS = frozenset("i we you they he she it".split())
_AUXILIARIES = frozenset("do does did will would can could should shall may might".split())
_BE = frozenset("is are was were".split())
_TRAILING = frozenset("into to for on up out by with from about".split())


def _in_chain(typed: list[str], a: str, b: str, concepts: set[str]) -> bool:
    """Whether the pair sits inside a run of four or more of the question's words ("electric bus feasibility
    study"): where one compound ends and the next begins is anyone's guess, and papers reword such runs
    ("a feasibility study on the electric bus link"). A verb ending the question is no part of a run."""
    words = typed[:-1] if typed and _asked_verb(typed, typed[-1]) else typed
    for n in range(len(words) - 1):
        if words[n] == a and words[n + 1] == b:
            start, end = n, n + 1
            while start > 0 and words[start - 1] in concepts:
                start -= 1
            while end + 1 < len(words) and words[end + 1] in concepts:
                end += 1
            return end - start + 1 >= CHAIN
    return False


CHAIN = 3   # words in a run of the question's words beyond which its pairs are not checked


def _anywhere(where: dict[str, list[int]], c: Concept) -> list[int]:
    """Where the concept's word or any one-word synonym of it stands."""
    return sorted({i for alt in c.alts if len(alt) == 1 for i in rank._positions(where, alt)})


_TURNED = ("of", "for", "in", "at", "on", "from")   # "leaseholders in Vista Tower" for "Vista Tower leaseholders"


def _together(words: list[str], first: list[int], second: list[int], of: bool) -> bool:
    """Whether the two words make one unit: in order and close, or "second of/for ... first" ("allegations of
    fraud", "tender for grounds maintenance"); a pair the question joined with "of" also as "second first"
    ("London's population" for "population of London")."""
    return any(0 < y - x <= UNIT_GAP or (0 < x - y <= UNIT_GAP and words[y + 1] in _TURNED)
               or (of and 0 < x - y <= 2) for x in first for y in second)


def _joined(typed: list[str], a: str, b: str) -> bool | None:
    """How the question has word b after word a: right after (False), after "of" / "of the" (True), else None."""
    for n, w in enumerate(typed[:-1]):
        if w == a and typed[n + 1] == b:
            return False
        if w == a and typed[n + 1] == "of" and b in typed[n + 2:n + 4] and typed[n + 2] in (b, "the"):
            return True
    return None


def _verb_form(word: str) -> bool:
    """A past or present participle or an irregular past ("renewed", "moving", "held"): a verb, not a compound's head."""
    t = thesaurus()
    if word.endswith(("ed", "ing")):
        return any(base != word for base in t.lemmas(word))
    return word not in t and not word.endswith(("s", "er", "est")) and bool(t.lemmas(word))
