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



TRICKY = "Will the <b>council</b> fix *potholes* & _drains_\non A1 <Fairlands> Way?"
EDITED = "Why is <i>Bedwell</i> & Co's **play area** still shut?"


async def test_the_whole_flow_renders_as_telegram_html_and_keeps_the_question_verbatim(bot, fake):
    start = datetime.combine(bot.test_now.date() + timedelta(days=60), time(19), LONDON)
    meeting = await bot.dbt.run(add_meeting, "Council", start)
    steps = [await say(fake, "/submit")]
    steps.append(await say(fake, press=f"flow:submit:m:{meeting}", under=steps[-1]))
    for answer in (TRICKY, "Jane Resident", "SG1 1HN", "jane@example.org"):
        steps.append(await say(fake, answer))
    for label in ("Skip", "Skip", "I agree"):
        steps.append(await say(fake, press=label, under=steps[-1]))
    review = steps[-1]
    # The resident's markup is shown literally, on its own lines, under the meeting and word count.
    assert ("\n\nQuestion (12 of 100 words):\nWill the &lt;b&gt;council&lt;/b&gt; fix *potholes* &amp; _drains_\n"
            "on A1 &lt;Fairlands&gt; Way?\n\nName: Jane Resident") in review.text
    assert "Councillor: not given" in review.text
    assert "• Your name and question will be published" in steps[-2].text     # bullets, one a line
    assert all(s.params["parse_mode"] == "HTML" and "<" not in s.text for s in steps)
    # An edited step comes back to the review, with the new text shown literally.
    ask = await say(fake, press="Edit question", under=review)
    assert "Please type your question" in ask.text
    review = await say(fake, EDITED)
    assert "Please check your question" in review.text
    assert "Why is &lt;i&gt;Bedwell&lt;/i&gt; &amp; Co's **play area** still shut?" in review.text
    review = await say(fake, "Janet Q Resident", under=await say(fake, press="Edit name", under=review))
    assert "Name: Janet Q Resident" in review.text and "Please check your question" in review.text
    steps.append(review)
    labels = [label for s in steps for label, _ in s.buttons]
    assert labels and all(0 < len(label) <= 40 and label == label.strip() for label in labels)
    assert all(len(data.encode()) <= 64 for s in steps for _, data in s.buttons)
    done = await say(fake, press="Confirm and send", under=review)
    ref = f"PQ-{bot.test_now.year}-0001"
    assert f"Reference: {ref}" in done.text and "<" not in done.text
    sub = await bot.dbt.run(submissions.get, ref)
    assert (sub.question, sub.name) == (EDITED, "Janet Q Resident")     # stored verbatim, not escaped
