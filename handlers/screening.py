"""Advisory screening of a public question before it is sent: staff decide, the resident is told.

Two findings refuse (over the word limit, already asked at this meeting); the rest warn and let
the resident carry on: a near-duplicate of a recent question, a planning or licensing
application, a personal case, personal data such as a phone number in the question text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from handlers import submissions, texts
from handlers.messages import Services
from handlers.rules import QuestionRules

log = logging.getLogger(__name__)

# Words that every question shares ("what is the council doing about"), dropped before fuzzy
# matching so that only what the question is about is compared.
_STOP = set("""a an the and or of to in on at for by with about from is are was were be been being will
would can could should shall may might do does did doing done what why when where who whom which how
whether this that these those it its i me my we our you your he she they them their there here any all
some no not as if than then so such into over under up down out council councils borough county please
tell ask asking question questions member members executive leader cabinet portfolio holder cllr
councillor mr mrs ms dr has have had also going plans plan planned give explain more
town centre center city village area areas ward wards local""".split())
# Where a question is set ("in the town centre car parks") says little about what it is about; the
# words above and car parks are dropped so that litter in a car park is not like charging in one.
_PLACE = re.compile(r"\bcar[\s-]?parks?\b|\bparking\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
DUPLICATE_SCORE = 60

# Topics staff usually refuse; config picks which to flag. Any other configured topic is a phrase.
TOPICS = {
    "planning": re.compile(r"\bplanning (application|permission|consent)\b|\b\d{2}/\d{3,5}/[A-Z]{1,5}\b"
                           r"|\bapplication (no\.?|number|ref(erence)?)\b", re.I),
    "licensing": re.compile(r"\b(licen[cs]ing|premises licen[cs]e|licen[cs]e) (application|review|hearing)\b"
                            r"|\b(alcohol|taxi|hmo|premises) licen[cs]e\b", re.I),
    "personal_case": re.compile(r"\bmy (own )?(case|claim|complaint|council tax|benefits?|tenancy|rent arrears|"
                                r"housing (application|case|repair)|repairs?|neighbour|landlord|appeal)\b", re.I),
}
_PERSONAL_DATA = [
    ("phone number", re.compile(r"(?<!\d)(?:\+44\s?7\d{3}|\(?07\d{3}\)?|\(?0[1-9]\d{2,4}\)?)[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)")),
    ("email address", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("National Insurance number", re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I)),
]


@dataclass(frozen=True)
class Finding:
    """One screening result: a refusal or a warning, worded for the resident and for staff."""

    kind: str          # word_limit | already_asked | duplicate | planning | licensing | personal_case | personal_data | topic
    refuse: bool
    message: str       # what the resident is told
    staff_note: str    # one line in the email to democratic services


@dataclass(frozen=True)
class Similar:
    """An earlier question that looks like the new one."""

    text: str
    source: str        # "Council, Wednesday 16 July 2025" or "submitted 3 March 2025"
    score: float


def word_count(text: str) -> int:
    """Words as a person would count them (numbers count, punctuation does not)."""
    return len(_WORD.findall(text))


def _content(text: str) -> set[str]:
    return {w.lower().strip("'’-") for w in _WORD.findall(_PLACE.sub(" ", text))
            if w.lower() not in _STOP and len(w) > 1}


def similarity(a: str, b: str) -> float:
    """0–100: how alike two questions are in what they are about (stop words ignored)."""
    ca, cb = _content(a), _content(b)
    if not ca or not cb or len(ca & cb) < min(2, len(ca), len(cb)):
        return 0.0
    return fuzz.token_set_ratio(" ".join(sorted(ca)), " ".join(sorted(cb)))


def check_text(question: str, rules: QuestionRules) -> list[Finding]:
    """Checks on the words alone: the word limit, flagged topics, personal data."""
    found = []
    n = word_count(question)
    if n > rules.word_limit:
        found.append(Finding("word_limit", True, texts.PQ_TOO_MANY_WORDS.format(words=n, limit=rules.word_limit),
                             f"{n} words, over the limit of {rules.word_limit}"))
    for topic in rules.flag_topics:
        pattern = TOPICS.get(topic) or re.compile(r"\b" + re.escape(topic) + r"\b", re.I)
        if pattern.search(question):
            message = texts.PQ_TOPIC.get(topic, texts.PQ_TOPIC["other"]).format(topic=topic)
            found.append(Finding(topic if topic in TOPICS else "topic", False, message,
                                 f"may be about {topic.replace('_', ' ')}"))
    for label, pattern in _PERSONAL_DATA:
        if pattern.search(question):
            found.append(Finding("personal_data", False, texts.PQ_PERSONAL_DATA.format(what=label),
                                 f"the question text contains what looks like a {label}"))
    return found


def check_limit(svc: Services, rules: QuestionRules, meeting_id: int, sender: str,
                email: str | None = None) -> Finding | None:
    """Refuse when this person already has as many questions for the meeting as the rules allow."""
    n = submissions.live_count(svc.db, meeting_id, sender, email)
    if n < rules.questions_per_person:
        return None
    return Finding("already_asked", True,
                   texts.PQ_ALREADY_ASKED.format(limit=rules.questions_per_person,
                                                 s="" if rules.questions_per_person == 1 else "s"),
                   "this person has already asked at this meeting")


def near_duplicates(svc: Services, question: str, rules: QuestionRules, limit: int = 3) -> list[Similar]:
    """Questions in the papers (residents' and councillors') or submitted here within the duplicate
    window that look alike."""
    since = svc.now - timedelta(days=round(rules.duplicate_window_months * 30.44))
    found: list[Similar] = []
    rows = svc.db.query("""
        SELECT q.text, q.kind, q.asker, m.title, m.start, d.ingested_at FROM questions q
        LEFT JOIN meetings m ON m.id = q.meeting_id JOIN documents d ON d.id = q.document_id""")
    for r in rows:
        when = _when(r["start"] or r["ingested_at"])
        if when is None or when < since:
            continue
        score = similarity(question, r["text"])
        if score >= DUPLICATE_SCORE:
            source = submissions.meeting_label(r["title"], r["start"], False) if r["start"] else texts.PQ_IN_PAPERS
            if r["kind"] == "member" and r["asker"]:   # a councillor's question counts too: staff decide
                source = texts.PQ_MEMBER_SOURCE.format(source=source, asker=r["asker"])
            found.append(Similar(r["text"], source, score))
    for r in svc.db.query("SELECT question, meeting_title, meeting_start, received_at FROM submissions "
                          "WHERE status != 'withdrawn' AND question != ?", [submissions.ERASED]):
        when = _when(r["received_at"])
        if when is None or when < since:
            continue
        score = similarity(question, r["question"])
        if score >= DUPLICATE_SCORE:
            found.append(Similar(r["question"], submissions.meeting_label(r["meeting_title"], r["meeting_start"], False),
                                 score))
    found.sort(key=lambda s: -s.score)
    return found[:limit]


def _when(value: str | None) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return dt if dt is None or dt.tzinfo else dt.astimezone()


def screen(svc: Services, rules: QuestionRules, meeting_id: int, question: str, sender: str,
           email: str | None = None) -> list[Finding]:
    """Every finding for a question, refusals first."""
    found = check_text(question, rules)
    limit = check_limit(svc, rules, meeting_id, sender, email)
    if limit:
        found.append(limit)
    for s in near_duplicates(svc, question, rules):
        found.append(Finding("duplicate", False, texts.PQ_DUPLICATE.format(source=s.source, text=_clip(s.text)),
                             f"looks like an earlier question ({s.source}): {_clip(s.text, 120)}"))
    return sorted(found, key=lambda f: not f.refuse)


def _clip(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
