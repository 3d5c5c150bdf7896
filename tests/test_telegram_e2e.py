"""The Telegram channel end to end: the real python-telegram-bot client against a local fake Bot API."""
from __future__ import annotations

import logging
import re
import shutil
import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from fake_telegram import TOKEN

from bot import ConfigError
from bot.app import App
from bot.channels import telegram_format, telegram_store
from bot.channels.telegram import ChatBlocked
from bot.config import Config
from bot.db import open_db
from conftest import STEVENAGE
from handlers import dispatch, state, submissions, texts
from handlers.messages import Inbound, Outgoing, Reply
from knowledge.ingest import ingest_paths
from submit_helpers import add_meeting

LONDON = ZoneInfo("Europe/London")
GROUP = -100123


class Clock:
    """The bot's clock, moved by the test instead of waiting."""

    def __init__(self):
        self.now = datetime(2021, 7, 14, 10, 0, tzinfo=LONDON)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(scope="session")
def papers_db(tmp_path_factory):
    """The Stevenage sample paper loaded once; each test starts from a copy."""
    path = tmp_path_factory.mktemp("template") / "bot.db"
    db = open_db(path)
    ingest_paths(db, [STEVENAGE])
    db.conn.close()
    return path


@pytest.fixture
def make_cfg(tmp_path, fake, monkeypatch, papers_db):
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_TOKEN", TOKEN)
    shutil.copy(papers_db, tmp_path / "bot.db")

    def build(**telegram) -> Config:
        return Config(database=tmp_path / "bot.db", papers=[STEVENAGE], console=False,
                      telegram=fake.telegram_config(**{"max_retries": 3, **telegram}))
    return build


@pytest.fixture
async def bot(make_cfg, clock):
    async with App(make_cfg(), clock=clock) as app:
        yield app


@pytest.fixture
def scripted(bot, clock):
    """Put a chat inside a test flow whose every step is `fn(msg)` (to inject replies or crashes)."""
    names = []

    async def install(chat_id: int, fn):
        flow = type("Scripted", (), {"name": f"test-{len(names)}", "begin": None,
                                     "step": lambda self, svc, msg, conv: fn(msg)})()
        dispatch.register_flow(flow)
        names.append(flow.name)
        await bot.dbt.run(state.save, state.Conversation(f"telegram:{chat_id}", flow.name, "any"), clock())

    yield install
    for name in names:
        dispatch.FLOWS.pop(name, None)


async def expected_html(app: App, text: str, now: datetime, chat: int = 1001) -> list[str]:
    """What the handlers say to this text, rendered as the channel must send it."""
    def handle(db):
        return dispatch.handle(app.make_services(db, now), Inbound("telegram", str(chat), str(chat), text))
    replies = await app.dbt.run(handle)
    return [m.html for r in replies for m in telegram_format.render(r)]


async def test_start_welcomes_with_buttons_and_the_command_menu_is_registered(bot, fake):
    mark = fake.mark()
    await fake.message("/start")
    [reply] = await fake.replies(1001, after=mark)
    assert "Hello" in reply.text and reply.params["parse_mode"] == "HTML"
    assert [label for label, _ in reply.buttons] == ["Upcoming meetings", "Ask a question",
                                                     "Submit a public question"]
    [menu] = [c for c in fake.calls if c.method == "setMyCommands"]
    # Commands whose conversation is not built yet (alerts) are left out of the menu.
    assert [c["command"] for c in menu.params["commands"]] == [c for c, _ in texts.COMMAND_MENU
                                                               if c not in ("subscribe", "mysubscriptions")]


async def test_deep_link_start_meetings_opens_the_meetings_list(bot, fake):
    mark = fake.mark()
    await fake.message("/meetings")
    [direct] = await fake.replies(1001, after=mark)
    mark = fake.mark()
    await fake.message("/start meetings")
    [linked] = await fake.replies(1001, after=mark)
    assert linked.text == direct.text and linked.buttons == direct.buttons
    assert "Hello" not in linked.text


