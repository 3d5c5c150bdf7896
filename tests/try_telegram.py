"""Try the Telegram channel without a token: the fake Bot API plays Telegram and you type as a resident.

    .venv/bin/python -m tests.try_telegram                 # a private chat
    .venv/bin/python -m tests.try_telegram --group         # a group: only /commands and @council_test_bot

The real bot (python-telegram-bot, the handlers, the database) runs exactly as under `councilbot run`;
only Telegram is replaced. Buttons are numbered: type the number to press one. Ctrl-D to leave.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import html
import logging
import os
import re
from pathlib import Path

from bot import config
from bot.app import App
from tests.fake_telegram import BOT, TOKEN, FakeTelegram

CHAT, GROUP = 1001, -100123


def as_text(sent: str) -> str:
    """The bot's HTML as a terminal shows it: links as 'label <url>', entities decoded."""
    sent = re.sub(r'<a href="([^"]*)">(.*?)</a>', lambda m: f"{m.group(2)} <{html.unescape(m.group(1))}>", sent)
    return html.unescape(re.sub(r"</?\w+[^>]*>", "", sent))


async def converse(fake: FakeTelegram, group: bool) -> None:
    """Read lines, push them as updates, print what the bot sends back."""
    loop = asyncio.get_running_loop()
    chat = GROUP if group else CHAT
    buttons: list[tuple[str, str]] = []
    print(f"You are chatting with @{BOT['username']} {'in a group' if group else 'privately'}. "
          "Try /start. Ctrl-D to leave.\n")
    while True:
        try:
            line = await loop.run_in_executor(None, input, "you> ")
        except EOFError:
            return
        mark = fake.mark()
        if line.strip().isdigit() and 0 < int(line) <= len(buttons):
            await fake.callback(buttons[int(line) - 1][1], chat_id=chat, user_id=CHAT)
        elif line.strip():
            await fake.message(line, chat_id=chat, user_id=CHAT,
                               chat_type="supergroup" if group else "private")
        else:
            continue
        try:
            got = await fake.replies(chat, after=mark, timeout=30)
            while True:      # a reply may come in several messages; stop when they stop coming
                got = await fake.replies(chat, after=mark, count=len(got) + 1, timeout=0.5)
        except TimeoutError:
            pass
        sent = [c for c in fake.calls[mark:] if c.method == "sendMessage" and c.chat_id == chat]
        buttons = [b for c in sent for b in c.buttons]
        for c in sent:
            print("bot> " + as_text(c.text).replace("\n", "\n     "))
        for n, (label, _) in enumerate(buttons, 1):
            print(f"     [{n}] {label}")
        if not sent:
            print("     (no answer: in a group the bot only hears /commands and @mentions)")
        print()


async def main() -> None:
    """Start the fake Bot API, the real bot against it, and the conversation."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", help="configuration file (default: embedded defaults)")
    p.add_argument("--db", default="try-telegram.db", help="database file (default: try-telegram.db)")
    p.add_argument("--group", action="store_true", help="chat in a group instead of privately")
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    fake = await FakeTelegram().start()
    os.environ["COUNCILBOT_TELEGRAM_TOKEN"] = TOKEN
    cfg = config.load(args.config)
    cfg.database, cfg.console = Path(args.db), False
    cfg.telegram = dataclasses.replace(cfg.telegram, enabled=True, mode="polling", base_url=fake.base_url,
                                       base_file_url=fake.base_file_url)
    try:
        async with App(cfg):
            await converse(fake, args.group)
    finally:
        await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
