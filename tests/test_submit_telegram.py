"""Submitting a public question on Telegram: the real python-telegram-bot client against the fake Bot API."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fake_telegram import TOKEN

from bot.app import App
from bot.config import Config
from handlers import submissions
from handlers.deadlines import fmt_day
from submit_helpers import add_meeting

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
async def bot(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_TOKEN", TOKEN)
    cfg = Config(database=tmp_path / "bot.db", papers=[], console=False,   # no papers: a fast start
                 telegram=fake.telegram_config(max_retries=3))
    now = datetime(2025, 7, 1, 10, 0, tzinfo=LONDON)
    async with App(cfg, clock=lambda: now) as app:
        app.test_now = now
        yield app


async def say(fake, text=None, press=None, under=None):
    """Send text (or press a button under an earlier reply) and return the bot's reply."""
    mark = fake.mark()
    if press:
        await fake.press(under, press)
    else:
        await fake.message(text)
    [reply] = await fake.replies(1001, after=mark)
    return reply


async def test_a_resident_submits_a_question_with_telegram_buttons(bot, fake):
    start = datetime.combine(bot.test_now.date() + timedelta(days=60), time(19), LONDON)
    meeting = await bot.dbt.run(add_meeting, "Council", start)
    menu = await say(fake, "/submit")
    assert f"Council, {fmt_day(start.date())} at 7pm" in menu.text
    ask = await say(fake, press=f"flow:submit:m:{meeting}", under=menu)
    assert "Please type your question" in ask.text
    for answer in ("What is the council doing about pet theft?", "Jane Resident", "SG1 1HN"):
        await say(fake, answer)
    phone = await say(fake, "jane@example.org")
    member = await say(fake, press="Skip", under=phone)
    notice = await say(fake, press="Skip", under=member)
    review = await say(fake, press="I agree", under=notice)
    assert "Please check your question" in review.text
    done = await say(fake, press="Confirm and send", under=review)
    ref = f"PQ-{bot.test_now.year}-0001"
    assert f"Reference: {ref}" in done.text
    sub = await bot.dbt.run(submissions.get, ref)
    assert (sub.channel, sub.chat, sub.meeting_id) == ("telegram", "1001", meeting)
    keys = await bot.dbt.run(lambda db: {r["key"] for r in db.query("SELECT key FROM outbox")})
    assert {f"submission:{ref}:dems", f"submission:{ref}:resident"} <= keys
