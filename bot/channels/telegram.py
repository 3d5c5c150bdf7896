"""The Telegram channel: python-telegram-bot 22 over the channel-neutral handlers.

Each message or button press becomes a handlers.Inbound (chat = Telegram chat id, user = user id),
is answered by handlers.dispatch on the database thread, and the Replies go back as escaped HTML.
In a forum group a topic is its own conversation: chat = "chatid:threadid", and every reply (and
outbox message to it) carries that message_thread_id, else Telegram posts it in the General topic.

```mermaid
flowchart TD
    U[update] --> K{kind}
    K -- message --> G{group chat?}
    G -- yes, no command/mention/reply to bot --> IGN[ignore]
    G -- no, or addressed --> R{rate limit}
    K -- callback query --> R
    K -- my_chat_member --> BL[record blocked / unblocked]
    K -- anything else --> IGN
    R -- over, first time --> SLOW[polite 'slow down']
    R -- over again --> IGN
    R -- ok --> D[dispatch.handle on the DB thread] --> S[sendMessage HTML, split under 4,096]
    S -- 403 Forbidden --> BL
    D -- exception --> E[error handler: log + reference id to resident]
```
"""
from __future__ import annotations

import copy
import logging
import re
import uuid
from datetime import datetime
from typing import Callable

from telegram import BotCommand, InputFile, LinkPreviewOptions, ReplyParameters, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler,
                          ChatMemberHandler, ContextTypes, MessageHandler, filters)
from telegram.request import HTTPXRequest

from bot import BotError, ConfigError
from bot.channels import telegram_format, telegram_store
from bot.config import TelegramConfig
from bot.db import DatabaseThread
from bot.outbox import DeliveryError
from bot.ratelimit import RateLimiter, Verdict
from handlers import dispatch, texts
from handlers.messages import Inbound, Outgoing, Reply, Services

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Update kinds asked of Telegram; everything else (edits, channel posts, reactions...) is not wanted.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class ChatBlocked(DeliveryError):
    """The chat blocked the bot (or the account is gone): retrying will not help."""

    def __init__(self, chat_id: str):
        super().__init__(f"Telegram chat {chat_id} has blocked the bot", permanent=True)


def conversation(chat_id: int, thread_id: int | None) -> str:
    """Inbound.chat for a chat, or for one topic of a forum group ('-100123:33')."""
    return f"{chat_id}:{thread_id}" if thread_id else str(chat_id)


def target(conv: str) -> tuple[int, int | None]:
    """(chat id, topic thread id or None) to send to, from an Inbound.chat / outbox recipient."""
    chat, _, thread = conv.partition(":")
    return int(chat), int(thread) if thread else None


def topic_of(msg) -> int | None:
    """The forum topic a message was written in; None in the General topic and outside forums.

    Replies in an ordinary supergroup carry a message_thread_id too (the reply chain's root), and
    sending with it there fails, so only a real topic message counts.
    """
    return msg.message_thread_id if getattr(msg, "is_topic_message", False) else None


class TolerantUpdatesRequest(HTTPXRequest):
    """The getUpdates connection, with any update this library version cannot read cut to its id.

    PTB parses a whole batch at once, and one unreadable update (a real sample: a poll from a
    newer Bot API without `members_only`) fails the batch without moving the offset, so the bot
    would fetch the same batch forever and never answer anyone again.
    """

    async def post(self, url, request_data=None, *args, **kwargs):
        """PTB's request, with each update in a returned batch made readable (see `_readable`)."""
        result = await super().post(url, request_data, *args, **kwargs)
        if isinstance(result, list):
            result = [_readable(raw) for raw in result]
        return result


def _readable(raw: dict) -> dict:
    """The update itself if PTB can parse it, else just its id (acknowledged, then ignored)."""
    try:
        Update.de_json(copy.deepcopy(raw), None)
        return raw
    except Exception as exc:
        log.warning("ignoring Telegram update %s this version cannot read: %s", raw.get("update_id"), exc)
        return {"update_id": raw["update_id"]}


