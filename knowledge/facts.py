"""The kind of fact a question asks for, and whether a text holds one: a count for "how many", a figure for
"how much", a date for "when", a time of day for "what time", a phone number or an email address."""
from __future__ import annotations

import re

# "What's the phone number for ...", "what's their email address": the number or address itself.
PHONE_Q = re.compile(r"\b(?:phone|telephone|contact|mobile) (?:number|no)\b|\bnumber (?:for|to call|to ring)\b|"
                     r"\bwhat number\b", re.I)
EMAIL_Q = re.compile(r"\be-?mail(?: address)?\b.*\?|\bwhat(?:'s| is) (?:the|their|your) e-?mail\b", re.I)
_PHONE = re.compile(r"\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b0800\b|\b999\b|\b101\b")
_EMAIL = re.compile(r"[\w.-]+@[\w-]+\.[\w.]+")
HOW_MANY = re.compile(r"\s*how (?:many|much)\b", re.I)
WHEN_Q = re.compile(r"\s*(?:(?:by|until|till|from|since|as of) )?(?:when|what date|which year)\b|.*\bwhat(?:'s| is| are)? the deadline\b", re.I)
# "What time does the tip open?", "opening hours": a time of day, which papers give only for meetings.
TIME_Q = re.compile(r"\s*(?:what time|at what time)\b|.*\b(?:open\w* (?:times|hours)|open(?:ing)? on (?:sun|sat|mon|tue|wed|thu|fri))",
                    re.I)
_CLOCK = re.compile(r"\b\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[.:]\d\d\b|\bnoon\b|\bmidday\b", re.I)
_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                   r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
                   r"Saturday|Sunday|spring|summer|autumn|winter|quarter)\b|\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}")


# "By when should the report come back?", "what's the deadline": a date ahead, which "since 2009" is not.
DEADLINE_Q = re.compile(r"\s*(?:by|until|till) when\b|.*\bwhat(?:'s| is| was)? the deadline\b|.*\bno later than when\b",
                        re.I)
_AHEAD = re.compile(r"(?<!\bsince )(?<!\bSince )(?:" + _DATE.pattern + ")", _DATE.flags)

# Kinds a question leans towards without demanding: "why" is often answered without a "because", "how long"
# without a number ("until the new authority is set up"). They steer the quote and the order, never the verdict.
WHY_Q = re.compile(r"\s*(?:why|how come|what(?:'s| is| was) the reason)\b", re.I)
HOW_LONG = re.compile(r"\s*(?:for )?how long\b|.*[,;:]\s*(?:for )?how long\b(?! ago)", re.I)   # "If ..., how long for?"
HOW_OLD = re.compile(r"\s*how old\b", re.I)
HOW_OFTEN = re.compile(r"\s*how (?:often|frequently|regularly)\b", re.I)
LEVEL_Q = re.compile(r"\s*(?:what|which) (?:level|percentage|proportion|share|rate|amount|sum|figure)s? of\b", re.I)
# "What was the result of the court case?", "what did the minister say in reply?": an outcome the papers report,
# not the case or the letter itself ("the upcoming High Court case", "we demand that the Secretary of State ...").
OUTCOME_Q = re.compile(r"\bwhat (?:was|were|is|has been) the (?:\w+(?:'s)? )?(?:result|outcome|verdict|ruling|response|reply)s?\b|"
                       r"\b(?:say|said|write|wrote) (?:back )?in (?:reply|response)\b|"
                       r"\bhow did (?:the |they |he |she |it )?\w*\s?(?:respond|reply|react)\b|"
                       r"^\W*(?:has|have|did) .{0,60}\b(?:repl(?:y|ied)|respond(?:ed)?|answer(?:ed)?|got back)\b|"
                       r"\b(?:in the end|eventually|ultimately)\b", re.I)
