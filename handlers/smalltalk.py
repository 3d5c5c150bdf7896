"""Small talk: greetings, thanks and praise, and a stray number, answered kindly and never searched for in the
papers. The same for every channel and for `councilbot ask`."""
from __future__ import annotations

import re

from handlers import texts

_HELLO = (r"(hello|hi|hiya|hey|hey there|hi there|hello there|good (morning|afternoon|evening|day)"
          r"|morning|afternoon|evening|greetings|yo)\b[\s!.,]*(bot|councilbot|there)?")
# "how are you?", "how's your day going?": asking after the bot, alone or after a hello.
_HOW_ARE_YOU = (r"(how are you( doing| today)?|how'?s (it going|your day( going)?|things|life)|how do you do"
                r"|what'?s up|are you (ok|okay|well|alright)|you (ok|okay|alright))")
_GREETING = re.compile(rf"^({_HELLO}[\s!.,:)]*({_HOW_ARE_YOU}[\s?!.,:)]*)?|{_HOW_ARE_YOU}[\s?!.,:)]*)$", re.I)
_THANKS = re.compile(r"^(thanks?( you)?( very much| so much| a lot)?|thank u|thx|ta|cheers|many thanks|ok(ay)?"
                     r"|great|brilliant|perfect|cool|lovely|got it)\b[\s!.,]*(thanks?( you)?)?[\s!.,:)]*$", re.I)
# "that's really helpful", "you've been a great help": praise, alone or beside a thank-you.
_PRAISE = re.compile(r"\b(?:that'?s|that is|that was|it'?s|it is|you'?ve been|you are|you'?re)\s+(?:(?:really|very|so|"
                     r"super|most|such)\s+)?(?:helpful|useful|great|brilliant|perfect|kind|clear|lovely|"
                     r"(?:a|such a) (?:big |great |real )?help)\b", re.I)
# A bare number typed when no buttons are on offer (a button from an old message, or a typo).
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


def small_talk(text: str) -> str | None:
    """A short reply to a greeting, a thank-you or a stray number, or None for anything else."""
    if _GREETING.match(text):
        return texts.GREETING_REPLY
    praise = _PRAISE.sub(" ", text)
    if _THANKS.match(text) or (praise != text and (not praise.strip(" !.,:)") or _THANKS.match(praise.strip(" ,")))):
        return texts.THANKS_REPLY
    if _BARE_NUMBER.match(text):
        return texts.NO_BUTTONS_NOW
    return None
