"""Answering a resident's question: from the meetings calendar, else from the papers, else an honest decline.

```mermaid
flowchart TD
    Q[question] --> T{tidy: empty, too long, binary, other script?}
    T -- yes --> POLITE[clear reply]
    T --> M{about the meetings calendar?}
    M -- yes --> CAL[next/last meeting, agenda, decisions]
    CAL -- body not in the calendar, or a topic beside the body: papers first --> S
    M -- no --> S[search the papers]
    S --> A{best passage answers?}
    A -- yes --> QUOTE[one-line answer + trimmed quotes + citations, at most 3]
    A -- "no: the best match is a private item, a fact from its papers asked" --> PRIVATE[dealt with in private, contact]
    S -- "'when will X be debated / can I watch ...?'" --> AG{an agenda item, or the best passage's meeting, has X?}
    A -- "no: 'when will X be debated?'" --> AG
    AG -- yes --> ITEM[the next meeting with it on the agenda, else the last]
    AG -- no --> DECLINE
    A -- no --> DECLINE[say so, nearest source if close, democratic services, /submit]
```
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from handlers import inputs, meeting_asks, meetings, texts
from handlers.smalltalk import small_talk
from handlers.titles import tidy_title
from handlers.messages import Button, Reply, Services
from knowledge import facts, judge, search

log = logging.getLogger(__name__)
MAX_RESULTS = 5
MAX_QUOTED = 3
CLOSE_TO_BEST = 0.85      # a further source is quoted when it scores this close to the best
NEAREST = 0.6             # least coverage for a passage offered as "the closest I found"


@dataclass
class Source:
    """One quoted passage and where it comes from (the `results` of `ask --json`)."""

    text: str
    document: str
    meeting: str | None
    item: str | None
    item_title: str | None
    page: int | None
    score: float


@dataclass
class Answer:
    """The structured answer: what `ask --json` prints and what the conversation sends."""

    question: str
    answered: bool
    reply: str
    results: list[Source] = field(default_factory=list)

    def to_json(self) -> dict:
        """The `ask --json` object (contract in the evaluation README)."""
        return {"question": self.question, "answered": self.answered, "reply": self.reply,
                "results": [asdict(s) for s in self.results[:MAX_RESULTS]]}


def contact(svc: Services) -> str:
    """Democratic services' contact details as one phrase."""
    return texts.CONTACT.format(email=svc.settings.contact_email, phone=svc.settings.contact_phone)


def foreign_script(text: str) -> bool:
    """True when most letters are not Latin (the papers, and so the answers, are in English)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin < len(letters) / 2


def citation(hit: search.Hit) -> str:
    """'Council, 21 July 2021, item 9 Notice of Motions, page 3'."""
    parts = [hit.meeting or hit.document]
    if hit.meeting and hit.document and not hit.item:
        parts.append(hit.document)
    if hit.item:
        # An agenda item quoted by its title is not named twice.
        title = "" if hit.kind == "item" else tidy_title(hit.item_title or "")
        parts.append(texts.CITE_ITEM.format(number=hit.item.rstrip("."), title=title).strip())
    elif hit.section:
        parts.append(tidy_title(hit.section))
    if hit.page:
        parts.append(texts.CITE_PAGE.format(page=hit.page))
    return ", ".join(p for p in parts if p)


def _shown(hit: search.Hit) -> str:
    """What is quoted from a hit: its trimmed text, or a private item's title with a note."""
    return hit.text.strip() + (texts.ANS_PRIVATE_ITEM if hit.restricted else "")


def _source(hit: search.Hit) -> Source:
    return Source(_shown(hit), hit.document, hit.meeting, hit.item, hit.item_title, hit.page, hit.score)


def _quote(hit: search.Hit) -> str:
    return texts.ANS_QUOTE.format(text=_shown(hit), citation=citation(hit))