_OUTCOME = re.compile(r"\b(?:resolved|agreed|carried|lost|approved|rejected|refused|decided|ruled|dismissed|upheld|found|"
                      r"concluded|repl(?:y|ied|ies)|respon(?:se|ses|ded|ds)|answer(?:ed|s)?|results?|resulted|outcomes?|"
                      r"won|granted|awarded|passed|voted|unanimous(?:ly)?|confirmed)\b", re.I)
SOFT = frozenset({"reason", "duration", "level", "frequency"})
# "What is the chief executive paid?", "what does a permit cost?", "what's the fee for ...": a sum of money.
PRICE_Q = re.compile(r"\s*what\b.*\b(?:paid|earns?|costs?|charges?)\W*$|"
                     r"\s*what(?:'?s| is| are)? (?:the |their |his |her )?(?:salary|pay|price|cost|fee|charge|fine|fare|penalty)s? (?:of|for)\b|"
                     # "What will the national minimum wage be from April?": its amount.
                     r"\s*what (?:is|are|will) (?:the )?(?:\w+ ){0,3}(?:wages?|salary|salaries|price|fee|fare|rent)s? be\b",
                     re.I)

# "What's the population of Stevenage?", "what is the size of the deficit?": a figure.
SIZE_Q = re.compile(r"\s*what(?:'?s| is| was| are| were)? (?:the )?(?:total |current |estimated )?(?:population|"
                    r"size|number|amount|value|total) of\b", re.I)
# "How much is the fine", "how much is a ticket": a sum of money, not a share ("an 11% increase").
MONEY_WORDS = re.compile(r"\b(?:fines?|fees?|fares?|tickets?|costs?|price[sd]?|charge[sd]?|paid|pay|pays|paying|salary|salaries|"
                         r"wages?|money|rent|allowances?|grants?|spend|spent|funding|funded|worth|budget|"
                         r"pounds?)\b|£", re.I)
# ... unless it asks by how much something changed: "how much is council tax going up by" wants "4.99%".
CHANGE_WORDS = re.compile(r"\b(?:by|up|down|increas\w*|ris\w*|rais\w*|cuts?|fall\w*|fell|drop\w*|reduc\w*|grow\w*|"
                          r"more|less|higher|lower)\b", re.I)


def expects(question: str) -> str | None:
    """The kind of fact asked for (`_expects`), also when the question follows a sentence of context: "My neighbour
    says the council wants an electric bus. When are they meant to report back on it?"."""
    kind = _expects(question)
    last = _LAST_ASKED.search(question)
    return kind or (_expects(last.group(1)) if last else None)


# The question a message ends on, after sentences or a clause that set it up ("If they are postponed, how long for?").
_LAST_ASKED = re.compile(r"[.!?,;]\s+([^.!?,;]+\?)\s*$")


def _expects(question: str) -> str | None:
    """'count' for "how many", 'money' for "how much is the fine" and "what does it cost", 'number' for other
    "how much", 'time' for "what time", 'date' for "when"; the softer
    'reason' for "why", 'duration' for "how long", 'frequency' for "how often", 'level' for "what level of"; 'age' for "how old";
    else None."""
    if PHONE_Q.search(question):
        return "phone"
    if EMAIL_Q.search(question):
        return "email"
    if HOW_LONG.match(question):
        return "duration"
    if HOW_OFTEN.match(question):
        return "frequency"
    if HOW_OLD.match(question):
        return "age"
    if HOW_MANY.match(question):
        if re.match(r"\s*how many (?:more )?(?:years|months|weeks|days|hours)\b", question, re.I):
            return "duration"   # "how many years will it take?" asks for a stretch of time
        if re.match(r"\s*how many\b", question, re.I):
            return "count"
        return "money" if MONEY_WORDS.search(question) and not CHANGE_WORDS.search(question) else "number"
    if PRICE_Q.match(question):
        return "money"
    if SIZE_Q.match(question):
        return "number"
    if OUTCOME_Q.search(question):
        return "outcome"
    if WHY_Q.match(question):
        return "reason"
    if LEVEL_Q.match(question):
        return "level"
    if TIME_Q.match(question):
        return "time"
    if DEADLINE_Q.match(question):
        return "deadline"
    return "date" if WHEN_Q.match(question) else None


