"""A small fake Telegram Bot API server (aiohttp, 127.0.0.1) that python-telegram-bot 22 talks to.

Tests push updates as if residents wrote them and await what the bot sends back; every API call
is recorded. Switches make it answer 429 (flood control) or 403 (bot blocked by the user).
Forum groups: `message(..., thread_id=33)` writes in topic 33 of a forum supergroup; a send naming a
message_thread_id that is not a topic of that chat gets Telegram's 400 "message thread not found".

To try the bot by hand without a token, `python -m tests.try_telegram` runs the real bot against
this server and lets you type as a resident.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

TOKEN = "123456:FAKE-token-for-tests"
# How long a test waits for the bot's calls before failing: generous, since a passing test returns
# as soon as they arrive and only a broken one waits it out (a loaded CI machine can be slow).
WAIT_SECONDS = 60.0
BOT = {"id": 777000111, "is_bot": True, "first_name": "Council Bot", "username": "council_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
# Fields PTB sends as bare strings; every other form field holds a JSON-encoded value.
_STRING_FIELDS = {"text", "caption", "parse_mode", "callback_query_id", "url", "secret_token",
                  "description", "short_description", "language_code", "inline_message_id", "name",
                  "business_connection_id", "message_effect_id", "ip_address", "action"}
_SENDS = {"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "sendChatAction"}


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, and the HTTP status it got."""

    index: int
    method: str
    params: dict[str, Any]
    status: int = 200
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)   # field -> (filename, data)

    @property
    def chat_id(self) -> int | None:
        """The chat the call was aimed at, when it names one."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def thread_id(self) -> int | None:
        """The forum topic the call was aimed at (message_thread_id), None for the General topic."""
        value = self.params.get("message_thread_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """The text (or caption) the bot sent."""
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data") or b.get("url", ""))
                for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Failure:
    """Answer the next `times` calls of `method` with an error instead of success."""

    method: str
    status: int
    description: str
    retry_after: float | None = None
    times: int = 1


class FakeTelegram:
    """The fake Bot API: start() it, point PTB's base_url at .base_url, push updates, await calls."""

    def __init__(self, token: str = TOKEN, bot: dict | None = None):
        self.token, self.bot = token, dict(bot or BOT)
        self.calls: list[Call] = []
        self.updates: list[dict] = []
        self.commands: list[dict] = []
        self.webhook_url = ""
        self.blocked_chats: set[int] = set()
        self.failures: list[Failure] = []
        self._confirmed = 0            # updates with a smaller id were acknowledged via offset
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._chats: dict[int, dict] = {}
        self._topics: dict[int, set[int]] = {}     # forum chat id -> thread ids residents wrote in
        self._cond: asyncio.Condition | None = None
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- server -----------------------------------------------------------------------------
    async def start(self, port: int = 0) -> "FakeTelegram":
        """Listen on 127.0.0.1 (a free port unless one is given)."""
        self._cond = asyncio.Condition()
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._endpoint)
        self._runner = web.AppRunner(app, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Release long polls and close the server."""
        self._closing = True
        await self._notify()
        if self._runner:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What to pass to ApplicationBuilder().base_url(...)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to ApplicationBuilder().base_file_url(...)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    def telegram_config(self, **overrides):
        """[telegram] settings that point the bot at this server, with 5-second long polls."""
        from bot.config import TelegramConfig

        return TelegramConfig(**{"enabled": True, "base_url": self.base_url, "base_file_url": self.base_file_url,
                                 "poll_timeout_seconds": 5, **overrides})

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    async def _endpoint(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(len(self.calls), method, params, files=files)
        failure = self._failure_for(method, params)
        if failure:
            call.status = failure.status
            body: dict[str, Any] = {"ok": False, "error_code": failure.status,
                                    "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            result = None
        else:
            handler = getattr(self, "_api_" + method, None)
            if handler is not None and not self._topic_ok(params):
                call.status = 400
                body = {"ok": False, "error_code": 400, "description": "Bad Request: message thread not found"}
            elif handler is None:
                call.status = 404
                body = {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
            else:
                result = await handler(params) if method == "getUpdates" else handler(params, files)
                body = {"ok": True, "result": result}
        if method != "getUpdates":      # polls would drown the record
            self.calls.append(call)
            await self._notify()
        return web.json_response(body, status=call.status)

    def _topic_ok(self, params: dict) -> bool:
        """A message_thread_id must name a topic of that (forum) chat, as on the real Bot API."""
        thread = params.get("message_thread_id")
        if thread is None or params.get("chat_id") is None:
            return True
        return int(thread) in self._topics.get(int(params["chat_id"]), set())

    def _failure_for(self, method: str, params: dict) -> Failure | None:
        if method in _SENDS and params.get("chat_id") is not None \
                and int(params["chat_id"]) in self.blocked_chats:
            return Failure(method, 403, "Forbidden: bot was blocked by the user")
        for f in self.failures:
            if f.method == method and f.times > 0:
                f.times -= 1
                return f
        return None

    # -- Bot API methods ----------------------------------------------------------------------
    async def _api_getUpdates(self, p: dict) -> list[dict]:
        offset, limit = int(p.get("offset") or 0), int(p.get("limit") or 100)
        if offset > 0:
            self._confirmed = max(self._confirmed, offset)
        deadline = time.monotonic() + min(float(p.get("timeout") or 0), 60)
        async with self._cond:
            while True:
                pending = [u for u in self.updates if u["update_id"] >= self._confirmed]
                left = deadline - time.monotonic()
                if pending or left <= 0 or self._closing:
                    return pending[:limit]
                try:
                    await asyncio.wait_for(self._cond.wait(), left)
                except TimeoutError:
                    pass

    def _api_getMe(self, p, f) -> dict:
        return self.bot

    def _api_deleteWebhook(self, p, f) -> bool:
        self.webhook_url = ""
        if p.get("drop_pending_updates"):
            self._confirmed = next(self._ids)
        return True

    def _api_setWebhook(self, p, f) -> bool:
        self.webhook_url = p.get("url", "")
        return True

    def _api_getWebhookInfo(self, p, f) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}

    def _api_setMyCommands(self, p, f) -> bool:
        self.commands = p.get("commands") or []
        return True

    def _api_getMyCommands(self, p, f) -> list[dict]:
        return self.commands

    def _api_deleteMyCommands(self, p, f) -> bool:
        self.commands = []
        return True

    def _api_answerCallbackQuery(self, p, f) -> bool:
        return True

    def _api_sendChatAction(self, p, f) -> bool:
        return True

    def _api_sendMessage(self, p, f) -> dict:
        return self._bot_message(p, text=p.get("text", ""))

    def _api_sendDocument(self, p, f) -> dict:
        name, data = f.get("document", ("document", b""))
        doc = {"file_id": f"doc{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}",
               "file_name": name, "file_size": len(data)}
        return self._bot_message(p, document=doc, caption=p.get("caption"))

    def _api_editMessageText(self, p, f) -> dict | bool:
        if p.get("inline_message_id"):
            return True
        return self._bot_message(p, text=p.get("text", ""), message_id=int(p["message_id"]),
                                 edit_date=int(time.time()))

    def _api_editMessageReplyMarkup(self, p, f) -> dict | bool:
        if p.get("inline_message_id"):
            return True
        return self._bot_message(p, text="", message_id=int(p["message_id"]))

    def _bot_message(self, p: dict, message_id: int | None = None, **content) -> dict:
        chat_id = int(p["chat_id"])
        msg = {"message_id": message_id or next(self._message_ids), "from": self.bot,
               "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "R"}),
               "date": int(time.time())}
        msg.update({k: v for k, v in content.items() if v is not None})
        if p.get("message_thread_id") is not None:
            msg.update(message_thread_id=int(p["message_thread_id"]), is_topic_message=True)
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        return msg

    # -- what tests (and the hand-driven console) use -------------------------------------------
    async def push(self, update: dict) -> int:
        """Queue a raw update (its update_id is assigned here) and wake the long poll."""
        update = {**update, "update_id": next(self._ids)}
        msg = update.get("message") or {}
        if msg.get("is_topic_message"):              # a real sample written in a topic creates it here
            self._topics.setdefault(msg["chat"]["id"], set()).add(msg["message_thread_id"])
        self.updates.append(update)
        await self._notify()
        return update["update_id"]

    async def message(self, text: str, *, chat_id: int = 1001, user_id: int | None = None,
                      chat_type: str = "private", first_name: str = "Resident",
                      reply_to_bot: bool = False, thread_id: int | None = None) -> int:
        """A resident's text message; commands and @mentions get their entities like Telegram's.

        With thread_id, the chat is a forum supergroup and the message is in that topic.
        """
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": first_name}
        chat = ({"id": chat_id, "type": "private", "first_name": first_name} if chat_type == "private"
                else {"id": chat_id, "type": chat_type, "title": "Residents' group"})
        if thread_id is not None:
            chat = {**chat, "type": "supergroup", "is_forum": True}
            self._topics.setdefault(chat_id, set()).add(thread_id)
        self._chats[chat_id] = chat
        msg = {"message_id": next(self._message_ids), "from": user, "chat": chat,
               "date": int(time.time()), "text": text}
        if thread_id is not None:
            msg.update(message_thread_id=thread_id, is_topic_message=True)
        entities = [{"type": "bot_command", "offset": m.start(), "length": len(m.group())}
                    for m in re.finditer(r"^/\w+(@\w+)?", text)]
        entities += [{"type": "mention", "offset": m.start(), "length": len(m.group())}
                     for m in re.finditer(r"(?<!\w)@\w{5,}", text)]
        if entities:
            msg["entities"] = entities
        if reply_to_bot:
            msg["reply_to_message"] = {"message_id": 1, "from": self.bot, "chat": chat,
                                       "date": int(time.time()), "text": "earlier"}
        return await self.push({"message": msg})

    async def press(self, call: Call, label_or_data: str, *, user_id: int | None = None) -> int:
        """Press an inline button (by label or callback data) under a message the bot sent."""
        data = next((d for label, d in call.buttons if label_or_data in (label, d)), label_or_data)
        return await self.callback(data, chat_id=call.chat_id, user_id=user_id, thread_id=call.thread_id)

    async def callback(self, data: str, *, chat_id: int = 1001, user_id: int | None = None,
                       message_id: int = 1, thread_id: int | None = None) -> int:
        """A callback query, as when a resident presses a button carrying `data` (in topic thread_id)."""
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Resident"}
        chat = self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "Resident"})
        message = {"message_id": message_id, "from": self.bot, "chat": chat,
                   "date": int(time.time()), "text": "(earlier message)"}
        if thread_id is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
        return await self.push({"callback_query": {"id": str(next(self._ids) * 7919), "from": user,
                                                   "message": message, "chat_instance": "ci",
                                                   "data": data}})

    def fail(self, method: str, status: int = 429, *, retry_after: float | None = 1,
             description: str | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of method with an error (429 with retry_after by default)."""
        if description is None:
            description = f"Too Many Requests: retry after {retry_after}" if status == 429 else "Bad Request"
        self.failures.append(Failure(method, status, description,
                                     retry_after if status == 429 else None, times))

    def mark(self) -> int:
        """A bookmark: wait_for(after=mark) only sees calls made after it."""
        return len(self.calls)

    async def wait_for(self, method: str, *, after: int = 0, chat_id: int | None = None,
                       count: int = 1, where: Callable[[Call], bool] | None = None,
                       timeout: float = WAIT_SECONDS) -> list[Call]:
        """Wait until `count` matching calls were made after the bookmark; return them."""
        def matching() -> list[Call]:
            return [c for c in self.calls[after:] if c.method == method
                    and (chat_id is None or c.chat_id == chat_id) and (where is None or where(c))]

        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: len(matching()) >= count), timeout)
        return matching()[:count]

    async def replies(self, chat_id: int, *, after: int, count: int = 1, thread_id: int | None = None,
                      timeout: float = WAIT_SECONDS) -> list[Call]:
        """The next `count` successful sendMessage calls to one chat (and, given thread_id, that topic)."""
        return await self.wait_for("sendMessage", after=after, chat_id=chat_id, count=count, timeout=timeout,
                                   where=lambda c: c.status == 200 and (thread_id is None or c.thread_id == thread_id))


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form fields (JSON-encoded values), multipart files, a JSON body or a query string."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        raw.update(await request.json())
        return raw, files
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read())
            else:
                raw[key] = value
    params = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in _STRING_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        params[key] = value
    return params, files
