"""The front door of every conversation: routes a message to a command, a flow step or an answer.

```mermaid
flowchart TD
    IN[Inbound message] --> T{tidy input}
    T -- empty/binary/too long --> POLITE[polite reply]
    T --> C{/command?}
    C -- /cancel --> CANCEL[leave any flow, saying a public-question draft is deleted]
    C -- known --> LEAVE[leave any flow, saying so if a public-question draft is dropped] --> CMD[command handler]
    C -- unknown --> UNK[unknown command reply]
    T --> B{button choice?}
    B -- flow:NAME:... --> FLOWSTEP
    B -- other prefix --> ROUTE[choice handler by prefix]
    T --> F{inside a flow?}
    F -- yes --> FLOWSTEP[flow step]
    F -- no --> G{greeting, thanks or a bare number?}
    G -- yes --> SHORT[short friendly reply pointing to /help]
    G -- no --> I{intent: submit a question?}
    I -- yes --> SUBMIT[submit flow]
    I -- no --> U{sounds urgent?}
    U -- yes --> HELP[999 and helplines first] --> ANSWER
    U -- no --> ANSWER[answer from papers/meetings]
```
"""
from __future__ import annotations

import logging
import re
from typing import Callable, Protocol

from handlers import answer, inputs, meetings, privacy, state, texts
from handlers.smalltalk import small_talk
from handlers.messages import Button, Inbound, Reply, Services

log = logging.getLogger(__name__)


class Flow(Protocol):
    """A multi-step conversation whose state lives in the conversations table."""

    name: str

    def begin(self, svc: Services, msg: Inbound, args: str) -> list[Reply]:
        """Start the conversation (its command was sent, with `args` after it); save state to go on."""
        ...

    def step(self, svc: Services, msg: Inbound, conv: state.Conversation) -> list[Reply]:
        """Handle the resident's next message or button press at the saved step `conv`."""
        ...


FLOWS: dict[str, Flow] = {f.name: f for f in (privacy.ForgetFlow(),)}


def register_flow(flow: Flow) -> None:
    """Add a flow (done at import by the modules that define one)."""
    FLOWS[flow.name] = flow


def contact(svc: Services) -> str:
    """Democratic services' contact details as one phrase."""
    s = svc.settings
    return texts.CONTACT.format(email=s.contact_email, phone=s.contact_phone)


def _start(svc: Services, msg: Inbound, args: str) -> list[Reply]:
    if args.strip().lower() in COMMANDS and args.strip().lower() != "start":
        return COMMANDS[args.strip().lower()](svc, msg, "")
    buttons = [[Button("Upcoming meetings", "cmd:meetings"), Button("Ask a question", "cmd:ask")],
               [Button("Submit a public question", "cmd:submit")]]
    return [Reply(texts.WELCOME.format(council=svc.settings.council_name), buttons=buttons)]


def _help(svc: Services, msg: Inbound, args: str) -> list[Reply]:
    return [Reply("\n".join(line for line in texts.HELP.format(contact=contact(svc)).splitlines()
                             if available(line.partition(" ")[0].lstrip("/"))))]


def available(command: str) -> bool:
    """False for a command whose conversation is not built yet, so /help does not offer a dead end."""
    return command not in FLOW_COMMANDS or command in FLOWS


def _ask(svc: Services, msg: Inbound, args: str) -> list[Reply]:
    if not args.strip():
        return [Reply(texts.ASK_PROMPT)]
    return answer.reply(svc, args.strip())


def _cancel(svc: Services, msg: Inbound, args: str) -> list[Reply]:
    conv = state.load(svc.db, msg.key)
    if not state.clear(svc.db, msg.key):
        return [Reply(texts.NOTHING_TO_CANCEL)]
    # A resident who stops a public question needs to hear that nothing went to the council.
    return [Reply(texts.PQ_CANCELLED if conv and conv.flow == "submit" else texts.CANCELLED)]


def _coming_soon(svc: Services, msg: Inbound, args: str) -> list[Reply]:
    return [Reply(texts.COMING_SOON.format(contact=contact(svc)))]