# A figure ("2000+ care leavers"), not a paragraph's number ("4.6.1 The committee ...", "5. RESOLVED"), a year
# ("2020"), a day of the month ("from 1 April") or the tail of a year range ("2020/21"); and figures in words (not
# "one": "the loss of a loved one").
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DIGITS = (r"(?!\d+(?:\.\d+)+\s+(?-i:[A-Z]))(?!(?<![^\n])\d+\.\s)"
           rf"(?!\d{{1,2}}(?:st|nd|rd|th)?\s+(?-i:{_MONTHS})\b)(?!(?:19|20)\d\d\b(?!\+))\d[\d,]*(?:\.\d+)?")
NUMBER_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand"
# What "how much" wants (a sum of money or a share counts) ...
_FIGURE = re.compile(rf"(?:^|(?<=[\s(£$~])){_DIGITS}(?!\.\d)|\b(?:one|{NUMBER_WORDS}|million|billion|half|dozen)\b",
                     re.I)
# ... and what "how many dogs" wants: no share of something ("a 54% increase") and no sum of money.
# (Not a stretch of time: "the last three year period", "every three months" count no things.)
_SPAN_UNIT = r"[- ](?:years?|months?|weeks?|days?|hours?)\b"
_COUNT = re.compile(rf"(?:^|(?<=[\s(~])){_DIGITS}(?![\d.]*\s*(?:%|per ?cent))(?![\d.,]*{_SPAN_UNIT})(?!\.\d)"
                    rf"|\b(?:{NUMBER_WORDS}|dozen)\b(?!{_SPAN_UNIT})", re.I)
# Why: the clause that gives a reason. How long: a stretch of time, or the two ends of one.
_REASON = re.compile(r"\b(?:because|(?<!was )(?<!is )(?<!are )(?<!were )(?<!be )due to|owing to|as a result|in order to|so that|so as to|the reason|reasons|"
                     r"since (?:the|it|they|this)|as (?:it|they|this|the [a-z]+ (?:was|were|is|are|had|has)))\b", re.I)
_SPAN = re.compile(rf"\b(?:\d+|a|an|one|{NUMBER_WORDS})[- ](?:years?|months?|weeks?|days?|hours?)\b|"
                   rf"\bfrom (?:\w+ )?(?:19|20)\d\d to (?:\w+ )?(?:19|20)\d\d\b|\buntil\b|\bannual(?:ly)?\b|"
                   rf"\bsince (?:\w+ )?(?:1[6-9]|20)\d\d\b", re.I)   # "had existed since 1889"
# How old: "had existed since 1889", "was approved in 2011" (not "14 years old": that is a person's age).
_AGE = re.compile(r"\b(?:since|founded|established|formed|created|set up|existed|approved|adopted|introduced|built|opened|"
                  r"dat(?:es|ing) (?:back )?(?:to|from))(?: in)? (?:\w+ )?(?:1[6-9]|20)\d\d\b", re.I)
# How often: "met on 10 occasions", "Meet: Quarterly", "four-weekly", "twice a year", "every six weeks".
_OFTEN = re.compile(rf"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|bi-?monthly|bi-?annually|"
                    rf"(?:\d+|two|three|four|five|six|eight|ten|twelve)-(?:weekly|monthly)|"
                    rf"(?:once|twice|(?:\d+|{NUMBER_WORDS}) times)(?: (?:a|per|each|every) (?:year|month|week|day|annum))?|"
                    rf"on (?:\d+|{NUMBER_WORDS}) occasions|every (?:\w+ )?(?:years?|months?|weeks?|days?)|"
                    rf"(?:each|per|a) (?:year|month|week|annum))\b", re.I)