@pytest.mark.parametrize("question", [
    "When is the next council meeting?",
    "what did the councl decide about pet theft",          # a typo
    "What will the weather be in Paris tomorrow?",          # out of scope
])
async def test_a_question_gets_the_handlers_answer_escaped(bot, fake, clock, question):
    expected = await expected_html(bot, question, clock())
    mark = fake.mark()
    await fake.message(question)
    got = await fake.replies(1001, after=mark, count=len(expected))
    assert [c.text for c in got] == expected
    assert all(c.params["parse_mode"] == "HTML" for c in got)


async def test_buttons_are_answered_and_carry_the_choice(bot, fake):
    mark = fake.mark()
    await fake.message("/forget")
    [ask] = await fake.replies(1001, after=mark)
    assert [label for label, _ in ask.buttons] == [texts.FORGET_YES, texts.FORGET_NO]
    mark = fake.mark()
    await fake.press(ask, texts.FORGET_NO)
    [kept] = await fake.replies(1001, after=mark)
    assert kept.text == texts.FORGET_KEPT
    answered = [c for c in fake.calls[mark:] if c.method == "answerCallbackQuery"]
    assert len(answered) == 1


async def test_a_stale_button_is_answered_politely(bot, fake):
    mark = fake.mark()
    await fake.callback("flow:forget:yes")          # no /forget in progress any more
    [reply] = await fake.replies(1001, after=mark)
    assert reply.text == telegram_format.escape(texts.UNKNOWN_CHOICE)
    await fake.wait_for("answerCallbackQuery", after=mark)


async def test_a_long_reply_is_split_at_paragraphs_under_the_limit(bot, fake, scripted):
    paragraphs = [f"Paragraph {i}: " + "word " * 300 for i in range(6)]     # 9,000 characters, 2 fit a message
    await scripted(1001, lambda msg: [Reply("\n\n".join(p.strip() for p in paragraphs))])
    mark = fake.mark()
    await fake.message("tell me everything")
    parts = await fake.replies(1001, after=mark, count=3)
    assert all(len(p.text) <= 4096 for p in parts)
    assert all(p.text.startswith("Paragraph") for p in parts)       # cut between paragraphs
    assert "\n\n".join(p.text for p in parts) == "\n\n".join(p.strip() for p in paragraphs)


async def test_html_the_resident_typed_is_shown_literally(bot, fake, scripted):
    await scripted(1001, lambda msg: [Reply(f"You said: {msg.text}")])
    typed = '<b>bold</b> & <a href="http://evil.test">click</a>'
    mark = fake.mark()
    await fake.message(typed)
    [reply] = await fake.replies(1001, after=mark)
    assert reply.text == "You said: &lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=\"http://evil.test\"&gt;click&lt;/a&gt;"


async def test_links_become_html_links(bot, fake, scripted):
    await scripted(1001, lambda msg: [Reply("Source:", links=[("Minutes <21 July>", "https://example.test/a?b=1&c=2")])])
    mark = fake.mark()
    await fake.message("where from?")
    [reply] = await fake.replies(1001, after=mark)
    assert '<a href="https://example.test/a?b=1&amp;c=2">Minutes &lt;21 July&gt;</a>' in reply.text


async def test_in_a_group_only_mentions_and_commands_are_answered(bot, fake, clock):
    answer = await expected_html(bot, "when is the next council meeting?", clock(), chat=GROUP)
    mark = fake.mark()
    await fake.message("When is the next council meeting?", chat_id=GROUP, user_id=5, chat_type="supergroup")
    await fake.message("/help@some_other_bot", chat_id=GROUP, user_id=5, chat_type="supergroup")
    await fake.message("@council_test_bot when is the next council meeting?", chat_id=GROUP, user_id=5,
                       chat_type="supergroup")
    await fake.message("/help", chat_id=GROUP, user_id=6, chat_type="supergroup")
    got = await fake.replies(GROUP, after=mark, count=len(answer) + 1)
    assert [c.text for c in got[:-1]] == answer and got[-1].text.startswith("What I can do")
    assert got[0].params["reply_parameters"]["message_id"]       # answers the message it is about
    assert len([c for c in fake.calls[mark:] if c.method == "sendMessage"]) == len(answer) + 1


