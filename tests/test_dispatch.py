"""What residents notice at the front door: small talk, stray numbers, the start buttons and leaving a flow."""
from __future__ import annotations

import pytest

from handlers import texts


@pytest.mark.parametrize("said", ["hello", "Hi!", "hi there", "Good morning", "hey bot",
                                  "hi there, how's your day going?", "how are you?"])
def test_a_greeting_gets_a_friendly_reply_not_a_search(resident, said):
    reply = resident.say(said)
    assert "/help" in reply
    assert "couldn't find" not in reply and "closest I found" not in reply


@pytest.mark.parametrize("said", ["thanks", "Thank you!", "cheers", "ok", "thank you very much",
                                  "thanks, that's really helpful!", "That's really helpful, thank you",
                                  "you've been a great help"])
def test_thanks_gets_a_short_welcome(resident, said):
    reply = resident.say(said)
    assert reply == texts.THANKS_REPLY


def test_a_greeting_with_a_question_is_still_answered(resident):
    reply = resident.say("hello, when is the next council meeting?")
    assert "16 July 2025" in reply
    assert "/help" not in resident.say("how are you going to pay for the new bus station?")


def test_a_number_with_no_buttons_on_offer_points_to_meetings_not_the_papers(resident):
    reply = resident.say("2")
    assert "/meetings" in reply and "closest I found" not in reply


def test_a_number_inside_the_submit_flow_still_reaches_the_flow(resident):
    resident.say("/submit")
    reply = resident.say("1")          # picks the first meeting by its number, as the list invites
    assert texts.NO_BUTTONS_NOW not in reply


def test_start_ask_button_asks_for_a_question_rather_than_listing_commands(resident):
    resident.say("/start")
    reply = resident.press("Ask a question")
    assert reply == texts.ASK_PROMPT


def test_cancel_in_the_middle_of_a_public_question_says_nothing_was_sent(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    reply = resident.say("/cancel")
    assert "Nothing was sent" in reply
    assert "nothing to cancel" in resident.say("/cancel").lower()


def test_another_command_in_the_middle_of_a_public_question_says_the_draft_went(resident):
    resident.fill_in()
    reply = resident.say("/meetings")
    assert "not sent" in reply and "Upcoming meetings" in reply
    assert "not sent" not in resident.say("/meetings")   # only said once, when the draft goes


def test_typing_a_meeting_name_picks_the_soonest_open_meeting_of_that_body(resident):
    resident.say("/submit")
    reply = resident.say("cabinet")
    assert "Your question is for Cabinet, Wednesday 23 July 2025" in reply


def test_typing_something_else_at_the_meeting_step_asks_again(resident):
    resident.say("/submit")
    assert texts.PQ_PICK_AGAIN in resident.say("the one about bins")


def test_privacy_names_every_detail_the_question_form_can_take(resident):
    reply = resident.say("/privacy")
    for detail in ("name", "address", "email", "phone"):
        assert detail in reply


def test_help_offers_only_commands_that_work(resident):
    from handlers import dispatch

    listed = [line.split()[0] for line in resident.say("/help").splitlines() if line.startswith("/")]
    assert "/submit" in listed and "/meetings" in listed and "/privacy" in listed
    for command in listed:
        if command.lstrip("/") in dispatch.FLOW_COMMANDS:
            assert command.lstrip("/") in dispatch.FLOWS, f"/help offers {command}, which is not built"


@pytest.mark.parametrize("said", ["How do I report domestic abuse happening to me right now?",
                                  "my partner is hitting me", "I want to end my life"])
def test_someone_in_danger_is_told_999_before_anything_else(resident, said):
    reply = resident.say(said)
    assert reply.startswith(texts.URGENT_HELP) and "999" in reply


def test_an_ordinary_question_gets_no_emergency_notice(resident):
    assert "999" not in resident.say("when is the next council meeting?")


def test_praise_beside_a_question_still_gets_the_question_answered(resident):
    reply = resident.say("that's helpful, but when is the next council meeting?")
    assert reply != texts.THANKS_REPLY and "16 July 2025" in reply
