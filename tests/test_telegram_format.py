"""Replies become valid Telegram HTML under the length limit, and the per-resident rate limit is fair."""
from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels import telegram_format as tf
from bot.ratelimit import RateLimiter, Verdict
from handlers.messages import Button, Reply

T0 = datetime(2025, 1, 9, 10, 0, tzinfo=timezone.utc)
words = st.text(alphabet=st.sampled_from(list("ab<>&é😀 \n")), max_size=3000)


@settings(max_examples=200, deadline=None)
@given(text=words, limit=st.integers(min_value=20, max_value=400))
def test_split_parts_fit_and_lose_nothing_but_break_whitespace(text, limit):
    parts = tf.split(text, limit)
    assert all(tf.size(p) <= limit for p in parts)
    assert all(p.strip() for p in parts)
    joined = html.unescape("".join(parts))
    assert joined.split() == text.split() or "".join(joined.split()) == "".join(text.split())


def test_split_prefers_paragraphs_then_lines():
    text = "one two three\n\nfour five six\nseven"
    assert tf.split(text, 14) == ["one two three", "four five six", "seven"]


def test_a_long_word_is_never_cut_inside_an_entity():
    parts = tf.split("&" * 50, 12)
    assert all(p == "&amp;" * (len(p) // 5) for p in parts)
    assert sum(p.count("&amp;") for p in parts) == 50


def test_emoji_count_double_towards_the_limit():
    assert tf.size("😀") == 2
    assert all(tf.size(p) <= 10 for p in tf.split("😀" * 30, 10))


def test_buttons_go_on_the_last_part_only():
    msgs = tf.render(Reply("a\n\n" + "b" * 30, buttons=[[Button("Yes", "flow:x:yes")]]), limit=20)
    assert [m.keyboard is None for m in msgs] == [True, True, False]
    assert msgs[-1].keyboard.inline_keyboard[0][0].callback_data == "flow:x:yes"


def test_over_long_button_data_is_cut_to_telegrams_64_bytes():
    msgs = tf.render(Reply("pick", buttons=[[Button("x", "é" * 40)]]))
    assert len(msgs[0].keyboard.inline_keyboard[0][0].callback_data.encode()) <= 64


def test_only_web_links_become_anchors():
    assert tf.link("a&b", "https://x.test/?a=1&b=2") == '<a href="https://x.test/?a=1&amp;b=2">a&amp;b</a>'
    assert tf.link("file", "javascript:alert(1)") == "file: javascript:alert(1)"


def test_an_empty_reply_sends_nothing_but_buttons_still_get_a_message():
    assert tf.render(Reply("  ")) == []
    assert len(tf.render(Reply("", buttons=[[Button("Go", "cmd:help")]]))) == 1


def test_rate_limit_allows_the_limit_warns_once_then_stays_quiet():
    rl = RateLimiter(3)
    verdicts = [rl.check("u", T0 + timedelta(seconds=i)) for i in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert rl.check("someone else", T0) is Verdict.ALLOW


def test_rate_limit_window_slides():
    rl = RateLimiter(2)
    assert rl.check("u", T0) is Verdict.ALLOW
    assert rl.check("u", T0 + timedelta(seconds=30)) is Verdict.ALLOW
    assert rl.check("u", T0 + timedelta(seconds=59)) is Verdict.WARN
    assert rl.check("u", T0 + timedelta(seconds=60)) is Verdict.ALLOW      # the first has left the window
    assert rl.check("u", T0 + timedelta(seconds=61)) is Verdict.DROP       # warned under a minute ago


def test_rate_limit_zero_means_no_limit_and_idle_keys_are_forgotten():
    assert all(RateLimiter(0).check("u", T0) is Verdict.ALLOW for _ in range(100))
    rl = RateLimiter(5)
    rl.check("u", T0)
    rl.forget_idle(T0 + timedelta(minutes=2))
    assert rl._seen == {}


def test_the_rate_limiter_forgets_idle_residents_by_itself():
    rl = RateLimiter(5)
    for n in range(100):
        rl.check(f"user{n}", T0)
    rl.check("later", T0 + timedelta(minutes=5))
    assert list(rl._seen) == ["later"]