def _flow_command(name: str) -> Callable[[Services, Inbound, str], list[Reply]]:
    def begin(svc: Services, msg: Inbound, args: str) -> list[Reply]:
        flow = FLOWS.get(name)
        return flow.begin(svc, msg, args) if flow else _coming_soon(svc, msg, args)
    return begin


COMMANDS: dict[str, Callable[[Services, Inbound, str], list[Reply]]] = {
    "start": _start,
    "help": _help,
    "meetings": lambda svc, msg, args: meetings.upcoming(svc, args),
    "ask": _ask,
    "submit": _flow_command("submit"),
    "subscribe": _flow_command("subscribe"),
    "mysubscriptions": _flow_command("mysubscriptions"),
    "privacy": privacy.show,
    "forget": _flow_command("forget"),
    "cancel": _cancel,
}

FLOW_COMMANDS = ("submit", "subscribe", "mysubscriptions", "forget")
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@\w+)?(?:\s+(.*))?$", re.S)
# Free text that means "I want to put a question to a meeting" starts the submit flow.
_SUBMIT_INTENT = re.compile(
    r"\b(submit|put|ask|raise|send)\b.{0,40}\b(public )?question\b.{0,40}\b(council|meeting|cabinet|committee)\b"
    r"|\bpublic question\b", re.I | re.S)
# A resident describing danger to themselves or someone else now. Deliberately broad: a needless
# 999 reminder costs a line; a missing one could cost far more.
_URGENT = re.compile(
    r"\b(right now|happening (to me )?now|in danger|emergency|being (abused|attacked|hurt|threatened)"
    r"|(hitting|hurting|threatening|attacking|beating|abusing|stalking) me|kill (myself|me)"
    r"|suicid\w*|end my life|hurt myself|self[- ]harm)\b", re.I)


def handle(svc: Services, msg: Inbound) -> list[Reply]:
    """Everything the bot says back to one inbound message."""
    if msg.choice:
        return _choice(svc, msg)
    text, problem = inputs.tidy(msg.text)
    if problem:
        return [Reply(problem)]
    m = _COMMAND.match(text)
    if m:
        name, args = m.group(1).lower(), (m.group(2) or "")
        if name not in COMMANDS:
            return [Reply(texts.UNKNOWN_COMMAND.format(command="/" + name))]
        if name == "cancel":
            return _cancel(svc, msg, args)
        conv = state.load(svc.db, msg.key)
        state.clear(svc.db, msg.key)   # a new command leaves the old flow
        left = [Reply(texts.PQ_DRAFT_LEFT)] if conv and conv.flow == "submit" else []
        return left + COMMANDS[name](svc, msg, args)
    conv = state.load(svc.db, msg.key)
    if conv and conv.flow in FLOWS:
        return FLOWS[conv.flow].step(svc, _with_text(msg, text), conv)
    short = small_talk(text)
    if short:
        return [Reply(short)]
    if _SUBMIT_INTENT.search(text) and "submit" in FLOWS:
        return FLOWS["submit"].begin(svc, msg, "")
    # Someone in danger must not have to read past council papers to find 999.
    urgent = [Reply(texts.URGENT_HELP)] if _URGENT.search(text) else []
    return urgent + answer.reply(svc, text)


def _choice(svc: Services, msg: Inbound) -> list[Reply]:
    prefix, _, rest = (msg.choice or "").partition(":")
    if prefix == "cmd" and rest in COMMANDS:
        return COMMANDS[rest](svc, msg, "")
    if prefix == "flow":
        name = rest.partition(":")[0]
        conv = state.load(svc.db, msg.key)
        if conv and conv.flow == name and name in FLOWS:
            return FLOWS[name].step(svc, msg, conv)
    if prefix == "meeting":
        return meetings.choice(svc, rest)
    return [Reply(texts.UNKNOWN_CHOICE)]


def _with_text(msg: Inbound, text: str) -> Inbound:
    return Inbound(msg.channel, msg.chat, msg.user, text, msg.choice, msg.name)
