"""What democratic services and the resident are sent about a submission: the staff email, its JSON record, notes.

The staff email has a fixed layout staff read and reply to (the reply reaches the resident);
the JSON attachment is the same record for scripts. Nothing here writes to the database.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from handlers import texts
from handlers.messages import Outgoing

if TYPE_CHECKING:
    from handlers.submissions import Submission


def as_json(sub: Submission) -> dict:
    """The machine-readable record democratic services get as an attachment."""
    return {
        "reference": sub.reference, "status": sub.status, "received_at": sub.received_at,
        "meeting": {"id": sub.meeting_id, "body": sub.body, "title": sub.meeting_title,
                    "start": sub.meeting_start},
        "deadline": sub.deadline, "channel": sub.channel,
        "asker": {"name": sub.name, "address": sub.address, "email": sub.email, "phone": sub.phone},
        "addressed_to": sub.member, "question": sub.question,
        "word_count": len(sub.question.split()), "screening": sub.warnings,
        "publication_accepted": True,
    }


def staff_email(sub: Submission, to: str) -> Outgoing:
    """The email to democratic services: a fixed readable layout plus a JSON attachment."""
    lines = [
        f"Public question {sub.reference}",
        "",
        f"Meeting:     {sub.meeting_label}",
        f"Deadline:    {sub.deadline}",
        f"Received:    {sub.received_at} (via {sub.channel})",
        "",
        f"Name:        {sub.name}",
        f"Address:     {sub.address or '-'}",
        f"Email:       {sub.email or '-'}",
        f"Phone:       {sub.phone or '-'}",
        f"Question to: {sub.member or '-'}",
        "",
        f"Question ({len(sub.question.split())} words):",
        sub.question,
        "",
        "Screening (advisory, for staff to decide):",
        *([f"- {w}" for w in sub.warnings] or ["- nothing flagged"]),
        "",
        "The resident accepted that their name and question will be published (never the address).",
        f"Reply to this email to reach the resident. Set the status with: "
        f"councilbot questions set-status {sub.reference} accepted|rejected|withdrawn --reason TEXT",
    ]
    return Outgoing(
        key=f"submission:{sub.reference}:dems", channel="email", to=to,
        subject=f"Public question {sub.reference} – {sub.meeting_label}",
        text="\n".join(lines), reply_to=sub.email,
        headers={"X-Councilbot-Reference": sub.reference},
        attachments=[(f"{sub.reference}.json", "application/json",
                      json.dumps(as_json(sub), indent=2, ensure_ascii=False).encode("utf-8"))])


def tell_resident(sub: Submission, key: str, subject: str, text: str) -> list[Outgoing]:
    """Messages to the resident on the channel they used, and by email when they gave one."""
    out = []
    if sub.chat and sub.channel != "email":
        out.append(Outgoing(key=f"{key}:chat", channel=sub.channel, to=sub.chat, text=text))
    if sub.email:
        out.append(Outgoing(key=f"{key}:email", channel="email", to=sub.email, subject=subject, text=text))
    return out


def receipt_email(sub: Submission, meeting_label: str, contact: str) -> Outgoing:
    """The resident's copy of what they submitted, with the reference."""
    return Outgoing(
        key=f"submission:{sub.reference}:resident", channel="email", to=sub.email,
        subject=texts.PQ_RECEIPT_SUBJECT.format(ref=sub.reference),
        text=texts.PQ_RECEIPT_EMAIL.format(name=sub.name, ref=sub.reference, meeting=meeting_label,
                                           question=sub.question, contact=contact),
        headers={"X-Councilbot-Reference": sub.reference})
