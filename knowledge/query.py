"""A question as the search sees it: its content words as weighted concepts, with the papers' own words
for them (typos corrected, acronyms spelt out, synonyms from the thesaurus), and what kind of answer it wants.

A concept's alternatives are stem sequences any of which covers it: the question's word itself
(weight 1), then related words the papers use (weighted below it by the thesaurus's strength), so a
passage with the resident's own word ranks above one with a synonym, and a synonym costs nothing
when the papers never use it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from knowledge import facts, lexicon, people, query_acronyms
from knowledge.rank import Concept
from knowledge.search_index import Index
from knowledge.thesaurus import COUNCIL_TERM, thesaurus
from knowledge.vocabulary import ACTION, CUES, DEFINITION, STOPWORDS, as_stopword, near_stopword, tokens

log = logging.getLogger(__name__)

SPECIFIC = 2.3          # least IDF of a word that says what a question is about (not "council")
RELATED_LEAST = 0.3     # least thesaurus strength of a related word worth looking for
RELATED_BASE = 0.55     # weight of a related word: this plus RELATED_SLOPE x its strength
RELATED_SLOPE = 0.35
GENERAL_LOW = 6.5       # general-English rarity (-log share of running text) of the commonest words ("new")
GENERAL_HIGH = 8.0      # from here on a word weighs fully ("finished" 9.6, "community" 10.6)
GENERAL_FLOOR = 0.4     # least share of its weight the commonest word keeps
RELATED_MOST = 6        # related words kept per concept (the strongest)
COUNCIL_WEIGHT = 0.96   # a council's word for the resident's: counts as the resident's own (rank.OWN), a shade less


@dataclass
class Query:
    """What a question asks for: its concepts, the kind of passage wanted, a definition wanted."""

    concepts: list[Concept]
    wants: set[str]
    definition: str | None      # the acronym asked about ("what does X stand for")
    who: bool = False           # "who ..." wants a person named
    expects: str | None = None  # number | date: what kind of fact the answer must hold
    capitals: frozenset[str] = frozenset()   # words the question wrote with a capital (names)
    cues: tuple[str, ...] = ()  # cue words set aside ("vote", "asked"): they say what kind of passage answers
    given: tuple[str, ...] = ()  # figures the question gives itself ("the 18-25 team"): not its answer


# "..., is that true?", "am I right?": asking for confirmation, not about truth.
CHAT_TAIL = re.compile(r"[,;-]?\s*(?:(?:is|was) (?:that|this|it) (?:true|right|correct|so)|am i right|true or not)\W*$|"
                       r"\bin the end\b|"   # "in the end" asks for the outcome (facts.OUTCOME_Q), not about an end
                       # "My neighbour keeps going on about car cruising - is it banned?": who said it is no subject.
                       r"\b(?:my|our|a) (?:neighbou?rs?|friends?|mum|mom|dad|wife|husband|partner|son|daughter|mate|"
                       r"colleague)\b(?: \w+){0,2}? (?:says?|said|told me|tells me|keeps? (?:going on|talking|saying)|"
                       r"mentioned|reckons|thinks|heard)\b(?: about| that)?", re.I)
# "What is an MSA (in the devolution plans)?": a question about an acronym the papers define.
WHAT_IS = re.compile(r"^\W*what(?:'s|\s+is|\s+are|\s+does)\s+(?:an?\s+|the\s+)?([A-Za-z][A-Za-z0-9&]*)\b", re.I)


RAISED_Q = re.compile(r"\b(?:has|have|did|is|are)\s+(?:any(?:one|body)|some(?:one|body)|a councillor"
                      r"|(?:any\s+)?councillors?|members?)\s+(?:ever\s+|already\s+)?"
                      r"(?P<verb>raised|mentioned|brought)\b", re.I)
_AFTERWORD = re.compile(r"\?\s+(?:\S+\s+){0,5}\S+\s*$")
_FINAL_VOTE = re.compile(r"\bvot\w*\b.*\bfinal\b|\bfinal\b.*\bvot", re.I)
_ASKING = frozenset("often frequently regularly long old".split())
_SOMEONE = frozenset("person someone somebody individual firm firms company companies".split())


def parse(idx: Index, question: str) -> Query:
    """The question's content words as concepts: corrected, expanded, weighted by rarity."""
    definition = DEFINITION.search(question) is not None
    capitals = typed_capitals(question)
    # "won't" splits into "won" (as in "who won") and "t": say it in full first.
    plain = re.sub(r"\bwon['’]t\b", "will not", question, flags=re.I)
    # "O&S" splits into two letters no index keeps: spell it out as the papers do ("Overview and Scrutiny").
    plain = query_acronyms.spell_ampersands(idx, plain)
    # "IT" in capitals is information technology, not the stop word; papers say "ICT".
    plain = re.sub(r"\bIT\b", "ICT" if "ict" in idx.vocab else "information technology", plain)
    # "How long should a complaint take? mine's been ages": a few words after the question are chat.
    plain = _AFTERWORD.sub("?", plain)
    # A slip in a stop word ("goin up") is mended first: "going up" is a phrase the thesaurus knows.
    typed = [w if w in idx.vocab or _english(w) else as_stopword(w) or w
             for w in tokens(DEFINITION.sub(" ", CHAT_TAIL.sub(" ", plain)))]
    words = [w for w in _phrases(idx, typed)
             if " " in w or (w not in STOPWORDS and (len(w) > 1 or w.isdigit()))]
    if facts.HOW_OFTEN.match(question) or facts.HOW_LONG.match(question) or facts.HOW_OLD.match(question):
        # "how often", "how long", "how old" ask; the papers say "quarterly", "for a 12-month period", "since 1889".
        asking = re.findall(r"\bhow (\w+)", question.lower())
        words = [w for w in words if w not in _ASKING or w not in asking] or words
    if _FINAL_VOTE.search(question):
        # "voted for the final motion": the motion as finally put, which the recorded vote's kind tells (shapes.lift).
        words = [w for w in words if w != "final"] or words
    if re.match(r"\s*whos?\b", question, re.I) or people.FIRM_Q.match(question):
        # "Who is the independent person on ...", "which firm audits ...": a name answers; "person" and "firm"
        # are in the asking, not the papers.
        words = [w for w in words if w not in _SOMEONE] or words
    wants = {kind for kind, cues in CUES.items() if any(w in cues for w in words)}
    if raised := RAISED_Q.search(question):
        # "Has anyone raised getting from the bus station to the train station?" wants a question asked in the
        # papers; "raised" is in the asking.
        wants.add("question")
        words = [w for w in words if w != raised.group("verb").lower()] or words
    if ACTION.search(question) or "view" in wants:
        wants.add("action")
    content = [w for w in words if not any(w in cues for cues in CUES.values())]
    words_all = words
    words = content or words
    out: list[Concept] = []
    seen: set[str] = set()
    for word in words:
        corrected = None
        # Names are not thesaurus words ("Mr Hook" is no hook); neither are acronyms the papers define.
        related = [] if word in capitals or word in idx.acronyms or not _worth_expanding(idx, word) \
            else _related(idx, word)
        if word in idx.acronyms:
            alts = [(idx.stem(word),)] + [tuple(idx.stem(w) for w in tokens(e) if w not in STOPWORDS)
                                          for e in idx.acronyms[word]]
        elif " " in word or word in idx.vocab or related or (idx.stem_df.get(idx.stem(word))
                                                             and (_english(word) or not idx.vocab.correct(word))):
            # A form the papers do not use of a word they do ("fined" beside "fines", "complaint" beside
            # "complaints") is no misspelling; "reservs" is one.
            alts = [tuple(idx.stem(w) for w in word.split())]
        elif near_stopword(word):
            continue
        else:
            corrected = idx.vocab.correct(word)
            if corrected and word in capitals and _english(word) and _english(corrected):
                corrected = None   # "Paris" is a name, not a slip for "parts"
            alts = [(idx.stem(corrected or word),)]
        main = " ".join(alts[0])
        if main in seen:
            continue
        seen.add(main)
        df = min(idx.stem_df.get(s, 0) for s in alts[0])
        known = any(min(idx.stem_df.get(s, 0) for s in a) for a in alts if a)
        if known:
            idf = idx.idf(df)
        elif related:
            # Only its related words are in the papers: as rare as they are.
            idf = idx.idf(min(idx.n, sum(min(idx.stem_df.get(s, 0) for s in stems) for stems, _, _ in related)))
            known = True
        else:
            # A word the papers never use may be a synonym of theirs ("sold" for "disposal"), so it weighs
            # less than a word they use elsewhere but not in the passage.
            idf = 0.6 * idx.idf(0)
        if " " not in word and word not in capitals and word not in idx.acronyms:
            idf *= _topical(corrected or word)
        terms = [corrected or word] + [" ".join(tokens(e)) for e in idx.acronyms.get(word, [])]
        weights = [1.0] * len(alts)
        for stems, weight, term in related:
            if stems not in alts:
                alts.append(stems)
                weights.append(weight)
                terms.append(term)
        out.append(Concept(word, [a for a in alts if a], idf, corrected, known, idf >= SPECIFIC, terms,
                           [w for a, w in zip(alts, weights) if a]))
    out = [query_acronyms.within(idx, c) for c in query_acronyms.merge_expansions(idx, out, SPECIFIC)]
    acr = next((c.word for c in out if c.word in idx.acronyms), None) if definition else None
    named = WHAT_IS.match(question)
    if acr is None and named and named.group(1).lower() in idx.acronyms:
        acr = named.group(1).lower()   # "What is an MSA?" asks what the letters stand for
    who = re.match(r"\s*whos?\b", question, re.I) is not None   # "whos the chair" too
    cues = tuple(w for w in words_all if w not in content) if content else ()
    return Query(out, wants, acr, who, facts.expects(question), capitals, cues, facts.given(question))