async def test_a_group_conversation_never_leaks_into_a_private_chat(bot, fake):
    mark = fake.mark()
    await fake.message("/forget", chat_id=GROUP, user_id=5, chat_type="supergroup")
    await fake.replies(GROUP, after=mark)
    mark = fake.mark()
    await fake.message("yes", chat_id=5, user_id=5)          # same person, private chat
    [reply] = await fake.replies(5, after=mark)
    assert reply.text != texts.FORGOTTEN
    assert await bot.dbt.run(state.load, f"telegram:{GROUP}") is not None     # group flow untouched


async def test_a_flood_of_messages_is_rate_limited_politely(make_cfg, fake, clock):
    async with App(make_cfg(rate_limit_per_minute=3), clock=clock):
        mark = fake.mark()
        for i in range(6):
            await fake.message(f"/help {i}")
        await fake.message("/help", chat_id=2002)           # someone else, after the flood
        await fake.replies(2002, after=mark)
        texts_sent = [c.text for c in fake.calls[mark:] if c.method == "sendMessage" and c.chat_id == 1001]
        assert len(texts_sent) == 4 and texts_sent[3] == texts.RATE_LIMITED     # 3 answers, 1 warning
        clock.now += timedelta(seconds=61)
        mark = fake.mark()
        await fake.message("/help")
        [again] = await fake.replies(1001, after=mark)
        assert again.text.startswith("What I can do")


async def test_flood_control_429_is_waited_out_and_the_reply_delivered(bot, fake):
    fake.fail("sendMessage", 429, retry_after=0.3)
    mark = fake.mark()
    await fake.message("/help")
    [reply] = await fake.replies(1001, after=mark)
    attempts = [c.status for c in fake.calls[mark:] if c.method == "sendMessage"]
    assert attempts == [429, 200] and reply.text.startswith("What I can do")


async def test_a_resident_who_blocked_the_bot_is_recorded_and_not_retried(bot, fake):
    fake.blocked_chats.add(3003)
    mark = fake.mark()
    await fake.message("/help", chat_id=3003)
    await fake.message("/help", chat_id=2002)        # processed after the blocked chat's update
    await fake.replies(2002, after=mark)
    assert [c.status for c in fake.calls[mark:] if c.chat_id == 3003] == [403]
    assert await bot.dbt.run(telegram_store.is_blocked, "3003")
    before = fake.mark()
    with pytest.raises(ChatBlocked) as err:
        await bot.telegram.send_outgoing(Outgoing("k1", "telegram", "3003", "Your question was received"))
    assert err.value.permanent and fake.mark() == before       # the outbox is told not to retry
    fake.blocked_chats.clear()
    mark = fake.mark()
    await fake.message("/help", chat_id=3003)                  # unblocked and writing again
    await fake.replies(3003, after=mark)
    assert not await bot.dbt.run(telegram_store.is_blocked, "3003")


async def test_outbox_messages_reach_telegram_residents(bot, fake):
    mark = fake.mark()
    await bot.telegram.send_outgoing(Outgoing("k2", "telegram", "1001", "Reminder: <Cabinet> meets today",
                                              attachments=[("agenda.txt", "text/plain", b"1. Apologies")]))
    [msg] = await fake.replies(1001, after=mark)
    assert msg.text == "Reminder: &lt;Cabinet&gt; meets today"
    [doc] = await fake.wait_for("sendDocument", after=mark)
    assert doc.files["document"] == ("agenda.txt", b"1. Apologies")


