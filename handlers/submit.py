"""The /submit conversation: put a public question to a meeting before its deadline.

Every step is saved in the conversations table, so a draft survives a restart and works the
same on every channel. Buttons carry `flow:submit:ACTION[:ARG]` (well under Telegram's 64 bytes).

```mermaid
stateDiagram-v2
    [*] --> meeting: /submit or "I want to ask a question at council"
    meeting --> [*]: none open (deadlines shown, contact given)
    meeting --> meeting: deadline passed / already asked (refused, next open meeting offered)
    meeting --> question: pick a meeting still open
    question --> question: over the word limit (refused)
    question --> name: text (warnings shown: near-duplicate, planning, licensing, personal case, personal data)
    name --> address: full name
    address --> email: address or postcode
    email --> phone: valid email (phone only when the rules ask)
    phone --> member
    email --> member
    member --> notice: member addressed (or skip)
    notice --> review: accept publication notice
    review --> question: edit question
    review --> name: edit name / address / email / phone / member / meeting
    review --> [*]: confirm (row + emails committed together, reference given)
    review --> [*]: cancel
    state "any step" as any
    any --> [*]: /cancel, or draft idle past draft_expiry_hours (discarded, told why)
    any --> meeting: deadline passed meanwhile (refused, draft kept for the next meeting)
```
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from handlers import dispatch, open_meetings, screening, state, submissions, texts
from handlers.deadlines import fmt_deadline, fmt_short
from handlers.messages import Button, Inbound, Outgoing, Reply, Services
from handlers.open_meetings import MeetingDeadline
from handlers.rules import QuestionRules

log = logging.getLogger(__name__)

NAME = "submit"
P = f"flow:{NAME}:"
MAX_MEETINGS = 6
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.I)
PHONE = re.compile(r"^\+?[\d\s()-]{10,20}$")
EDITABLE = {"q": "question", "name": "name", "addr": "address", "email": "email", "phone": "phone",
            "member": "member", "meeting": "meeting"}


def _sender(msg: Inbound) -> str:
    return f"{msg.channel}:{msg.user}"


def _steps(rules: QuestionRules) -> list[str]:
    """The data-gathering steps, in order, for this body's rules."""
    steps = ["question", "name"]
    steps += [s for s, d in (("address", "address_or_postcode"), ("email", "email"), ("phone", "phone"))
              if rules.asks_for(d)]
    return steps + ["member", "notice", "review"]


def _buttons(*rows: list[tuple[str, str]]) -> list[list[Button]]:
    return [[Button(label, P + data) for label, data in row] for row in rows if row]