def _phrases(idx: Index, words: list[str]) -> list[str]:
    """Two-word phrases the thesaurus knows ("put off", "carried out") joined into one word when the
    papers use words related to them: the pair means something neither word does. A particle may come a
    few words later ("putting council tax up")."""
    th = thesaurus()
    out: list[str] = []
    words = list(words)
    i = 0
    while i < len(words):
        # "look" and "put" are stop words alone, but "look after" and "put up" mean something.
        if _content(words[i]) or any(th.council_term(f"{b} {w}") for b in th.lemmas(words[i]) + [words[i]]
                                     for w in words[i + 1:i + 1 + _PARTICLE_REACH]):
            for j in range(i + 1, min(i + 1 + _PARTICLE_REACH, len(words))):
                if j > i + 1 and (words[j] not in _PARTICLES or words[j - 1] in _PARTICLES):
                    continue
                if any(f"{b} {words[j]}" in th for b in th.lemmas(words[i]) + [words[i]]):
                    pair = f"{words[i]} {words[j]}"
                    if any(_means_more(other) for _, _, other in _related(idx, pair)):
                        out.append(pair)
                        del words[j]
                        break
            else:
                out.append(words[i])
            i += 1
            continue
        out.append(words[i])
        i += 1
    return out


_PARTICLES = frozenset("up down off out back over".split())
_PARTICLE_REACH = 4     # "put [council tax] up": at most this many words from the verb to its particle


