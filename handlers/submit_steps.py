"""The /submit conversation's detail steps: check what the resident typed or pressed, keep it, move on.

Each `on_STEP(flow, svc, msg, conv, meeting, action, arg, text)` stores a good answer in the draft
and calls `flow.advance`, or asks again with the reason (`flow.ask`). The conversation itself (which
step comes next, the prompts, the meeting) and its diagram are in handlers/submit.py; the review
and the confirm are in handlers/submit_review.py.
"""
from __future__ import annotations

import re

from handlers import screening, state, texts
from handlers.messages import Button, Inbound, Reply, Services

NAME = "submit"
P = f"flow:{NAME}:"
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.I)
PHONE = re.compile(r"^\+?[\d\s()-]{10,20}$")


def sender(msg: Inbound) -> str:
    """Who is asking, as stored on the submission: 'channel:user'."""
    return f"{msg.channel}:{msg.user}"


def buttons(*rows: list[tuple[str, str]]) -> list[list[Button]]:
    """Rows of (label, action) as buttons carrying `flow:submit:action`; empty rows are left out."""
    return [[Button(label, P + data) for label, data in row] for row in rows if row]


def findings(svc: Services, msg: Inbound, conv: state.Conversation, meeting) -> list[screening.Finding]:
    """Screen the draft's question for this meeting (the one-per-meeting limit was checked on picking it)."""
    found = screening.screen(svc, meeting.rules, meeting.id, conv.data["question"], sender(msg),
                             conv.data.get("email"))
    return [f for f in found if f.kind != "already_asked"]


def on_question(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """The question: refused (and asked again) when over the word limit; warnings shown, then on."""
    if not text:
        return flow.ask(svc, msg, conv)
    found = screening.check_text(text, meeting.rules)
    refusals = [f.message for f in found if f.refuse]
    if refusals:
        return [Reply("\n".join(refusals + [texts.PQ_ASK_QUESTION.format(limit=meeting.rules.word_limit)]),
                      buttons=buttons([(texts.PQ_CANCEL_BUTTON, "cancel")]))]
    conv.data["question"] = text
    found = findings(svc, msg, conv, meeting)
    conv.data["warnings"] = [f.staff_note for f in found]
    notes = [f.message for f in found]
    if notes:
        notes.append(texts.PQ_WARNINGS_FOOT)
    return flow.advance(svc, msg, conv, meeting, notes)


def on_name(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """A full name: at least two words, no digits or markup."""
    name = " ".join(text.split())
    if not (2 <= len(name) <= 100) or len(name.split()) < 2 or re.search(r"[\d@<>{}\[\]]", name):
        return flow.ask(svc, msg, conv, texts.PQ_BAD_NAME)
    conv.data["name"] = name
    return flow.advance(svc, msg, conv, meeting)


def on_address(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """A postcode (tidied to 'SG1 1HN') or an address of a few words; skippable when the rules allow."""
    if action == "skip" and not meeting.rules.requires("address_or_postcode"):
        conv.data["address"] = None
        return flow.advance(svc, msg, conv, meeting)
    address = " ".join(text.split())
    pc = POSTCODE.fullmatch(address)
    if pc:
        address = f"{pc.group(1)} {pc.group(2)}".upper()
    elif not (POSTCODE.search(address) or (len(address) >= 10 and len(address.split()) >= 3)) \
            or len(address) > 300:
        return flow.ask(svc, msg, conv, texts.PQ_BAD_ADDRESS)
    conv.data["address"] = address
    return flow.advance(svc, msg, conv, meeting)


def on_email(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """An email address (or the one an email resident wrote from); the same person's limit checked again."""
    if action == "skip" and not meeting.rules.requires("email"):
        conv.data["email"] = None
        return flow.advance(svc, msg, conv, meeting)
    if action == "use" and msg.channel == "email":
        text = msg.user
    email = text.strip().strip("<>")
    if not EMAIL.match(email) or len(email) > 254:
        return flow.ask(svc, msg, conv, texts.PQ_BAD_EMAIL)
    local, _, domain = email.rpartition("@")
    conv.data["email"] = f"{local}@{domain.lower()}"
    limit = screening.check_limit(svc, meeting.rules, meeting.id, sender(msg), conv.data["email"])
    if limit:   # the same person asking from another chat
        state.clear(svc.db, msg.key)
        return [Reply(limit.message)]
    return flow.advance(svc, msg, conv, meeting)


def on_phone(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """A UK-length phone number; skippable when the rules allow."""
    if action == "skip" and not meeting.rules.requires("phone"):
        conv.data["phone"] = None
        return flow.advance(svc, msg, conv, meeting)
    if not PHONE.match(text) or not 10 <= len(re.sub(r"\D", "", text)) <= 13:
        return flow.ask(svc, msg, conv, texts.PQ_BAD_PHONE)
    conv.data["phone"] = " ".join(text.split())
    return flow.advance(svc, msg, conv, meeting)


def on_member(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """The councillor the question is addressed to: a button, typed, or skipped when not required."""
    members = meeting.rules.members
    if action == "skip" and not meeting.rules.member_must_be_named:
        conv.data["member"] = None
    elif action == "mem" and arg.isdigit() and int(arg) < len(members):
        conv.data["member"] = members[int(arg)]
    elif text and len(text) <= 120:
        conv.data["member"] = " ".join(text.split())
    else:
        return flow.ask(svc, msg, conv)
    return flow.advance(svc, msg, conv, meeting)


def on_notice(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """The publication notice: only agreeing moves on."""
    if action == "agree" or text.lower() in ("yes", "y", "i agree", "agree"):
        conv.data["agreed"] = True
        return flow.advance(svc, msg, conv, meeting)
    return flow.ask(svc, msg, conv)


STEPS = {"question": on_question, "name": on_name, "address": on_address, "email": on_email,
         "phone": on_phone, "member": on_member, "notice": on_notice}
