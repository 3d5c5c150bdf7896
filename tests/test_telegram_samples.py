"""Every real Telegram update in tests/samples/telegram goes through the channel without crashing it."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from fake_telegram import TOKEN

from bot.app import App
from bot.config import Config

SAMPLES = sorted((Path(__file__).parent / "samples" / "telegram").glob("Updates__*.json"))


def test_the_samples_are_there():
    assert len(SAMPLES) >= 100


async def test_no_sample_update_crashes_the_channel(fake, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_TOKEN", TOKEN)
    cfg = Config(database=tmp_path / "bot.db", papers=[], console=False,
                 telegram=fake.telegram_config(rate_limit_per_minute=0))
    updates = [json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES]
    callbacks = sum(1 for u in updates if "callback_query" in u)
    with caplog.at_level(logging.INFO):
        async with App(cfg) as app:
            for u in updates:
                u.pop("update_id", None)
                await fake.push(u)
            await fake.message("/help", chat_id=424242)      # queued behind every sample
            [reply] = await fake.replies(424242, after=0)
            assert reply.text.startswith("What I can do")
            assert app.telegram.app.running
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert problems == []
    assert len([c for c in fake.calls if c.method == "answerCallbackQuery"]) == callbacks


async def test_real_forum_topic_updates_are_answered_in_their_topic(fake, tmp_path, monkeypatch):
    """Telegram's own topic samples, addressed to the bot: a topic reply goes to the topic, while a
    reply chain in the General topic (message_thread_id set, but not a topic message) stays in General."""
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_TOKEN", TOKEN)
    cfg = Config(database=tmp_path / "bot.db", papers=[], console=False,
                 telegram=fake.telegram_config(rate_limit_per_minute=0))
    expected = {"Updates__message_topic.json": 33, "Updates__message_different_topic_reply.json": 33,
                "Updates__message_general_topic.json": None, "Updates__message_general_topic_reply.json": None}
    async with App(cfg):
        for name, thread in expected.items():
            update = json.loads((SAMPLES[0].parent / name).read_text(encoding="utf-8"))
            update.pop("update_id")
            msg = update["message"]
            msg["text"], msg["entities"] = "/help", [{"type": "bot_command", "offset": 0, "length": 5}]
            mark = fake.mark()
            await fake.push(update)
            [reply] = await fake.replies(msg["chat"]["id"], after=mark)
            assert (name, reply.thread_id) == (name, thread)
            assert reply.text.startswith("What I can do")