# What a particular sum is called: "how much is the fine" is not answered by a grant's £1.9 million.
_EARNINGS = "salar|pay\\b|paid|remunerat|allowance|earn"   # what someone is paid: "how much is the Leader paid?"
_PRICED = {"fine": "fine|fines|fined|penalt", "penalty": "fine|fines|fined|penalt", "fare": "fare|ticket",
           "ticket": "fare|ticket", "fee": "fee|charge", "salary": "salar|pay|paid|remunerat|allowance",
           "rent": "rent", "wage": "wage|pay|paid", "paid": _EARNINGS, "earn": _EARNINGS}


def priced(question: str) -> re.Pattern | None:
    """For "how much is the fine / a ticket / the fee": the words a sentence stating that sum uses."""
    for word in re.findall(r"[a-z]+", question.lower()):
        stem = word[:-1] if word.endswith("s") and word[:-1] in _PRICED else word
        if stem in _PRICED:
            return re.compile(rf"\b(?:{_PRICED[stem]})", re.I)
    return None


def states_price(text: str, called: re.Pattern) -> bool:
    """Whether one sentence of the text gives a sum of money and calls it what the question does."""
    return any(_MONEY.search(s) and called.search(s) for s in re.split(r"(?<=[.!?])\s+|\n", text))


# A sum of money: "£59m", "£1.2 million", "30 pounds", "free of charge".
# ("How much money does the council keep in reserve?" is answered by a share of a sum: "5% of the net revenue budget".)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s*(?:pounds|pence|p\b|million|m\b|bn\b|billion|k\b)|\bfree of charge\b|"
                    r"\bno charge\b|\bat no cost\b|"
                    r"\b\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+|its\s+)?(?:[a-z]+\s+){0,3}(?:budget|spend|spending|income|revenue|funding)\b",
                    re.I)
_FACTS = {"number": _FIGURE, "money": _MONEY, "count": _COUNT, "date": _DATE, "deadline": _AHEAD, "time": _CLOCK,
          "phone": _PHONE, "email": _EMAIL, "reason": _REASON, "outcome": _OUTCOME, "duration": _SPAN, "level": _FIGURE,
          "frequency": _OFTEN, "age": _AGE}


def quoted_fact(expected: str | None) -> re.Pattern | None:
    """The pattern of the kind of fact a question asks for (a figure for "how much", a count for "how many", a
    date, a time of day, a phone number, an email address), or None."""
    return _FACTS.get(expected or "")


def has_expected(expected: str | None, text: str, given: tuple[str, ...] = ()) -> bool:
    """Whether a passage holds the kind of fact the question asks for (a figure, a date, a time of day): a
    fine "reviewed in 2019" says nothing of how much it is. Figures the question gave ("the 18-25 team") are
    not the answer."""
    pattern = None if expected in SOFT else quoted_fact(expected)
    return pattern is None or pattern.search(_blank(text, given)) is not None


def holds(expected: str | None, text: str, given: tuple[str, ...] = ()) -> bool:
    """Whether a text holds the kind of fact asked for, a span of time for "how long" and a figure for "what level
    of" too: what a passage accepted on closeness of meaning alone must show. Not a reason: papers explain
    without "because"."""
    pattern = None if expected == "reason" else quoted_fact(expected)
    return pattern is None or pattern.search(_blank(text, given)) is not None


def given(question: str) -> tuple[str, ...]:
    """The figures a question gives itself ("the 18-25 service", "in 2023"), longest first."""
    return tuple(sorted(set(re.findall(r"\d+(?:[.,]\d+)*", question)), key=len, reverse=True))


def _blank(text: str, figures: tuple[str, ...]) -> str:
    """The text with the question's own figures taken out: "how many staff are in the 18-25 team" is not
    answered by "18"."""
    for g in figures:
        text = re.sub(rf"(?<![\d.,]){re.escape(g)}(?![\d])", " ", text)
    return text