def _means_more(related: str) -> bool:
    """Whether a phrase's related word tells the search something: one word ("defer" for "put off") or
    words of substance ("leave office"). Another verb and particle ("range in" for "home in") is only
    its first word to a bag of stems, so the pair was probably no phrase at all ("home in the project")."""
    rest = related.split()[1:]
    return not rest or not all(w in STOPWORDS for w in rest)


def _content(word: str) -> bool:
    """Not a stop word nor a cue ("think", "decided"): a word that says what the question is about."""
    return word not in STOPWORDS and not any(word in cues for cues in CUES.values())


def _topical(word: str) -> float:
    """Down to GENERAL_FLOOR for the commonest words of English ("new", "first", "keep"): a question's
    topic is in its other words, however rare these are in the papers."""
    info = lexicon.information(word)
    if info is None:
        return 1.0
    return min(1.0, max(GENERAL_FLOOR, (info - GENERAL_LOW) / (GENERAL_HIGH - GENERAL_LOW)))


def _worth_expanding(idx: Index, word: str) -> bool:
    """A word the papers lack, or use rarely, is worth looking up in the thesaurus; a word most passages
    use ("council", "plan") already finds plenty, and its synonyms would only add noise."""
    if " " in word or word not in idx.vocab:
        return True
    return idx.idf(idx.stem_df.get(idx.stem(word), 0)) >= SPECIFIC


