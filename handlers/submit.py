"""The /submit conversation: put a public question to a meeting before its deadline.

Every step is saved in the conversations table, so a draft survives a restart and works the
same on every channel. Buttons carry `flow:submit:ACTION[:ARG]` (well under Telegram's 64 bytes).
This module moves between the steps and picks the meeting; what each detail step accepts is in
handlers/submit_steps.py, the review card and the confirm in handlers/submit_review.py.

```mermaid
stateDiagram-v2
    [*] --> meeting: /submit or "I want to ask a question at council"
    meeting --> [*]: none open (deadlines shown, contact given)
    meeting --> meeting: deadline passed / already asked (refused, next open meeting offered)
    meeting --> question: pick a meeting still open (button, its number, or its body's name typed)
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
    review --> name: edit name / address / email / phone / member (back to review after)
    review --> meeting: change meeting (closed meetings not listed again in this draft)
    review --> [*]: confirm (row + emails committed together, reference given)
    review --> [*]: cancel
    state "any step" as any
    any --> [*]: /cancel or another command, or draft idle past draft_expiry_hours (discarded, told why)
    any --> meeting: deadline passed meanwhile (refused, draft kept for the next meeting)
```
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from handlers import dispatch, open_meetings, screening, state, submissions, submit_review, submit_steps, texts
from handlers.deadlines import fmt_deadline, fmt_short
from handlers.messages import Button, Inbound, Reply, Services
from handlers.open_meetings import MeetingDeadline
from handlers.rules import QuestionRules
from handlers.submit_steps import NAME, P, buttons, sender

log = logging.getLogger(__name__)

MAX_MEETINGS = 6
EDITABLE = {"q": "question", "name": "name", "addr": "address", "email": "email", "phone": "phone",
            "member": "member", "meeting": "meeting"}
# What the resident's answer at each step means; "meeting" is handled here, the rest next door.
STEPS = {**submit_steps.STEPS, "review": submit_review.on_review}


def _steps(rules: QuestionRules) -> list[str]:
    """The data-gathering steps, in order, for this body's rules."""
    steps = ["question", "name"]
    steps += [s for s, d in (("address", "address_or_postcode"), ("email", "email"), ("phone", "phone"))
              if rules.asks_for(d)]
    return steps + ["member", "notice", "review"]


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
        if not conv.data.get("closed_shown"):   # once a draft: not again after "Change meeting"
            for m in closed[:3]:
                lines.append(texts.PQ_CLOSED_LINE.format(meeting=m.label, deadline=fmt_deadline(m.deadline)))
            conv.data["closed_shown"] = True
        if not open_:
            state.clear(svc.db, msg.key)
            lines.append(texts.PQ_NONE_OPEN.format(contact=dispatch.contact(svc)))
            return [Reply("\n".join(lines))]
        conv.step, conv.data["offered"] = "meeting", [m.id for m in open_]
        state.save(svc.db, conv, svc.now)
        lines.append(texts.PQ_PICK_MEETING)
        for i, m in enumerate(open_, 1):
            lines.append(texts.PQ_MEETING_LINE.format(n=i, meeting=m.label, deadline=fmt_deadline(m.deadline)))
        year = svc.now.year   # a date in another year says so ('Thu 9 Jan 2025')
        rows = [[(texts.PQ_MEETING_BUTTON.format(body=submissions.short_title(m.title)[:30],
                                                  day=fmt_short(m.deadline.meeting_day, year),
                                                  deadline=fmt_short(m.deadline.last_day, year)), f"m:{m.id}")]
                for m in open_]
        return [Reply("\n".join(lines), buttons=buttons(*rows, [(texts.PQ_CANCEL_BUTTON, "cancel")]))]

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
            return self.ask(svc, msg, conv)
        if conv.step == "meeting":
            return self._pick_meeting(svc, msg, conv, action, arg, text)
        meeting = open_meetings.get(svc, conv.data.get("meeting_id", -1))
        if meeting is None or not meeting.is_open(svc.now):
            return self._too_late(svc, msg, conv, meeting)
        handler = STEPS.get(conv.step)
        if handler is None:   # a step this version does not know: start the step over
            return self.ask(svc, msg, conv)
        return handler(self, svc, msg, conv, meeting, action, arg, text)

    def _stale(self, svc: Services, conv: state.Conversation) -> bool:
        try:
            updated = datetime.fromisoformat(conv.updated_at)
        except ValueError:
            return False
        return svc.now - updated > timedelta(hours=svc.settings.draft_expiry_hours)

    # -- meeting ---------------------------------------------------------------------------------
    @staticmethod
    def _named_meeting(svc: Services, offered: list[int], text: str) -> int | None:
        """The soonest offered meeting whose body the resident typed ('executive', 'the Council'),
        so typing a name works as well as pressing its button; None when no name matches."""
        said = " ".join(text.lower().replace("the ", " ").split()).strip(" .!")
        for mid in offered:
            m = open_meetings.get(svc, mid)
            if m and said in (m.body.lower(), submissions.short_title(m.title).lower()):
                return mid
        return None

    def _pick_meeting(self, svc, msg, conv, action, arg, text) -> list[Reply]:
        offered = conv.data.get("offered", [])
        mid = None
        if action == "m" and arg.isdigit():
            mid = int(arg)
        elif text.isdigit() and 1 <= int(text) <= len(offered):
            mid = offered[int(text) - 1]
        elif text:
            mid = self._named_meeting(svc, offered, text)
        if mid is None:
            return self._offer(svc, msg, conv, open_meetings.upcoming(svc), [texts.PQ_PICK_AGAIN])
        meeting = open_meetings.get(svc, mid)
        if meeting is None or not meeting.is_open(svc.now):
            return self._too_late(svc, msg, conv, meeting)
        limit = screening.check_limit(svc, meeting.rules, meeting.id, sender(msg), conv.data.get("email"))
        if limit:
            others = [m for m in open_meetings.upcoming(svc) if m.id != meeting.id]
            return self._offer(svc, msg, conv, others, [limit.message])
        conv.data["meeting_id"] = meeting.id
        reply = [texts.PQ_MEETING_CHOSEN.format(meeting=meeting.label, deadline=fmt_deadline(meeting.deadline))]
        if conv.data.get("question"):    # the question was kept: screen it again for this meeting
            conv.data["warnings"] = [f.staff_note for f in submit_steps.findings(svc, msg, conv, meeting)]
        return self.advance(svc, msg, conv, meeting, reply)

    def _too_late(self, svc, msg, conv, meeting: MeetingDeadline | None) -> list[Reply]:
        """Refuse a meeting whose deadline has passed; offer the body's next open meeting."""
        conv.data.pop("meeting_id", None)
        conv.data["closed_shown"] = True    # the lead says which meeting is too late; no list of others
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

    # -- moving between steps --------------------------------------------------------------------
    def advance(self, svc, msg, conv, meeting, lead: list[str] | None = None) -> list[Reply]:
        """Go to the first step not yet answered (the review once all are, so edits return there)."""
        done = set(conv.data.get("done", [])) | {conv.step}
        conv.data["done"] = sorted(done - {"meeting", "review"})
        conv.step = next(s for s in _steps(meeting.rules) if s not in conv.data["done"])
        return self.ask(svc, msg, conv, "\n".join(lead or []) or None, meeting)

    def ask(self, svc, msg, conv, lead: str | None = None, meeting: MeetingDeadline | None = None) -> list[Reply]:
        """Save the conversation and prompt for its current step."""
        meeting = meeting or open_meetings.get(svc, conv.data.get("meeting_id", -1))
        if meeting is None:
            return self._too_late(svc, msg, conv, None)
        state.save(svc.db, conv, svc.now)
        rules, step = meeting.rules, conv.step
        cancel = [(texts.PQ_CANCEL_BUTTON, "cancel")]
        keys: list[list[Button]] = buttons(cancel)
        if step == "question":
            prompt = texts.PQ_ASK_QUESTION.format(limit=rules.word_limit)
        elif step == "name":
            prompt = texts.PQ_ASK_NAME
        elif step == "address":
            prompt = texts.PQ_ASK_ADDRESS
            if not rules.requires("address_or_postcode"):
                keys = buttons([(texts.PQ_SKIP_BUTTON, "skip")], cancel)
        elif step == "email":
            prompt = texts.PQ_ASK_EMAIL if rules.requires("email") else texts.PQ_ASK_EMAIL_OPTIONAL
            row = [(texts.PQ_USE_EMAIL_BUTTON, "use")] if msg.channel == "email" else []
            if not rules.requires("email"):
                row.append((texts.PQ_SKIP_BUTTON, "skip"))
            keys = buttons(row, cancel)
        elif step == "phone":
            prompt = texts.PQ_ASK_PHONE if rules.requires("phone") else texts.PQ_ASK_PHONE_OPTIONAL
            if not rules.requires("phone"):
                keys = buttons([(texts.PQ_SKIP_BUTTON, "skip")], cancel)
        elif step == "member":
            prompt = texts.PQ_ASK_MEMBER if rules.member_must_be_named else texts.PQ_ASK_MEMBER_OPTIONAL
            rows = [[(m[:60], f"mem:{i}")] for i, m in enumerate(rules.members[:8])]
            skip = [] if rules.member_must_be_named else [(texts.PQ_SKIP_BUTTON, "skip")]
            keys = buttons(*rows, skip, cancel)
        elif step == "notice":
            prompt = texts.PQ_NOTICE.format(who=texts.PQ_WHO_MAY_ASK[rules.who_may_ask])
            keys = buttons([(texts.PQ_AGREE_BUTTON, "agree")], cancel)
        else:
            return [submit_review.review_card(conv, meeting)]
        return [Reply("\n\n".join(x for x in (lead, prompt) if x), buttons=keys)]


dispatch.register_flow(SubmitFlow())
