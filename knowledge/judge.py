"""Whether the best passage answers the question: the verdict's checks in order, each with its reason.

The checks come from eight rounds of search work (docs/search-notes.md): enough of the question
covered, or the passage standing out from the rest; the kind of fact asked for present (a number for
"how many", a date for "when", a person for "who"); a compound the question names kept together
("leisure centre"); a councillor's question in the papers not taken for an answer. Last, a passage
close in meaning (sentence vectors, knowledge.embed) that covers at least half the question is
accepted even when its words differ from the resident's; so is one whose closest sentence is near the
question in meaning, when the passage covers some of its words and the papers know most of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import facts, lexicon, people, rank, verdict
from knowledge.query import Query
from knowledge.rank import Concept
from knowledge.search_index import Index
from knowledge.vocabulary import tokens

RERANK = 15              # candidates whose sentences are examined closely
RESCUE_SIM = 0.56        # cosine similarity at which a passage is taken as answering ...
RESCUE_COV = 0.5         # ... when it also covers this share of the question's words
SENTENCE_SIM = 0.50      # a passage whose words cover too little still answers when one sentence is this close ...
SENTENCE_COV = 0.3       # ... it covers this share of the question's words ...
SENTENCE_UNKNOWN = 0.4   # ... and at most this share of the question's weight is words the papers never use
ABSENT_RARITY = 12.0     # a word of the question the papers lack is its subject from this English rarity ...
ABSENT_SHARE = 0.3       # ... and this share of the question's weight
GLOSSARY_ROW = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}(?: [A-Z][A-Za-z0-9&]{1,9})?\t", re.M)   # "A&E<tab>Accident & ..."
GLOSSARY_ROWS = 3        # a passage with this many such rows is a list of acronyms
ROLL_CALL = 6            # people named in a passage that is a list of them (a recorded vote, an attendance list)
SURNAME_RARITY = 14.0    # a capitalised word after a name is a surname when this rare in English ("Gough")
# Reasons a passage close in meaning does not overturn: the papers lack the subject, or the resident wants
# instructions they do not give.
ABSENT, HOW_TO, LATER, NAMES = "asks about", "asks how", "the answer asked for is published later", "names"
ELSEWHERE, NOBODY_AS, YEARS, NO_SUM = "is about another place", "no one named as", "asks about the year", "no sum"
UNHEARD, NOBODY_WON = "the question names", "no one is said to have won"
UNRESCUED = (ABSENT, HOW_TO, LATER, ELSEWHERE, NOBODY_AS, YEARS, NO_SUM, UNHEARD, NAMES, NOBODY_WON)
# A year, or a financial year ("2021/22"), which then must be the passage's whole.
YEAR = re.compile(r"\b((?:19|20)\d\d)(?:\s*[/-]\s*((?:19|20)?\d\d))?\b")
PRIVATE = "about a private item"   # `Result.why` when the best match is an item taken in private
DECIDED = re.compile(r"\bRESOLVED\b|\b(?:resolves|agreed|approved|endorses)\b")
ASKED = re.compile(r"\bquestion from\b", re.I)
# "What answer did Mr X get?" when the paper holds only the question: "A written answer to this question will be
# published on a supplementary agenda." The question is not the answer.
ANSWER_ASKED = re.compile(r"\b(?:answers?|repl(?:y|ies|ied)|respon(?:se|ses|ded|d))\b", re.I)
ANSWER_LATER = re.compile(r"\banswers?\b[^.]{0,60}\bwill be (?:published|circulated|given|sent|provided)\b", re.I)
# "How do I apply for ...": residents asking how to use a service. Council papers record decisions and
# reports; they rarely tell a resident what to do, and a quote that merely mentions the service is no answer.
PROCEDURAL = re.compile(r"^\W*(?:how (?:do|can|should|could|would|must) (?:i|we)|how to|what do i (?:need to )?do)\b",
                        re.I)
INSTRUCTS = re.compile(r"\b(?:(?:residents|people|anyone|applicants|tenants) (?:can|should|may|must|need to)|you can|you should|you may|you must|you will need|please|contact|call|phone|ring|"
                       r"visit|e-?mail|www\.|online at|apply (?:online|to|by)|report (?:it|them) to)\b", re.I)
# A resident after a service's details (a phone number, how to get or book something, how far, what is near):
# the papers may come close in meaning without saying it, so closeness alone does not answer.
SERVICE = re.compile(r"\b(?:phone|telephone|contact|e-?mail address|opening (?:hours|times)|how far|near me|nearby|"
                     r"nearest|near (?:stevenage|here|my)|where can i|how (?:do|can) i|how much (?:does it|is it to|do i|will i|would it)|can i (?:get|book|adopt|apply|"
                     r"have|find)|my (?:neighbour|house|home|street|road|bin|flat|council tax bill|application))\b", re.I)
# "Who is going to be the mayor?", "who are the candidates for ...": a person named as the office holder, not
# anyone named in a paragraph that mentions the office.
WHO_HOLDS = re.compile(r"^\W*who(?:'s|s|\s+is|\s+was|\s+will\s+be|\s+(?:is|are)\s+going\s+to\s+be|\s+are|\s+were|"
                       r"\s+would\s+be)(?:\s+(?:elected|appointed|chosen|named|selected)(?:\s+as)?)?\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+['’]s\s+)?(?:new\s+|next\s+|current\s+|present\s+|first\s+|"
                       r"likely\s+)?(?P<office>mayor|leader|chair(?:man|woman|person)?|chief executive|director|"
                       r"commissioner|candidates?|minister|secretary of state|president|clerk|monitoring officer)\b",
                       re.I)
WHO_WON = re.compile(r"^\W*(?:who|which\s+(?:party|parties|candidates?|group|side))\s+(?:has\s+|have\s+)?"
                     r"(?:won|will\s+win|is\s+winning|came\s+first)\b", re.I)
WON = re.compile(r"\b(?:won|wins?|winners?|winning|awarded|elected|re-elected|returned|victor\w*|majority)\b", re.I)
NEAR_OFFICE = 45    # characters either side of an office within which its holder is named
_OFFICE_SAME = {"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "candidates": "candidate"}


def _named_as(office: str, text: str) -> bool:
    """Whether the text names a person right beside the office ("Mr Cooke be elected to Chair", "Teresa
    Callaghan (Chair)", "the Mayor, Cllr Bell"), not merely in the same long sentence."""
    word = _OFFICE_SAME.get(office.lower(), office.lower())
    for m in re.finditer(rf"\b{re.escape(word)}(?:s|man|woman|person)?\b", text, re.I):
        if people.PERSON.search(text, max(0, m.start() - NEAR_OFFICE), m.end() + NEAR_OFFICE):
            return True
    return False


# Where one sentence (or list item) of a quote ends: residents' comments listed one after another are not one thought.
SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*[•\n]\s*")


@dataclass(frozen=True)
class Around:
    """What the paper says around the best passage: a name of the question's that the paper never uses and
    another place's papers do (knowledge.places), and the paragraph before it (where a section's year often is)."""

    elsewhere: str | None = None
    before: str = ""
    local: frozenset[str] = frozenset()   # names the passage's agenda item (or paper) keeps using ("SoSafe")


def decide(question: str, q: Query, idx: Index, scored: list, hits: list, lone: Concept | None,
           about: set[int], similarity: float, sentence: float = 0.0, around: Around = Around()
           ) -> tuple[bool, str | None]:
    """(answerable, why not) for the best of the scored candidates ([score, features, row, context, quote, ...])."""
    if not hits:
        return False, "nothing found"
    if hits[0].restricted and ((q.expects and q.expects not in facts.SOFT) or q.who):
        # The question asks for a fact (a price, a date, a name) from a private item's papers: they are not
        # published. Its public title can still answer "is the site being sold?".
        return False, PRIVATE
    score, f, row, _, quote, *_ = scored[0]
    why = _lexical(question, q, idx, scored, lone, about, sentence, around)
    if around.elsewhere:
        why = f"{ELSEWHERE}: the question names {around.elsewhere!r}, which this paper never does"
    if why and hits[0].restricted:
        return False, PRIVATE
    if why and not why.startswith(UNRESCUED) and similarity >= RESCUE_SIM and f.coverage >= RESCUE_COV \
            and facts.holds(q.expects, quote, q.given) and not SERVICE.search(question):
        return True, None
    return why is None, why


def _first_name(word: str, question: str, pieces: list[list[str]]) -> bool:
    """Whether the word is a first name before a surname the passage has ("Roger Gough": "Mr R Gough")."""
    m = re.search(rf"\b{re.escape(word)}\s+([A-Z][a-z-]+)", question, re.I)
    if not m or not m.group(1)[0].isupper():
        return False
    surname = m.group(1).lower()
    rarity = lexicon.information(surname)
    # "Medway Council" is no first name and surname: "council" is a common word.
    return (rarity is None or rarity >= SURNAME_RARITY) and any(surname in words for words in pieces)


def _begun(word: str, pieces: list[list[str]]) -> bool:
    """Whether a word of the passage or its headings begins as this one does ("Herts": "Hertfordshire")."""
    stem = word[:max(4, len(word) - 1)]
    return any(w.startswith(stem) for words in pieces for w in words)


def _lexical(question: str, q: Query, idx: Index, scored: list, lone: Concept | None, about: set[int],
             sentence: float = 0.0, around: Around = Around()) -> str | None:
    """Why the best passage does not answer on its words, or None when it does."""
    cs = q.concepts
    _, f, row, _, quote, *_ = scored[0]
    # The passage's words and its headings', for the checks below that look for a word or a pair as typed.
    pieces = [tokens(t) for t in (row["text"], row["item_title"], row["section"], row["meeting_label"]) if t]
    if not facts.has_expected(q.expects, row["text"], q.given):
        return "no fact of the kind asked for"
    if not q.definition and len(GLOSSARY_ROW.findall(row["text"])) >= GLOSSARY_ROWS:
        return "a list of acronyms says only what they stand for"
    called = facts.priced(question) if q.expects == "money" else None
    if called is not None and not facts.states_price(row["text"], called):
        return f"{NO_SUM} of the kind asked for"
    if ANSWER_ASKED.search(question) and (row["kind"] == "question" or ASKED.search(row["text"])) \
            and ANSWER_LATER.search(row["text"]):
        return f"{LATER}, not in these papers"
    absent = _absent_subject(cs)
    if absent:
        return f"{ABSENT} {absent!r}, which the papers never mention"
    # "How much is Medway Council putting its council tax up by?" is not answered by another council's rise: a name
    # the question gives (typed with a capital, rare in the papers) must be in the passage, whole or begun
    # ("Herts" for Hertfordshire).
    named = next((c for c, hit in zip(cs, f.covered) if not hit and c.specific and c.word in q.capitals
                  and not c.corrected and c.word.isalpha() and not _begun(c.word, pieces)
                  and not _first_name(c.word, question, pieces) and c.word not in around.local), None)
    if named and not named.known:
        return f"{UNHEARD} {named.word!r}, which the papers never do"   # "Essex": no paper is about it
    if named:
        return f"{NAMES} {named.word!r}, which the passage does not"
    # "Who won the competition in 2023?" is not answered by a paper of 2025 that never says 2023.
    heads = " ".join(t for t in (row["text"], row["item_title"], row["section"], row["meeting_label"],
                                 row["document_title"], around.before) if t)
    # The passage's own years come first: one that speaks only of 2020 does not answer for 2021/22, whatever its
    # heading; one that says "March 2021" may answer for 2020/21, as its heading does.
    own = _years(row["text"])
    year = next((m.group() for m in YEAR.finditer(question)
                 if not (own & _years(m.group()) if own else _has_year(m, heads))), None)
    if year:
        return f"{YEARS} {year}, which the passage does not"
    if not (verdict.covers_enough(cs, f) or (_close_sentence(cs, f, sentence) and not SERVICE.search(question)
                                              and facts.holds(q.expects, quote, q.given))
            or verdict.stands_out(cs, f, _lead(scored), [idx.stems(tokens(t)) for t in SENTENCE.split(quote)])):
        return "covers too little and does not stand out"
    if lone is not None and row["id"] not in about:
        return "meets a lone ordinary word only in passing"
    # "leisure centre" is not answered by "Town Centre, Leisure Park": a compound the question names must
    # be in the passage (its text or its headings) as a unit.
    split = verdict.split_unit(question, cs, f, [(w, idx.stems(w)) for w in pieces])
    if split:
        return "%r and %r are apart" % split
    if lone is not None and q.cues and not (
            of_kind(q, row) or set(idx.stems(q.cues)) & set(idx.stems(tokens(row["text"])))):
        # One ordinary word left once the cue words are set aside ("vote by post" -> "post"): the cue was
        # part of the subject unless the passage is of the kind it asks for or uses the cue word itself.
        return "the cue word is missing"
    if "question" not in q.wants and _only_asked(quote, cs, idx):
        # A councillor's question in the papers ("How would you describe your record on ... car charging?")
        # asks about the subject; it does not answer a resident's question about it.
        return "only asked in the papers"
    if q.expects == "reason" and len(people.PERSON.findall(row["text"])) >= ROLL_CALL \
            and not facts.quoted_fact("reason").search(row["text"]):
        return "a list of names gives no reasons"   # "why did Mr X vote against?" and the recorded vote
    # "Who will be Kent's first mayor?" wants a person named as mayor, "who won" a winner: closeness in meaning
    # cannot stand in for either.
    office = WHO_HOLDS.match(question)
    if office and not _named_as(office.group("office"), row["text"]):
        return f"{NOBODY_AS} {office.group('office')}"
    if WHO_WON.match(question) and not WON.search(quote):
        return NOBODY_WON   # "who won the elections?" and a paper that only says they were held
    if q.who and people.PERSON.search(quote) is None:
        return "no one named"   # "who ..." wants someone named in the quote ("the Chief Executive" may do)
    if PROCEDURAL.search(question) and not INSTRUCTS.search(quote):
        return f"{HOW_TO} to do something the papers do not explain"
    return None


def _years(text: str) -> set[int]:
    """Every year a text names, both ends of a range ("2020/21": 2020 and 2021)."""
    out = set()
    for m in YEAR.finditer(text):
        out.add(int(m.group(1)))
        if m.group(2):
            out.add(int(m.group(1)[:2] + m.group(2)[-2:]))
    return out


def _has_year(m: re.Match, text: str) -> bool:
    """Whether a text names the question's year, whole or as one end of a range ("2024/25" and "23/24" hold 2024);
    a financial year ("2021/22") only as that range."""
    year, end = m.group(1), m.group(2)
    short = year[2:]
    if end:
        end = end[-2:]
        return re.search(rf"(?:\b{year}|(?<![\d/-]){short})\s*[/–-]\s*(?:\d\d)?{end}\b", text) is not None
    return re.search(rf"\b{year}\b|\d\d[/-]{short}\b|(?<![\d/-]){short}[/-]\d\d\b", text) is not None


def _absent_subject(cs: list[Concept]) -> str | None:
    """A word carrying much of the question that the papers never use, and that is a real, fairly rare English
    word (so not a typo the papers could not correct, nor chat like "honestly"): "How many councillors does
    Stevenage have on Twitter?" is about Twitter, whatever the papers say about councillors."""
    total = sum(c.idf for c in cs) or 1.0
    for c in cs:
        info = lexicon.information(c.word) if not c.known and not c.corrected else None
        if info is not None and info >= ABSENT_RARITY and c.idf >= ABSENT_SHARE * total:
            return c.word
    return None


def _close_sentence(cs: list[Concept], f, sentence: float) -> bool:
    """Whether one sentence of the passage is close in meaning to the question ("free football tickets from a
    supplier" and "Tickets for events of any kind ... should be declined"), the passage covers some of the
    question's words, and not much of the question is words the papers never use ("council tax for band D":
    a sentence on council tax is close, but "band" is what was asked and the papers do not have it)."""
    total = sum(c.idf for c in cs) or 1.0
    unknown = sum(c.idf for c in cs if not c.known) / total
    return sentence >= SENTENCE_SIM and f.coverage >= SENTENCE_COV and unknown <= SENTENCE_UNKNOWN


def of_kind(q: Query, r: dict) -> bool:
    """Whether a passage is of the kind the question's cue words ask for (a decision, a question asked)."""
    return bool(q.wants & {"decision", "action", "view"} and (r["kind"] in ("decision", "motion") or DECIDED.search(r["text"]))
                or "question" in q.wants and (r["kind"] == "question" or ASKED.search(r["text"])))


def _only_asked(quote: str, cs: list[Concept], idx: Index) -> bool:
    """Whether the quote's sentences holding the most of the question's concepts are all questions ("...?")."""
    sentences = [t for t in SENTENCE.split(quote) if t.strip(" …")]
    counts = []
    for t in sentences:
        stems = idx.stems(tokens(t))
        where = rank.locate(stems, rank.wanted(cs))
        counts.append(sum(any(rank._positions(where, alt) for alt in c.alts) for c in cs))
    most = max(counts, default=0)
    return most > 0 and all(t.rstrip(" …)\"'”").endswith("?") for t, n in zip(sentences, counts) if n == most)


def _lead(scored: list) -> float:
    """How many times the best passage's score the best other passage's is (ties and repeats: 1)."""
    rest = [t[0] for t in scored[1:RERANK] if t[4] != scored[0][4]]
    return scored[0][0] / max(rest) if rest and max(rest) > 0 else 1.0