def _related(idx: Index, word: str) -> list[tuple[tuple[str, ...], float, str]]:
    """The papers' words related to a question's word: (stems, weight, the word), strongest first."""
    th = thesaurus()
    key = word
    if " " in word:   # a phrase: its first word's base form ("putting off" -> "put off")
        first, second = word.split(" ", 1)
        key = next((f"{b} {second}" for b in th.lemmas(first) + [first] if f"{b} {second}" in th), word)
    own = tuple(idx.stem(w) for w in word.split())
    out = []
    for other, strength in sorted(th.related(key, RELATED_LEAST).items(), key=lambda kv: (-kv[1], kv[0])):
        stems = tuple(idx.stem(w) for w in other.split())
        if stems == own or not all(idx.stem_df.get(s, 0) for s in stems) or not _used(idx, other):
            continue
        if len(stems) > 1 and all(w in STOPWORDS for w in other.split()[1:]) and stems[0] in own:
            continue
        # Another form of the word itself (an irregular plural, a base form) is nearly the word.
        weight = 0.99 if strength >= 1.0 else COUNCIL_WEIGHT if strength >= COUNCIL_TERM \
            else RELATED_BASE + RELATED_SLOPE * strength
        out.append((stems, weight, other))
        if len(out) == RELATED_MOST:
            break
    return out


# British spellings of WordNet's American ones ("organize" -> "organise", "program" -> "programme").
_BRITISH = [("ization", "isation"), ("ize", "ise"), ("yze", "yse"), ("or", "our"), ("er", "re"), ("og", "ogue"),
            ("am", "amme")]


def _used(idx: Index, phrase: str) -> bool:
    """Whether the papers use the related word itself in some form, not merely a word with the same
    porter stem ("authorize" and "author" share one)."""
    df = idx.vocab.df   # membership tests only: `set & df.keys()` would copy the whole vocabulary
    return all(any(f in df for f in _forms(w)) for w in phrase.split() if w not in STOPWORDS)


def _forms(word: str) -> set[str]:
    """A word's regular inflections, in American and British spelling."""
    spellings = {word} | {word[: -len(a)] + b for a, b in _BRITISH if word.endswith(a)}
    out = set()
    for w in spellings:
        out |= {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
        if w.endswith("e"):
            out.add(w[:-1] + "ing")
        if w.endswith("y"):
            out |= {w[:-1] + "ies", w[:-1] + "ied"}
        if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
            out |= {w + w[-1] + "ed", w + w[-1] + "ing"}   # "deferred"
    return out


def typed_capitals(question: str) -> frozenset[str]:
    """Lower-cased words the question wrote with a capital, other than the first word of each of its sentences
    ("Are dog thefts going up? Ive heard stories": "Ive" is no name)."""
    out = set()
    for sentence in re.split(r"[.!?]+\s+", question):
        words = re.findall(r"[^\W_]+", sentence)
        out |= {w.lower() for w in words[1:] if w[0].isupper()}
    return frozenset(out)


def _english(word: str) -> bool:
    """A word of general English (a place like "Paris" too): a name typed as such is not a slip for another."""
    return lexicon.information(word) is not None