class TelegramChannel:
    """Polls (or receives webhooks from) the Bot API and answers through the shared handlers."""

    def __init__(self, cfg: TelegramConfig, dbt: DatabaseThread,
                 make_services: Callable[[object, datetime], Services], clock: Callable[[], datetime],
                 token: str | None = None):
        token = token if token is not None else cfg.token
        cfg.check(token)
        self.cfg, self.dbt, self.make_services, self.clock = cfg, dbt, make_services, clock
        self.limiter = RateLimiter(cfg.rate_limit_per_minute)
        self.app: Application = (
            ApplicationBuilder().token(token).base_url(cfg.base_url).base_file_url(cfg.base_file_url)
            .rate_limiter(AIORateLimiter(max_retries=cfg.max_retries))
            .get_updates_request(TolerantUpdatesRequest(connection_pool_size=1))
            .job_queue(None)          # scheduling is bot/scheduler's job, not PTB's
            .build())
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        self.app.add_handler(ChatMemberHandler(self._on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
        self.app.add_error_handler(self._on_error)

    # -- life cycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        """Check the token (getMe), register the command menu, start receiving updates."""
        logging.getLogger("httpx").setLevel(logging.WARNING)   # its INFO lines hold the token in the URL
        try:
            await self.app.initialize()
        except InvalidToken:
            raise ConfigError(f"Telegram rejected the bot token in {self.cfg.token_env}") from None
        except NetworkError as exc:
            raise BotError(f"cannot reach the Telegram Bot API at {self.cfg.base_url}: {exc}") from None
        try:
            await self.app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMAND_MENU
                                                if dispatch.available(c)])
        except TelegramError as exc:    # the menu is a nicety; answering matters more
            log.warning("could not register the command menu: %s", exc)
        if self.cfg.mode == "webhook":
            await self.app.updater.start_webhook(
                listen=self.cfg.webhook_listen, port=self.cfg.webhook_port, url_path=self.cfg.webhook_path,
                webhook_url=self.cfg.webhook_url, secret_token=self.cfg.webhook_secret or None,
                allowed_updates=ALLOWED_UPDATES)
        else:
            await self.app.updater.start_polling(timeout=self.cfg.poll_timeout_seconds,
                                                 allowed_updates=ALLOWED_UPDATES)
        await self.app.start()
        log.info("Telegram channel started as @%s (%s)", self.app.bot.username, self.cfg.mode)

    async def stop(self) -> None:
        """Stop fetching, let in-flight replies finish, close the HTTP clients."""
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        log.info("Telegram channel stopped")

    # -- inbound ----------------------------------------------------------------------------------
    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.message
        chat, user = msg.chat, msg.from_user
        private = chat.type == ChatType.PRIVATE
        if private:
            if msg.text is None and msg.effective_attachment is None:
                return          # a service message (pinned, joined...), not the resident talking
            text = msg.text
        else:
            text = self._addressed(msg)
            if text is None:
                return
        user_id, thread = user.id if user else chat.id, topic_of(msg)
        if not await self._admit(chat.id, user_id, thread):
            return
        if text is None:
            await self._send(chat.id, [Reply(texts.NOT_TEXT)], thread=thread)
            return
        inbound = Inbound("telegram", conversation(chat.id, thread), str(user_id), text,
                          name=user.full_name if user else None)
        replies = await self.dbt.run(self._dispatch, inbound, self.clock())
        await self._send(chat.id, replies, reply_to=None if private else msg.message_id, thread=thread)

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        chat = query.message.chat if query.message else None
        if chat is None:        # a button on an inline message: we offer none, so it is stale
            await self._answer(query, texts.UNKNOWN_CHOICE)
            return
        verdict = self.limiter.check(f"telegram:{query.from_user.id}", self.clock())
        if verdict is not Verdict.ALLOW:
            await self._answer(query, texts.RATE_LIMITED if verdict is Verdict.WARN else None)
            return
        await self._answer(query)     # stop the spinner first; the reply follows as a message
        thread = topic_of(query.message)      # an inaccessible (too old) message has no topic: General
        inbound = Inbound("telegram", conversation(chat.id, thread), str(query.from_user.id),
                          choice=query.data or "stale", name=query.from_user.full_name)
        replies = await self.dbt.run(self._dispatch, inbound, self.clock())
        await self._send(chat.id, replies, thread=thread)

    async def _on_my_chat_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        status, chat_id = change.new_chat_member.status, str(change.chat.id)
        if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await self.dbt.run(telegram_store.record_blocked, chat_id, f"status {status}", self.clock())
            log.info("chat %s removed or blocked the bot", chat_id)
        elif status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
            await self.dbt.run(telegram_store.clear_blocked, chat_id)

    def _dispatch(self, db, inbound: Inbound, now: datetime) -> list[Reply]:
        """On the database thread: whoever writes can be written to, then the handlers answer."""
        telegram_store.clear_blocked(db, inbound.chat)
        return dispatch.handle(self.make_services(db, now), inbound)

    def _addressed(self, msg) -> str | None:
        """In a group, the text meant for the bot (command, @mention, reply to it), else None."""
        text, me = msg.text or "", (self.app.bot.username or "").lower()
        if not text:
            return None
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            target = command.partition("@")[2].lower()
            return text if not target or target == me else None
        for entity, value in msg.parse_entities().items():
            if (entity.type == MessageEntityType.MENTION and value[1:].lower() == me) or \
                    (entity.type == MessageEntityType.TEXT_MENTION and entity.user.id == self.app.bot.id):
                rest = re.sub(re.escape(value), " ", text, flags=re.I).strip()
                return rest or "/start"
        replied = msg.reply_to_message
        if replied and replied.from_user and replied.from_user.id == self.app.bot.id:
            return text
        return None

    async def _admit(self, chat_id: int, user_id: int, thread: int | None) -> bool:
        """Apply the per-resident rate limit; the first refusal in a window is explained."""
        verdict = self.limiter.check(f"telegram:{user_id}", self.clock())
        if verdict is Verdict.WARN:
            log.info("rate limit: user %s over %d/min", user_id, self.limiter.per_window)
            await self._send(chat_id, [Reply(texts.RATE_LIMITED)], thread=thread)
        return verdict is Verdict.ALLOW

    # -- outbound -------------------------------------------------------------------------------
    async def _send(self, chat_id: int, replies: list[Reply], reply_to: int | None = None,
                    thread: int | None = None) -> bool:
        """Send replies in order (into forum topic `thread` if given); False (and recorded) when blocked."""
        reply_params = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        for reply in replies:
            for part in telegram_format.render(reply):
                try:
                    await self.app.bot.send_message(chat_id, part.html, parse_mode=ParseMode.HTML,
                                                    reply_markup=part.keyboard, link_preview_options=NO_PREVIEW,
                                                    reply_parameters=reply_params, message_thread_id=thread)
                except Forbidden as exc:
                    await self.dbt.run(telegram_store.record_blocked, str(chat_id), str(exc), self.clock())
                    log.info("chat %s refuses messages (%s); recorded, not retried", chat_id, exc)
                    return False
                reply_params = None     # only the first part answers the group message
        return True

    async def send_outgoing(self, out: Outgoing) -> None:
        """Outbox sender for channel "telegram": deliver one message; ChatBlocked means never retry."""
        chat_id, thread = target(out.to)      # a submission made in a forum topic is answered there
        if await self.dbt.run(telegram_store.is_blocked, out.to):
            raise ChatBlocked(out.to)
        if not await self._send(chat_id, [Reply(out.text)], thread=thread):
            raise ChatBlocked(out.to)
        for filename, _mime, data in out.attachments:
            try:
                await self.app.bot.send_document(chat_id, InputFile(data, filename=filename),
                                                 message_thread_id=thread)
            except Forbidden as exc:
                await self.dbt.run(telegram_store.record_blocked, out.to, str(exc), self.clock())
                raise ChatBlocked(out.to) from None

    async def notify_staff(self, text: str) -> None:
        """Pass a staff alert (e.g. from the outbox) to every admin chat in [telegram] admin_chat_ids."""
        for chat_id in self.cfg.admin_chat_ids:
            await self._send(chat_id, [Reply(text)])

    async def _answer(self, query, text: str | None = None) -> None:
        try:
            await query.answer(text[:200] if text else None)
        except BadRequest as exc:   # "query is too old" after a restart: the reply still follows
            log.debug("callback query not answered: %s", exc)

    # -- errors -----------------------------------------------------------------------------------
    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: a log line with a reference, and the resident told that reference."""
        ref = uuid.uuid4().hex[:8]
        log.error("error handling a Telegram update (ref %s)", ref, exc_info=context.error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            return
        try:
            await self.app.bot.send_message(
                chat.id, telegram_format.escape(texts.SOMETHING_WENT_WRONG.format(ref=ref)),
                parse_mode=ParseMode.HTML, message_thread_id=topic_of(update.effective_message))
        except TelegramError as exc:
            log.warning("could not tell chat %s about error %s: %s", chat.id, ref, exc)