class SubmitFlow:
    """The public-question conversation (registered with dispatch as "submit")."""

    name = NAME

    def begin(self, svc: Services, msg: Inbound, args: str) -> list[Reply]:
        """Show the meetings still open for questions, with their deadlines."""
        body = args.strip() or None
        meetings = open_meetings.upcoming(svc, body)
        if body and not meetings:   # an unknown body name: show every meeting instead
            meetings = open_meetings.upcoming(svc)
        return self._offer(svc, msg, state.Conversation(msg.key, NAME, "meeting", {}), meetings)

    def _offer(self, svc: Services, msg: Inbound, conv: state.Conversation,
               meetings: list[MeetingDeadline], lead: list[str] | None = None) -> list[Reply]:
        lines = list(lead or [])
        open_ = [m for m in meetings if m.is_open(svc.now)][:MAX_MEETINGS]
        first_open = {m.body: m.deadline.meeting_day for m in reversed(open_)}
        closed = [m for m in meetings if not m.is_open(svc.now)
                  and m.deadline.meeting_day < first_open.get(m.body, m.deadline.meeting_day.max)]
        for m in closed[:3]:
            lines.append(texts.PQ_CLOSED_LINE.format(meeting=m.label, deadline=fmt_deadline(m.deadline)))
        if not open_:
            state.clear(svc.db, msg.key)
            lines.append(texts.PQ_NONE_OPEN.format(contact=dispatch.contact(svc)))
            return [Reply("\n".join(lines))]
        conv.step, conv.data["offered"] = "meeting", [m.id for m in open_]
        state.save(svc.db, conv, svc.now)
        lines.append(texts.PQ_PICK_MEETING)
        for i, m in enumerate(open_, 1):
            lines.append(texts.PQ_MEETING_LINE.format(n=i, meeting=m.label, deadline=fmt_deadline(m.deadline)))
        rows = [[(texts.PQ_MEETING_BUTTON.format(body=m.title[:30], day=fmt_short(m.deadline.meeting_day),
                                                  deadline=fmt_short(m.deadline.last_day)), f"m:{m.id}")]
                for m in open_]
        return [Reply("\n".join(lines), buttons=_buttons(*rows, [(texts.PQ_CANCEL_BUTTON, "cancel")]))]

    def step(self, svc: Services, msg: Inbound, conv: state.Conversation) -> list[Reply]:
        """Handle one answer (text or button) at the conversation's current step."""
        if conv.step == "expired" or self._stale(svc, conv):
            state.clear(svc.db, msg.key)
            return [Reply(texts.PQ_DRAFT_EXPIRED.format(hours=svc.settings.draft_expiry_hours))]
        action, _, arg = (msg.choice or "").removeprefix(P).partition(":") if msg.choice else ("", "", "")
        text = (msg.text or "").strip()
        if action == "cancel":
            state.clear(svc.db, msg.key)
            return [Reply(texts.PQ_CANCELLED)]
        if action == "edit" and arg in EDITABLE and conv.step in ("review", "notice"):
            if EDITABLE[arg] == "meeting":
                return self._offer(svc, msg, conv, open_meetings.upcoming(svc))
            conv.step = EDITABLE[arg]
            return self._ask(svc, msg, conv)
        if conv.step == "meeting":
            return self._pick_meeting(svc, msg, conv, action, arg, text)
        meeting = open_meetings.get(svc, conv.data.get("meeting_id", -1))
        if meeting is None or not meeting.is_open(svc.now):
            return self._too_late(svc, msg, conv, meeting)
        handler = getattr(self, f"_on_{conv.step}", None)
        if handler is None:   # a step this version does not know: start the step over
            return self._ask(svc, msg, conv)
        return handler(svc, msg, conv, meeting, action, arg, text)

    def _stale(self, svc: Services, conv: state.Conversation) -> bool:
        try:
            updated = datetime.fromisoformat(conv.updated_at)
        except ValueError:
            return False
        return svc.now - updated > timedelta(hours=svc.settings.draft_expiry_hours)

    # -- meeting ---------------------------------------------------------------------------------
    def _pick_meeting(self, svc, msg, conv, action, arg, text) -> list[Reply]:
        offered = conv.data.get("offered", [])
        mid = None
        if action == "m" and arg.isdigit():
            mid = int(arg)
        elif text.isdigit() and 1 <= int(text) <= len(offered):
            mid = offered[int(text) - 1]
        if mid is None:
            return self._offer(svc, msg, conv, open_meetings.upcoming(svc), [texts.PQ_PICK_AGAIN])
        meeting = open_meetings.get(svc, mid)
        if meeting is None or not meeting.is_open(svc.now):
            return self._too_late(svc, msg, conv, meeting)
        limit = screening.check_limit(svc, meeting.rules, meeting.id, _sender(msg), conv.data.get("email"))
        if limit:
            others = [m for m in open_meetings.upcoming(svc) if m.id != meeting.id]
            return self._offer(svc, msg, conv, others, [limit.message])
        conv.data["meeting_id"] = meeting.id
        reply = [texts.PQ_MEETING_CHOSEN.format(meeting=meeting.label, deadline=fmt_deadline(meeting.deadline))]
        if conv.data.get("question"):    # the question was kept: screen it again for this meeting
            conv.data["warnings"] = [f.staff_note for f in self._findings(svc, msg, conv, meeting)]
        return self._advance(svc, msg, conv, meeting, reply)

    def _too_late(self, svc, msg, conv, meeting: MeetingDeadline | None) -> list[Reply]:
        """Refuse a meeting whose deadline has passed; offer the body's next open meeting."""
        conv.data.pop("meeting_id", None)
        if meeting is None:
            return self._offer(svc, msg, conv, open_meetings.upcoming(svc), [texts.PQ_MEETING_GONE])
        lead = [texts.PQ_TOO_LATE.format(meeting=meeting.label, deadline=fmt_deadline(meeting.deadline))]
        nxt = open_meetings.next_open(svc, meeting.body)
        if nxt:
            lead.append(texts.PQ_NEXT_OPEN.format(meeting=nxt.label, deadline=fmt_deadline(nxt.deadline)))
            others = [nxt] + [m for m in open_meetings.upcoming(svc) if m.id != nxt.id]
        else:
            lead.append(texts.PQ_NO_NEXT.format(body=meeting.body))
            others = open_meetings.upcoming(svc)
        if conv.data.get("question"):
            lead.append(texts.PQ_DRAFT_KEPT)
        return self._offer(svc, msg, conv, others, lead)

    # -- the details -----------------------------------------------------------------------------
    def _on_question(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if not text:
            return self._ask(svc, msg, conv)
        found = screening.check_text(text, meeting.rules)
        refusals = [f.message for f in found if f.refuse]
        if refusals:
            return [Reply("\n".join(refusals + [texts.PQ_ASK_QUESTION.format(limit=meeting.rules.word_limit)]),
                          buttons=_buttons([(texts.PQ_CANCEL_BUTTON, "cancel")]))]
        conv.data["question"] = text
        found = self._findings(svc, msg, conv, meeting)
        conv.data["warnings"] = [f.staff_note for f in found]
        notes = [f.message for f in found]
        if notes:
            notes.append(texts.PQ_WARNINGS_FOOT)
        return self._advance(svc, msg, conv, meeting, notes)

    def _findings(self, svc, msg, conv, meeting) -> list[screening.Finding]:
        found = screening.screen(svc, meeting.rules, meeting.id, conv.data["question"], _sender(msg),
                                 conv.data.get("email"))
        return [f for f in found if f.kind != "already_asked"]   # checked when the meeting was picked

    def _on_name(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        name = " ".join(text.split())
        if not (2 <= len(name) <= 100) or len(name.split()) < 2 or re.search(r"[\d@<>{}\[\]]", name):
            return self._ask(svc, msg, conv, texts.PQ_BAD_NAME)
        conv.data["name"] = name
        return self._advance(svc, msg, conv, meeting)

    def _on_address(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if action == "skip" and not meeting.rules.requires("address_or_postcode"):
            conv.data["address"] = None
            return self._advance(svc, msg, conv, meeting)
        address = " ".join(text.split())
        pc = POSTCODE.fullmatch(address)
        if pc:
            address = f"{pc.group(1)} {pc.group(2)}".upper()
        elif not (POSTCODE.search(address) or (len(address) >= 10 and len(address.split()) >= 3)) \
                or len(address) > 300:
            return self._ask(svc, msg, conv, texts.PQ_BAD_ADDRESS)
        conv.data["address"] = address
        return self._advance(svc, msg, conv, meeting)

    def _on_email(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if action == "skip" and not meeting.rules.requires("email"):
            conv.data["email"] = None
            return self._advance(svc, msg, conv, meeting)
        if action == "use" and msg.channel == "email":
            text = msg.user
        email = text.strip().strip("<>")
        if not EMAIL.match(email) or len(email) > 254:
            return self._ask(svc, msg, conv, texts.PQ_BAD_EMAIL)
        local, _, domain = email.rpartition("@")
        conv.data["email"] = f"{local}@{domain.lower()}"
        limit = screening.check_limit(svc, meeting.rules, meeting.id, _sender(msg), conv.data["email"])
        if limit:   # the same person asking from another chat
            state.clear(svc.db, msg.key)
            return [Reply(limit.message)]
        return self._advance(svc, msg, conv, meeting)

    def _on_phone(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if action == "skip" and not meeting.rules.requires("phone"):
            conv.data["phone"] = None
            return self._advance(svc, msg, conv, meeting)
        if not PHONE.match(text) or not 10 <= len(re.sub(r"\D", "", text)) <= 13:
            return self._ask(svc, msg, conv, texts.PQ_BAD_PHONE)
        conv.data["phone"] = " ".join(text.split())
        return self._advance(svc, msg, conv, meeting)

    def _on_member(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        members = meeting.rules.members
        if action == "skip" and not meeting.rules.member_must_be_named:
            conv.data["member"] = None
        elif action == "mem" and arg.isdigit() and int(arg) < len(members):
            conv.data["member"] = members[int(arg)]
        elif text and len(text) <= 120:
            conv.data["member"] = " ".join(text.split())
        else:
            return self._ask(svc, msg, conv)
        return self._advance(svc, msg, conv, meeting)

    def _on_notice(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if action == "agree" or text.lower() in ("yes", "y", "i agree", "agree"):
            conv.data["agreed"] = True
            return self._advance(svc, msg, conv, meeting)
        return self._ask(svc, msg, conv)

    # -- review and confirm ----------------------------------------------------------------------
    def _on_review(self, svc, msg, conv, meeting, action, arg, text) -> list[Reply]:
        if not (action == "ok" or text.lower() in ("confirm", "yes", "send")):
            return self._ask(svc, msg, conv)
        found = screening.screen(svc, meeting.rules, meeting.id, conv.data["question"], _sender(msg),
                                 conv.data.get("email"))
        refusals = [f for f in found if f.refuse]
        if refusals:
            if any(f.kind == "already_asked" for f in refusals):
                state.clear(svc.db, msg.key)
                return [Reply(refusals[0].message)]
            conv.step = "question"
            return [Reply(refusals[0].message)] + self._ask(svc, msg, conv)
        try:
            sub = self._commit(svc, msg, conv, meeting, [f.staff_note for f in found])
        except Exception:   # the edge: keep the draft, tell the resident plainly, log for staff
            log.exception("could not store submission for %s", msg.key)
            return [Reply(texts.PQ_NOT_STORED, buttons=_buttons([(texts.PQ_CONFIRM_BUTTON, "ok")]))]
        log.info("submission %s stored for meeting %s", sub.reference, meeting.id)
        return [Reply(texts.PQ_CONFIRMED.format(
            ref=sub.reference, meeting=meeting.label, contact=dispatch.contact(svc),
            emailed=texts.PQ_EMAIL_COPY.format(email=sub.email) if sub.email else ""))]

    def _commit(self, svc, msg, conv, meeting, notes) -> submissions.Submission:
        """Store the submission and queue its emails in one transaction, then end the draft."""
        d = conv.data
        with svc.db.atomic():
            sub = submissions.insert(
                svc.db, svc.now, meeting_id=meeting.id, meeting_key=meeting.key, body=meeting.body, meeting_title=meeting.title,
                meeting_start=meeting.start, deadline=meeting.deadline.at.isoformat(), question=d["question"],
                member=d.get("member"), name=d["name"], address=d.get("address"), email=d.get("email"),
                phone=d.get("phone"), channel=msg.channel, chat=msg.chat, sender=_sender(msg), warnings=notes)
            svc.send(submissions.staff_email(sub, svc.settings.questions.send_to))
            if sub.email:
                svc.send(Outgoing(
                    key=f"submission:{sub.reference}:resident", channel="email", to=sub.email,
                    subject=texts.PQ_RECEIPT_SUBJECT.format(ref=sub.reference),
                    text=texts.PQ_RECEIPT_EMAIL.format(name=sub.name, ref=sub.reference, meeting=meeting.label,
                                                       question=sub.question, contact=dispatch.contact(svc)),
                    headers={"X-Councilbot-Reference": sub.reference}))
            svc.db.execute("DELETE FROM conversations WHERE key = ?", [msg.key])
        return sub

    # -- moving between steps --------------------------------------------------------------------
    def _advance(self, svc, msg, conv, meeting, lead: list[str] | None = None) -> list[Reply]:
        """Go to the first step not yet answered (the review once all are, so edits return there)."""
        done = set(conv.data.get("done", [])) | {conv.step}
        conv.data["done"] = sorted(done - {"meeting", "review"})
        conv.step = next(s for s in _steps(meeting.rules) if s not in conv.data["done"])
        return self._ask(svc, msg, conv, "\n".join(lead or []) or None, meeting)

    def _ask(self, svc, msg, conv, lead: str | None = None, meeting: MeetingDeadline | None = None) -> list[Reply]:
        """Save the conversation and prompt for its current step."""
        meeting = meeting or open_meetings.get(svc, conv.data.get("meeting_id", -1))
        if meeting is None:
            return self._too_late(svc, msg, conv, None)
        state.save(svc.db, conv, svc.now)
        rules, step = meeting.rules, conv.step
        cancel = [(texts.PQ_CANCEL_BUTTON, "cancel")]
        buttons: list[list[Button]] = _buttons(cancel)
        if step == "question":
            prompt = texts.PQ_ASK_QUESTION.format(limit=rules.word_limit)
        elif step == "name":
            prompt = texts.PQ_ASK_NAME
        elif step == "address":
            prompt = texts.PQ_ASK_ADDRESS
            if not rules.requires("address_or_postcode"):
                buttons = _buttons([(texts.PQ_SKIP_BUTTON, "skip")], cancel)
        elif step == "email":
            prompt = texts.PQ_ASK_EMAIL if rules.requires("email") else texts.PQ_ASK_EMAIL_OPTIONAL
            row = [(texts.PQ_USE_EMAIL_BUTTON, "use")] if msg.channel == "email" else []
            if not rules.requires("email"):
                row.append((texts.PQ_SKIP_BUTTON, "skip"))
            buttons = _buttons(row, cancel)
        elif step == "phone":
            prompt = texts.PQ_ASK_PHONE if rules.requires("phone") else texts.PQ_ASK_PHONE_OPTIONAL
            if not rules.requires("phone"):
                buttons = _buttons([(texts.PQ_SKIP_BUTTON, "skip")], cancel)
        elif step == "member":
            prompt = texts.PQ_ASK_MEMBER if rules.member_must_be_named else texts.PQ_ASK_MEMBER_OPTIONAL
            rows = [[(m[:60], f"mem:{i}")] for i, m in enumerate(rules.members[:8])]
            skip = [] if rules.member_must_be_named else [(texts.PQ_SKIP_BUTTON, "skip")]
            buttons = _buttons(*rows, skip, cancel)
        elif step == "notice":
            prompt = texts.PQ_NOTICE.format(who=texts.PQ_WHO_MAY_ASK[rules.who_may_ask])
            buttons = _buttons([(texts.PQ_AGREE_BUTTON, "agree")], cancel)
        else:
            return [self._review(svc, conv, meeting)]
        return [Reply("\n\n".join(x for x in (lead, prompt) if x), buttons=buttons)]

    def _review(self, svc, conv, meeting) -> Reply:
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
        return Reply("\n".join(lines), buttons=_buttons([(texts.PQ_CONFIRM_BUTTON, "ok")], *edits,
                                                        [(texts.PQ_CANCEL_BUTTON, "cancel")]))


dispatch.register_flow(SubmitFlow())