def answer(svc: Services, question: str) -> Answer:
    """The answer to one question, for any channel and for `ask --json`."""
    text, problem = inputs.tidy(question)
    if problem:
        return Answer(question, False, problem)
    if foreign_script(text):
        return Answer(question, False, texts.ANS_OTHER_SCRIPT.format(contact=contact(svc)))
    if short := small_talk(text):
        return Answer(question, False, short)
    ask = meetings.understand(svc, text)
    result = None
    if ask:
        answered, words = meetings.reply_to(svc, ask)
        if not ask.papers_first:
            return Answer(question, answered, words)
        # A body the calendar does not hold ("the citizens panel"), or a topic beside a body ("the report on
        # the bus study"): the papers first, the calendar's reply when they cannot answer.
        result = search.search(svc.db, text, limit=MAX_RESULTS)
        if found := _meeting_for(svc, text, result, ask):
            return Answer(question, *found)
        if not result.answerable:
            # A topic that is not about the sitting ("the next council elections"): the papers do not know it and
            # neither does the calendar, which says so, then gives what it does know, the meeting.
            if answered and ask.topic and not ask.sitting:
                return Answer(question, False, f"{texts.ANS_NOT_FOUND} {texts.ANS_MEETING_ONLY}\n\n{words}")
            return Answer(question, answered, words)
    result = result or search.search(svc.db, text, limit=MAX_RESULTS)
    if not result.concepts:
        return Answer(question, False, texts.ANS_NO_WORDS)
    if found := _meeting_for(svc, text, result, ask):
        return Answer(question, *found)
    if result.answerable:
        return Answer(question, True, _answered(result), [_source(h) for h in result.hits])
    if result.why == judge.PRIVATE:
        hit = result.hits[0]
        return Answer(question, False, texts.ANS_PRIVATE_SUBJECT.format(
            item=tidy_title(hit.item_title or hit.text), citation=citation(hit), contact=contact(svc)), [_source(hit)])
    near = [h for h in result.hits if h.coverage >= NEAREST]
    lines = [texts.ANS_NOT_FOUND]
    if near:
        lines += [texts.ANS_NEAREST, _quote(near[0])]
    lines.append(texts.ANS_ASK_STAFF.format(contact=contact(svc)))
    return Answer(question, False, "\n\n".join(lines), [_source(h) for h in near])


# "When can I watch the council debate the pet theft motion?": when it is debated is the meeting's date.
_DEBATED = re.compile(r"\b(?:debat\w*|discuss\w*|consider\w*|watch|attend|hear|go to)\b", re.I)
# ... but "by when does the report have to go to the Executive?" asks for a deadline the papers set.
_DEADLINE = re.compile(r"^\W*(?:by|until|till) when\b|\b(?:ha(?:ve|s|d)|needs?|must) to (?:go|come|be)\b|\bdeadline\b",
                       re.I)


def _meeting_for(svc: Services, text: str, result: search.Result, ask: meetings.Ask | None = None
                 ) -> tuple[bool, str] | None:
    """For "when will councillors debate the devolution white paper?": the meeting with the subject on its
    agenda. When the question is about a debate, that meeting is the answer even where the papers answer
    (their passage is the motion or report, its meeting the date); otherwise only where they cannot."""
    if facts.expects(text) != "date" and not meeting_asks.IF_DEBATED.search(text):
        return None
    if _DEBATED.search(text) and not _DEADLINE.search(text):
        # The papers' best passage names the meeting even when it holds no date (a motion's text); it must be
        # about the subject, though.
        about = [h for h in result.hits[:1] if result.answerable or h.coverage >= search.ANSWERABLE]
        return meetings.on_agenda(svc, text, about, ask)
    return None if result.answerable else meetings.on_agenda(svc, text, ask=ask)


def _answered(result: search.Result) -> str:
    lines = []
    if result.definition:
        acronym, expansions = result.definition
        lines.append(texts.ANS_DEFINITION.format(acronym=acronym, expansion=" or ".join(expansions)))
    else:
        lines.append(texts.ANS_FROM_PAPERS)
    if result.corrections:
        pairs = ", ".join(f"“{a}” as “{b}”" for a, b in result.corrections.items())
        lines.append(texts.ANS_READ_AS.format(pairs=pairs))
    best = result.hits[0]
    quoted = [best] + [h for h in result.hits[1:] if h.score >= CLOSE_TO_BEST * best.score
                       and h.coverage >= search.ANSWERABLE][:MAX_QUOTED - 1]
    return "\n\n".join([" ".join(lines)] + [_quote(h) for h in quoted])


def reply(svc: Services, question: str) -> list[Reply]:
    """The replies for one free-text question; a decline offers to put it to a meeting."""
    a = answer(svc, question)
    declined = not a.answered and a.reply.startswith(texts.ANS_NOT_FOUND)
    buttons = [[Button(texts.ANS_SUBMIT_BUTTON, "cmd:submit")]] if declined else []
    return [Reply(a.reply, buttons=buttons)]
