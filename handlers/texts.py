"""Every sentence the bot says to residents, in one place so it can be reviewed (and translated).

Keep it short, plain English, no jargon. Values the resident typed are inserted as plain text;
channels escape them for their own markup.
"""

WELCOME = (
    "Hello! I answer questions about {council}'s meetings and papers.\n"
    "Ask me anything in your own words, for example:\n"
    "• When is the next council meeting?\n"
    "• What is the council doing about pet theft?\n"
    "I quote the council's own papers and say where the words come from."
)

HELP = (
    "What I can do:\n"
    "/meetings – upcoming meetings and their agendas\n"
    "/ask – ask about the council's papers (or just type your question)\n"
    "/submit – put a public question to a meeting\n"
    "/subscribe – get alerts about meetings or topics\n"
    "/mysubscriptions – see your alerts\n"
    "/privacy – what I store about you and why\n"
    "/forget – delete what I store about you\n"
    "/cancel – stop what we are doing\n"
    "For anything else, contact democratic services: {contact}."
)

CONTACT = "{email}, phone {phone}"

EMPTY = "Your message was empty. Type a question, or /help to see what I can do."
TOO_LONG = ("Your message is too long for me ({length} characters). "
            "Please keep it under {limit} characters, or send it in parts.")
UNREADABLE = "I could not read that message. Please send your question as plain text."
UNKNOWN_COMMAND = "I don't know the command {command}. Type /help to see what I can do."
UNKNOWN_CHOICE = "That button is out of date. Please start again, or type /help."
CANCELLED = "Done – we've stopped. What would you like to do next?"
NOTHING_TO_CANCEL = "There was nothing to cancel. Ask me a question, or type /help."
COMING_SOON = "That is coming soon. For now, contact democratic services: {contact}."

PRIVACY = (
    "What I store and why:\n"
    "• Your messages, only while a conversation is in progress, so you can pick up where you left off.\n"
    "• If you submit a public question: your name, address or postcode, email and the question, "
    "because the council's rules require them. Your name and question may be published; your "
    "address never is. Contact details are deleted {retention} months after the meeting.\n"
    "• Your subscriptions, so I can send you the alerts you asked for.\n"
    "Type /forget to delete what I hold about you."
)
FORGET_CONFIRM = "This deletes everything I store about you here. Are you sure?"
FORGET_YES = "Yes, delete my data"
FORGET_NO = "No, keep it"
FORGOTTEN = "Done. I have deleted what I held about you."
FORGET_KEPT = "Nothing was deleted."


# ---------------------------------------------------------------------------------------------
# Public questions: deadlines (handlers/deadlines.py)
# ---------------------------------------------------------------------------------------------
DL_WEEKEND = "weekend"
DL_BANK_HOLIDAY = "bank holiday: {name}"
DL_CLOSURE = "council closure day"
DL_ONE_OFF = "one-off holiday"
DL_NOON = "12 noon"
DL_MIDNIGHT = "midnight"
DL_AT = "{time} on {day}"
DL_MEETING = "Meeting: {day}."
DL_RULE = {
    "clear_working_days": "Rule: questions must arrive by {time}, {count} clear working days before the "
                          "meeting. Clear days do not count the day the question arrives or the meeting day.",
    "working_days": "Rule: questions must arrive by {time}, {count} working days before the meeting.",
    "calendar_days": "Rule: questions must arrive by {time}, {count} calendar days before the meeting.",
}
DL_COUNTED = {
    "clear_working_days": "Clear working days counted back from the meeting: {days}.",
    "working_days": "Working days counted back from the meeting: {days}.",
}
DL_CALENDAR = "{count} days before the meeting is {day}."
DL_MOVED_BACK = "That is not a working day, so the deadline moves back past: {days}."
DL_SKIPPED = "Not counted: {days}."
DL_RESULT = "Last day for questions: {day}, by {time}."

# --- Telegram channel and every chat channel's guard rails (issue 4) ---------------------------
RATE_LIMITED = ("You are sending messages faster than I can answer them. "
                "Please wait a minute, then try again.")
SOMETHING_WENT_WRONG = ("Sorry, something went wrong on my side. Please try again. If it keeps "
                        "happening, contact democratic services and quote reference {ref}.")
NOT_TEXT = "I can only read text messages. Please type your question."
# The command menu Telegram shows beside the message box: (command, short description).
COMMAND_MENU = [
    ("start", "What I can do"),
    ("help", "Commands and contact details"),
    ("meetings", "Upcoming meetings and agendas"),
    ("ask", "Ask about the council's papers"),
    ("submit", "Put a public question to a meeting"),
    ("subscribe", "Get alerts about meetings or topics"),
    ("mysubscriptions", "See your alerts"),
    ("privacy", "What I store about you and why"),
    ("forget", "Delete what I store about you"),
    ("cancel", "Stop what we are doing"),
]
