"""The /submit review card and the confirm: screen the question once more, then store it and queue its emails.

The submission row, the email to democratic services, the resident's receipt and the end of the
draft are written in one transaction, so a crash can neither lose a confirmed question nor send
one that was never stored. The conversation and its diagram are in handlers/submit.py.
"""
from __future__ import annotations

import logging

from handlers import dispatch, screening, state, submission_messages, submissions, texts
from handlers.deadlines import fmt_deadline
from handlers.messages import Reply
from handlers.submit_steps import buttons, sender

log = logging.getLogger(__name__)


def review_card(conv, meeting) -> Reply:
    """Everything the resident gave, with a button to edit each part, to confirm or to cancel."""
    d, rules = conv.data, meeting.rules
    lines = [texts.PQ_REVIEW_HEAD,
             texts.PQ_REVIEW_MEETING.format(meeting=meeting.label, deadline=fmt_deadline(meeting.deadline)),
             texts.PQ_REVIEW_QUESTION.format(question=d["question"], words=screening.word_count(d["question"]),
                                             limit=rules.word_limit),
             texts.PQ_REVIEW_NAME.format(name=d["name"])]
    edits = [[(texts.PQ_EDIT_BUTTON["q"], "edit:q"), (texts.PQ_EDIT_BUTTON["name"], "edit:name")]]
    row = []
    for key, field_, detail in (("addr", "address", "address_or_postcode"), ("email", "email", "email"),
                                ("phone", "phone", "phone")):
        if rules.asks_for(detail):
            lines.append(texts.PQ_REVIEW_FIELD[field_].format(value=d.get(field_) or texts.PQ_NOT_GIVEN))
            row.append((texts.PQ_EDIT_BUTTON[key], f"edit:{key}"))
    lines.append(texts.PQ_REVIEW_FIELD["member"].format(value=d.get("member") or texts.PQ_NOT_GIVEN))
    row.append((texts.PQ_EDIT_BUTTON["member"], "edit:member"))
    edits += [row[:2], row[2:], [(texts.PQ_EDIT_BUTTON["meeting"], "edit:meeting")]]
    if d.get("warnings"):
        lines.append(texts.PQ_REVIEW_WARNINGS.format(notes="\n".join(f"• {w}" for w in d["warnings"])))
    lines.append(texts.PQ_REVIEW_FOOT)
    return Reply("\n".join(lines), buttons=buttons([(texts.PQ_CONFIRM_BUTTON, "ok")], *edits,
                                                   [(texts.PQ_CANCEL_BUTTON, "cancel")]))


def on_review(flow, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
    """Confirm: refused if screening now refuses; else stored, and the reference given."""
    if not (action == "ok" or text.lower() in ("confirm", "yes", "send")):
        return flow.ask(svc, msg, conv)
    found = screening.screen(svc, meeting.rules, meeting.id, conv.data["question"], sender(msg),
                             conv.data.get("email"))
    refusals = [f for f in found if f.refuse]
    if refusals:
        if any(f.kind == "already_asked" for f in refusals):
            state.clear(svc.db, msg.key)
            return [Reply(refusals[0].message)]
        conv.step = "question"
        return [Reply(refusals[0].message)] + flow.ask(svc, msg, conv)
    try:
        sub = commit(svc, msg, conv, meeting, [f.staff_note for f in found])
    except Exception:   # the edge: keep the draft, tell the resident plainly, log for staff
        log.exception("could not store submission for %s", msg.key)
        return [Reply(texts.PQ_NOT_STORED, buttons=buttons([(texts.PQ_CONFIRM_BUTTON, "ok")]))]
    log.info("submission %s stored for meeting %s", sub.reference, meeting.id)
    return [Reply(texts.PQ_CONFIRMED.format(
        ref=sub.reference, meeting=meeting.label, contact=dispatch.contact(svc),
        emailed=texts.PQ_EMAIL_COPY.format(email=sub.email) if sub.email else ""))]


def commit(svc, msg, conv, meeting, notes: list[str]) -> submissions.Submission:
    """Store the submission and queue its emails in one transaction, then end the draft."""
    d = conv.data
    with svc.db.atomic():
        sub = submissions.insert(
            svc.db, svc.now, meeting_id=meeting.id, meeting_key=meeting.key, body=meeting.body, meeting_title=meeting.title,
            meeting_start=meeting.start, deadline=meeting.deadline.at.isoformat(), question=d["question"],
            member=d.get("member"), name=d["name"], address=d.get("address"), email=d.get("email"),
            phone=d.get("phone"), channel=msg.channel, chat=msg.chat, sender=sender(msg), warnings=notes)
        svc.send(submission_messages.staff_email(sub, svc.settings.questions.send_to))
        if sub.email:
            svc.send(submission_messages.receipt_email(sub, meeting.label, dispatch.contact(svc)))
        svc.db.execute("DELETE FROM conversations WHERE key = ?", [msg.key])
    return sub
