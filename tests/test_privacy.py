"""/forget reaches everything linked to the resident, on every channel, and nothing of anyone else's."""
from __future__ import annotations

import pytest

from bot import outbox as outbox_store
from bot.channels import telegram_store
from handlers import state, submissions
from handlers.messages import Outgoing
from submit_helpers import BEFORE, Resident, add_meeting, at, outbox

AFTER = at(2025, 7, 17, 9, 0)          # the day after the July meeting: nothing needs keeping


@pytest.fixture
def two(db_path):
    """Jane (Telegram user 5) and Bob (Telegram user 6) each asked a question at the July Council."""
    jane = Resident(db_path, BEFORE, channel="telegram", chat="5")
    add_meeting(jane.db, "Council", at(2025, 7, 16, 19, 0))
    add_meeting(jane.db, "Council", at(2025, 9, 24, 19, 0))
    bob = Resident(db_path, BEFORE, channel="telegram", chat="6", db=jane.db)
    jane.submit(email="Jane@Example.org")
    bob.submit(question="Why is the swimming pool shut on Sundays?", name="Bob Other", address="SG2 8AA",
               email="bob@example.org")
    yield jane, bob
    jane.db.conn.close()


def queue(db, key: str, channel: str, to: str, now=BEFORE) -> None:
    outbox_store.enqueue(db, Outgoing(key=key, channel=channel, to=to, text=f"about {key}"), now)


def test_forget_on_telegram_erases_mail_queued_for_the_address_given_there(two):
    jane, bob = two
    db = jane.db
    assert "submission:PQ-2025-0001:resident" in outbox(db)              # the receipt to jane@example.org
    queue(db, "alert:cabinet:jane", "email", "jane@example.org")          # any other mail to her address
    db.execute("UPDATE outbox SET status = 'sent', sent_at = ? WHERE key = 'alert:cabinet:jane'", [BEFORE.isoformat()])
    queue(db, "alert:cabinet:bob", "email", "bob@example.org")
    queue(db, "alert:cabinet:tg6", "telegram", "6")
    state.save(db, state.Conversation("email:jane@example.org", "submit", "address", {"name": "Jane"}), BEFORE)
    state.save(db, state.Conversation("telegram:6", "submit", "address", {"name": "Bob Other"}), BEFORE)
    telegram_store.record_blocked(db, "5", "blocked", BEFORE)
    telegram_store.record_blocked(db, "6", "blocked", BEFORE)

    jane.now = AFTER
    jane.say("/forget")
    assert "deleted what I held" in jane.press("Yes")

    left = outbox(db)
    assert "submission:PQ-2025-0001:resident" not in left                 # unsent mail to her: dropped
    assert left["alert:cabinet:jane"]["body"] == "" and left["alert:cabinet:jane"]["recipient"] == ""
    assert "submission:PQ-2025-0001:dems" in left                         # staff's record of the question
    assert state.load(db, "email:jane@example.org") is None               # her draft by email
    assert not telegram_store.is_blocked(db, "5")
    mine = submissions.get(db, "PQ-2025-0001")
    assert (mine.email, mine.address, mine.chat) == (None, None, None)
    # Bob shares nothing with Jane, and keeps everything.
    assert {"submission:PQ-2025-0002:resident", "alert:cabinet:bob", "alert:cabinet:tg6"} <= set(left)
    assert left["alert:cabinet:bob"]["body"] == "about alert:cabinet:bob"
    assert state.load(db, "telegram:6").data == {"name": "Bob Other"}
    assert telegram_store.is_blocked(db, "6")
    his = submissions.get(db, "PQ-2025-0002")
    assert (his.email, his.address, his.chat, his.sender) == ("bob@example.org", "SG2 8AA", "6", "telegram:6")


def test_forget_before_the_meeting_keeps_the_question_but_drops_messages_to_the_resident(two):
    jane, bob = two
    jane.say("/forget")
    assert "kept until the meeting" in jane.press("Yes")
    assert submissions.get(jane.db, "PQ-2025-0001").email.lower() == "jane@example.org"   # staff need it
    left = outbox(jane.db)
    assert "submission:PQ-2025-0001:resident" not in left and "submission:PQ-2025-0002:resident" in left


def test_in_a_group_forget_erases_the_residents_confirmations_but_not_the_groups_other_messages(db_path):
    jane = Resident(db_path, BEFORE, channel="telegram", chat="-100123:33")
    add_meeting(jane.db, "Council", at(2025, 7, 16, 19, 0))
    jane.submit()                    # in a forum topic: Inbound.user is the chat here, so fix it below
    db = jane.db
    db.execute("UPDATE submissions SET sender = 'telegram:5'")
    queue(db, "submission:PQ-2025-0001:status:accepted:chat", "telegram", "-100123:33")
    queue(db, "alert:group", "telegram", "-100123:33")                      # for everyone in the topic
    jane.chat = "5"                  # she forgets from her private chat
    jane.now = AFTER
    jane.say("/forget")
    jane.press("Yes")
    left = outbox(db)
    assert "submission:PQ-2025-0001:status:accepted:chat" not in left
    assert "alert:group" in left and left["alert:group"]["body"] == "about alert:group"
    db.conn.close()
