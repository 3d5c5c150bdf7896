"""Questions: public and members' questions on an agenda, and written question-and-answer pairs."""
from __future__ import annotations

import logging
import re

from knowledge.model import Question
from knowledge.paragraphs import Para

log = logging.getLogger(__name__)

# "(A) Question from Mr Jim Borcherds", "(2) Question from Councillor X to the Leader of the Council"
ASKED = re.compile(r"^\s*\((?P<label>[A-Z]|[ivx]+|\d{1,2})\)\s+Question\s+(?:from|by)\s+(?P<asker>.+?)"
                   r"(?:\s+to\s+(?:the\s+)?(?P<addressee>.+?))?\s*[:.]?\s*$", re.I)
# Kent's "Questions put and answers given": "Question 1" / "Question by Mr X to Mrs Y, Cabinet Member for Z"
QUESTION_N = re.compile(r"^\s*Question\s+(?:No\.?\s*)?(?P<number>\d{1,3})\b[.:]?\s*(?P<rest>.*)$", re.I | re.S)
WHO = re.compile(r"^\s*(?:Question\s+(?:from|by|asked\s+by)\s+)?(?P<asker>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Councillor|Cllr)\.?\s+[^,:“\"]+?)\s+"
                 r"(?:to|asked|of)\s+(?:the\s+)?(?P<addressee>[^:“\"]+?)\s*(?::|\.$|$|(?=[“\"]))\s*(?P<rest>.*)$", re.I | re.S)
ANSWER = re.compile(r"^\s*(?:Answer|Reply|Response)(?:\s+(?:from|by|given\s+by)\s+(?P<by>[^:]+?))?\s*[:.]?\s*(?P<rest>.*)$", re.I | re.S)
SUPPLEMENTARY = re.compile(r"^\s*Supplementary\s+question\b", re.I)
WRITTEN_ANSWER = re.compile(r"\bwritten\s+answers?\b.*", re.I)
HEADINGS = re.compile(r"^\s*(?:Questions\s+put\s+and\s+answers\s+given|Questions\s+and\s+answers)\b", re.I)


def kind_of_item(title: str) -> str | None:
    """'public' or 'member' for an agenda item of questions, else None."""
    low = title.lower()
    if "question" not in low:
        return None
    if "public" in low or "resident" in low:
        return "public"
    if "member" in low or "councillor" in low:
        return "member"
    return None


def from_agenda_item(kind: str, title: str, number: str, paras: list[Para], meeting: int | None) -> list[Question]:
    """The questions listed under an agenda item, each with the status the item gives them."""
    status = None
    out: list[Question] = []
    current: Question | None = None
    addressee = _addressee_from_title(title)
    for p in paras:
        m = ASKED.match(p.text)
        if m:
            current = Question(kind=kind, asker=m.group("asker").strip(), text="", addressee=m.group("addressee") or addressee,
                               number=m.group("label"), item_number=number, page=p.page or p.pdf_page, meeting=meeting)
            out.append(current)
        elif current is not None:
            current.text = (current.text + "\n\n" + p.text.strip()).strip()
        elif WRITTEN_ANSWER.search(p.text) and status is None:
            status = p.text.strip()
    for q in out:
        q.status = status
        q.text = _unquote(q.text)
    return out


def _addressee_from_title(title: str) -> str | None:
    """'QUESTIONS FROM MEMBERS TO COMMITTEE CHAIRS / PORTFOLIO HOLDERS' -> 'Committee Chairs / Portfolio Holders'."""
    m = re.search(r"\bto\s+(?:the\s+)?(.+)$", title, re.I)
    if not m:
        return None
    return " ".join(w.capitalize() if w.isupper() else w for w in m.group(1).split())


def _unquote(text: str) -> str:
    """A question's words without the quotation marks around the whole of it."""
    text = text.strip()
    if len(text) > 2 and text[0] in "\"“" and text[-1] in "\"”" and text.count('"') + text.count("“") <= 4:
        return text[1:-1].strip()
    return text


def answered_pairs(paras: list[Para], kind: str, meeting: int | None, item_number: str | None = None) -> list[Question]:
    """Written question-and-answer pairs ('Question 1', who asked whom, the question, 'Answer', the answer)."""
    out: list[Question] = []
    current: Question | None = None
    part = None  # "question" | "answer" | "supplementary"
    for p in paras:
        text = p.text.strip()
        qm = QUESTION_N.match(text)
        if qm and (not qm.group("rest") or WHO.match(qm.group("rest")) or len(qm.group("rest")) < 3):
            current = Question(kind=kind, asker="", text="", number=qm.group("number"), item_number=item_number,
                               page=p.page or p.pdf_page, meeting=meeting)
            out.append(current)
            part = "who"
            rest = qm.group("rest").strip()
            if rest and WHO.match(rest):
                _set_who(current, WHO.match(rest))
                current.text = WHO.match(rest).group("rest").strip()
                part = "question"
            continue
        if current is None:
            continue
        if part == "who" and WHO.match(text):
            _set_who(current, WHO.match(text))
            part = "question"
            text = WHO.match(text).group("rest").strip()
            if not text:
                continue
        am = ANSWER.match(text)
        if am and part in ("question", "who") and (len(text) < 60 or text.lower().startswith(("answer:", "reply:"))):
            part = "answer"
            if am.group("by"):
                current.answerer = am.group("by").strip()
            if am.group("rest").strip():
                current.answer = am.group("rest").strip()
            continue
        if SUPPLEMENTARY.match(text):
            part = "supplementary"
        if part in ("question", "who"):
            current.text = (current.text + "\n\n" + text).strip()
            part = "question"
        elif part in ("answer", "supplementary"):
            current.answer = ((current.answer or "") + "\n\n" + text).strip()
    for q in out:
        q.text = _unquote(q.text)
        q.answerer = q.answerer or q.addressee
        q.status = "answered in writing" if q.answer else None
    return [q for q in out if q.text]


def _set_who(q: Question, m: re.Match) -> None:
    q.asker = m.group("asker").strip()
    q.addressee = m.group("addressee").strip()


def has_answer_pairs(paras: list[Para]) -> bool:
    """Whether a document sets out written answers ('Questions put and answers given', Question N ... Answer)."""
    heads = sum(1 for p in paras if QUESTION_N.match(p.text) and len(p.text) < 200)
    answers = sum(1 for p in paras if ANSWER.match(p.text) and len(p.text) < 60)
    return any(HEADINGS.match(p.text) for p in paras[:40]) or (heads >= 1 and answers >= 1)