async def test_a_half_finished_conversation_survives_a_restart(make_cfg, fake, clock):
    async with App(make_cfg(), clock=clock):
        mark = fake.mark()
        await fake.message("/forget")
        [ask] = await fake.replies(1001, after=mark)
    async with App(make_cfg(), clock=clock):
        mark = fake.mark()
        await fake.press(ask, texts.FORGET_YES)
        [done] = await fake.replies(1001, after=mark)
    assert done.text.startswith(texts.FORGOTTEN)


async def test_a_crash_in_a_handler_is_answered_with_a_reference(bot, fake, scripted, caplog):
    def explode(msg):
        raise RuntimeError("boom")
    await scripted(1001, explode)
    mark = fake.mark()
    with caplog.at_level(logging.ERROR):
        await fake.message("anything")
        [sorry] = await fake.replies(1001, after=mark)
    ref = re.search(r"reference (\w+)", sorry.text).group(1)
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)
    mark = fake.mark()
    await fake.message("/help", chat_id=2002)                   # still running
    await fake.replies(2002, after=mark)


async def test_a_photo_in_a_private_chat_gets_a_polite_text_only_reply(bot, fake):
    mark = fake.mark()
    await fake.push({"message": {"message_id": 5, "date": 1700000000, "from": {"id": 1001, "is_bot": False,
                     "first_name": "R"}, "chat": {"id": 1001, "type": "private"},
                     "photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]}})
    [reply] = await fake.replies(1001, after=mark)
    assert reply.text == texts.NOT_TEXT


async def test_webhook_mode_receives_updates_from_telegram(make_cfg, fake, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_WEBHOOK_SECRET", "s3cret")
    cfg = make_cfg(mode="webhook", webhook_url="https://bot.example.test/telegram", webhook_port=port)
    async with App(cfg):
        assert fake.webhook_url == "https://bot.example.test/telegram"
        update = {"update_id": 1, "message": {"message_id": 1, "date": 1700000000, "text": "/help",
                  "from": {"id": 1001, "is_bot": False, "first_name": "R"},
                  "chat": {"id": 1001, "type": "private"},
                  "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        mark = fake.mark()
        async with aiohttp.ClientSession() as http:
            bad = await http.post(f"http://127.0.0.1:{port}/telegram", json=update)
            good = await http.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                   headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        assert bad.status == 403 and good.status == 200
        [reply] = await fake.replies(1001, after=mark)
        assert reply.text.startswith("What I can do")


async def test_a_rejected_token_fails_with_one_clear_line(make_cfg, monkeypatch):
    monkeypatch.setenv("COUNCILBOT_TELEGRAM_TOKEN", "999:not-the-right-token")
    with pytest.raises(ConfigError, match="^Telegram rejected the bot token in COUNCILBOT_TELEGRAM_TOKEN$"):
        async with App(make_cfg()):
            pass


async def test_a_missing_token_fails_with_one_clear_line(make_cfg, monkeypatch):
    cfg = make_cfg()
    monkeypatch.delenv("COUNCILBOT_TELEGRAM_TOKEN")
    with pytest.raises(ConfigError, match="COUNCILBOT_TELEGRAM_TOKEN is not set"):
        async with App(cfg):
            pass


async def test_a_half_finished_public_question_survives_a_restart(make_cfg, fake):
    now = datetime(2025, 7, 1, 10, 0, tzinfo=LONDON)     # the restart's draft-expiry job judges by it too
    start = datetime.combine(now.date() + timedelta(days=60), time(19), LONDON)

    async def say(text=None, press=None, under=None):
        mark = fake.mark()
        await (fake.press(under, press) if press else fake.message(text))
        [reply] = await fake.replies(1001, after=mark)
        return reply

    async with App(make_cfg(), clock=lambda: now) as app:
        meeting = await app.dbt.run(add_meeting, "Council", start)
        menu = await say("/submit")
        await say(press=f"flow:submit:m:{meeting}", under=menu)
        await say("What is the council doing about pet theft?")
        await say("Jane Resident")
    async with App(make_cfg(), clock=lambda: now) as app:      # a new process on the same database
        await say("SG1 1HN")
        phone = await say("jane@example.org")
        member = await say(press="Skip", under=phone)
        notice = await say(press="Skip", under=member)
        review = await say(press="I agree", under=notice)
        assert "pet theft" in review.text and "Jane Resident" in review.text
        await say(press="Confirm and send", under=review)
        sub = await app.dbt.run(submissions.get, f"PQ-{now.year}-0001")
    assert (sub.name, sub.chat, sub.meeting_id) == ("Jane Resident", "1001", meeting)


async def test_staff_alerts_reach_the_admin_chats(make_cfg, fake, clock):
    async with App(make_cfg(admin_chat_ids=[9009, 9010]), clock=clock) as app:
        mark = fake.mark()
        await app.telegram.notify_staff("Delivery of submission:PQ-2025-0007:dems failed 5 times")
        got = [await fake.replies(chat, after=mark) for chat in (9009, 9010)]
    assert all(r[0].text.startswith("Delivery of submission:PQ-2025-0007:dems") for r in got)


async def test_in_a_forum_group_each_topic_is_answered_in_its_own_thread_and_keeps_its_own_flow(bot, fake):
    mark = fake.mark()
    await fake.message("/forget", chat_id=GROUP, user_id=5, thread_id=33)
    [ask] = await fake.replies(GROUP, after=mark)
    assert ask.thread_id == 33 and ask.text == texts.FORGET_CONFIRM        # not in the General topic
    mark = fake.mark()
    await fake.message("yes", chat_id=GROUP, user_id=6, thread_id=44, reply_to_bot=True)
    [other] = await fake.replies(GROUP, after=mark)
    assert other.thread_id == 44 and other.text != texts.FORGOTTEN        # topic 44 is not in topic 33's flow
    assert await bot.dbt.run(state.load, f"telegram:{GROUP}:33") is not None
    assert await bot.dbt.run(state.load, f"telegram:{GROUP}:44") is None
    mark = fake.mark()
    await fake.press(ask, texts.FORGET_NO, user_id=5)                     # the button under topic 33's question
    [kept] = await fake.replies(GROUP, after=mark)
    assert (kept.thread_id, kept.text) == (33, texts.FORGET_KEPT)
    mark = fake.mark()
    await fake.message("/help", chat_id=GROUP, user_id=5)                  # the General topic has no thread id
    [general] = await fake.replies(GROUP, after=mark)
    assert general.thread_id is None and general.text.startswith("What I can do")


async def test_an_outbox_message_to_a_forum_topic_lands_in_that_topic(bot, fake):
    await fake.message("/help", chat_id=GROUP, user_id=5, thread_id=33)    # the topic exists
    mark = fake.mark()
    await bot.telegram.send_outgoing(Outgoing("k3", "telegram", f"{GROUP}:33", "Your question was received",
                                              attachments=[("PQ.txt", "text/plain", b"PQ-2025-0001")]))
    [msg] = await fake.replies(GROUP, after=mark)
    [doc] = await fake.wait_for("sendDocument", after=mark)
    assert (msg.thread_id, doc.thread_id) == (33, 33) and msg.text == "Your question was received"
    await bot.dbt.run(telegram_store.record_blocked, str(GROUP), "kicked", bot.clock())   # bot removed
    assert await bot.dbt.run(telegram_store.is_blocked, f"{GROUP}:33")     # blocking is of the whole group
    with pytest.raises(ChatBlocked):
        await bot.telegram.send_outgoing(Outgoing("k4", "telegram", f"{GROUP}:33", "Reminder"))
