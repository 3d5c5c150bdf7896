"""Every sentence the bot says to residents, in one place so it can be reviewed (and translated).

Keep it short, plain English, no jargon. Values the resident typed are inserted as plain text; channels escape them.
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
URGENT_HELP = ("If you or someone else is in danger now, call 999. "
               "Domestic abuse: National Domestic Abuse Helpline 0808 2000 247 (free, 24 hours). "
               "If you are thinking of ending your life: Samaritans 116 123 (free, 24 hours). "
               "I am a bot and cannot send help.")
UNKNOWN_COMMAND = "I don't know the command {command}. Type /help to see what I can do."
UNKNOWN_CHOICE = "That button is out of date. Please start again, or type /help."
CANCELLED = "Done – we've stopped. What would you like to do next?"
NOTHING_TO_CANCEL = "There was nothing to cancel. Ask me a question, or type /help."
COMING_SOON = "That is coming soon. For now, contact democratic services: {contact}."

PRIVACY = (
    "What I store and why:\n"
    "• Your messages, only while a conversation is in progress, so you can pick up where you left off.\n"
    "• If you submit a public question: your name, address or postcode, email, phone (if you give it) "
    "and the question, because the council's rules require them. Your name and question may be "
    "published; your address, email and phone never are. Contact details are deleted {retention} "
    "months after the meeting.\n"
    "• Your subscriptions, so I can send you the alerts you asked for.\n"
    "Type /forget to delete what I hold about you."
)
FORGET_CONFIRM = ("This deletes what I store about you, including messages to any email address you gave me. "
                  "Are you sure?")
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


# ---------------------------------------------------------------------------------------------
# Public questions: submitting one (handlers/submit.py, screening.py, submissions.py, answers_match.py)
# ---------------------------------------------------------------------------------------------
PQ_PICK_MEETING = "Which meeting is your question for? These meetings still take questions:"
PQ_MEETING_LINE = "{n}. {meeting} – questions close at {deadline}"
PQ_MEETING_BUTTON = "{body} {day} (closes {deadline})"
PQ_CLOSED_LINE = "Too late for {meeting}: questions closed at {deadline}."
PQ_NONE_OPEN = ("No meeting is taking public questions at the moment. "
                "For help, contact democratic services: {contact}.")
PQ_PICK_AGAIN = "Please pick a meeting from the list."
PQ_MEETING_GONE = "I can't find that meeting any more (it may have been cancelled or moved)."
PQ_TOO_LATE = "Sorry, it is too late to ask a question at {meeting}. Questions had to arrive by {deadline}."
PQ_NEXT_OPEN = "The next meeting still taking questions is {meeting}: questions close at {deadline}."
PQ_NO_NEXT = "No other {body} meeting is taking questions yet."
PQ_DRAFT_KEPT = "I have kept what you wrote, so you can choose another meeting."
PQ_MEETING_CHOSEN = "Your question is for {meeting}. Questions close at {deadline}."
PQ_ASK_QUESTION = "Please type your question (no more than {limit} words)."
PQ_TOO_MANY_WORDS = "Your question has {words} words. The limit is {limit} words, so please shorten it."
PQ_ALREADY_ASKED = ("You have already sent {limit} question{s} to this meeting, which is as many as the "
                    "rules allow. You can ask at a later meeting.")
PQ_DUPLICATE = ("A similar question was asked recently ({source}):\n“{text}”\n"
                "Questions that are much the same as one asked in the last six months may be turned down. "
                "You can still go on.")
PQ_IN_PAPERS = "in the council's papers"
PQ_MEMBER_SOURCE = "{source}, asked by {asker}"
PQ_TOPIC = {
    "planning": "Your question seems to be about a planning application. Councils usually cannot take "
                "questions about a particular application at this meeting; staff will decide.",
    "licensing": "Your question seems to be about a licensing application. Councils usually cannot take "
                 "questions about a particular application at this meeting; staff will decide.",
    "personal_case": "Your question seems to be about a personal case. Public questions are usually about "
                     "matters that affect the area; for your own case, contact the council directly. "
                     "Staff will decide.",
    "other": "Your question mentions “{topic}”, which this meeting may not take questions about. Staff will decide.",
}
PQ_PERSONAL_DATA = ("Your question seems to include a {what}. The question will be published, so please "
                    "take out personal details.")
PQ_WARNINGS_FOOT = "You can change your question before you send it."
PQ_ASK_NAME = "What is your full name? (Your name is published with your question.)"
PQ_BAD_NAME = "Please give your full name: first name and surname, in letters."
PQ_ASK_ADDRESS = "What is your postal address or postcode? (This is never published.)"
PQ_BAD_ADDRESS = "Please give a postcode (like SG1 1HN) or your postal address."
PQ_ASK_EMAIL = "What is your email address? Democratic services will use it to reply."
PQ_ASK_EMAIL_OPTIONAL = "What is your email address? (You can skip this.)"
PQ_BAD_EMAIL = "That doesn't look like an email address. Please check it, for example name@example.com."
PQ_ASK_PHONE = "What is your phone number?"
PQ_ASK_PHONE_OPTIONAL = "What is your phone number? (You can skip this.)"
PQ_BAD_PHONE = "Please give a UK phone number, for example 01438 242242."
PQ_ASK_MEMBER = "Which councillor is your question for? For example, the Leader of the Council."
PQ_ASK_MEMBER_OPTIONAL = ("Is your question for a particular councillor, for example the Leader? "
                          "Type their name or role, or skip.")
PQ_WHO_MAY_ASK = {
    "residents": "you live in the council's area",
    "residents_workers_students": "you live, work or study in the council's area",
    "anyone": "the details you gave are correct",
}
PQ_NOTICE = ("Before you send it:\n"
             "• Your name and question will be published in the meeting papers and minutes, and may be "
             "read out at the meeting. Your address, email and phone are never published.\n"
             "• Democratic services decide whether the question is accepted.\n"
             "• By agreeing you confirm that {who}.")
PQ_AGREE_BUTTON = "I agree"
PQ_REVIEW_HEAD = "Please check your question:"
PQ_REVIEW_MEETING = "Meeting: {meeting} (questions close at {deadline})"
PQ_REVIEW_QUESTION = "\nQuestion ({words} of {limit} words):\n{question}\n"   # set apart: it may run long
PQ_REVIEW_NAME = "Name: {name}"
PQ_REVIEW_FIELD = {"address": "Address or postcode: {value}", "email": "Email: {value}",
                   "phone": "Phone: {value}", "member": "Councillor: {value}"}
PQ_NOT_GIVEN = "not given"
PQ_REVIEW_WARNINGS = "Points staff will look at:\n{notes}"
PQ_REVIEW_FOOT = "Press Confirm to send it, or change anything first."
PQ_CONFIRM_BUTTON = "Confirm and send"
PQ_CANCEL_BUTTON = "Cancel"
PQ_SKIP_BUTTON = "Skip"
PQ_USE_EMAIL_BUTTON = "Use this email address"
PQ_EDIT_BUTTON = {"q": "Edit question", "name": "Edit name", "addr": "Edit address", "email": "Edit email",
                  "phone": "Edit phone", "member": "Edit councillor", "meeting": "Change meeting"}
PQ_CANCELLED = "Your draft question has been deleted. Nothing was sent."
PQ_DRAFT_EXPIRED = ("Your unfinished question was deleted because it was left for more than {hours} hours "
                    "(we don't keep unfinished drafts with your details). Type /submit to start again.")
PQ_NOT_STORED = ("Sorry, something went wrong and your question was NOT sent. Your draft is kept: "
                 "please try Confirm again in a minute.")
PQ_CONFIRMED = ("Thank you. Your question has been received.\n"
                "Reference: {ref}\n"
                "Meeting: {meeting}\n"
                "What happens next: democratic services check every question and will tell you whether "
                "it is accepted. If it is, you may be invited to ask it at the meeting; if you can't "
                "attend or time runs out, you will get a written answer.{emailed}\n"
                "Questions? Contact democratic services: {contact}, quoting {ref}.")
PQ_EMAIL_COPY = " A copy will be emailed to {email}."
PQ_RECEIPT_SUBJECT = "Your public question {ref} has been received"
PQ_RECEIPT_EMAIL = ("Dear {name},\n\n"
                    "Thank you for your public question to {meeting}.\n"
                    "Reference: {ref}\n\n"
                    "Your question:\n{question}\n\n"
                    "Democratic services check every question and will tell you whether it is accepted. "
                    "Your name and question may be published; your address never is.\n\n"
                    "Questions? Contact democratic services: {contact}, quoting {ref}.\n")
PQ_STATUS_SUBJECT = "Your public question {ref}"
PQ_STATUS = {
    "accepted": "Good news: your question {ref} for {meeting} has been accepted. {reason}",
    "rejected": "Sorry: your question {ref} for {meeting} has not been accepted. Reason: {reason}",
    "withdrawn": "Your question {ref} for {meeting} has been withdrawn. {reason}",
}
PQ_NO_REASON = "Democratic services did not give a reason; contact them if you would like one."
PQ_FORGET_KEPT = ("Your question {ref} for {meeting} is kept until the meeting, because democratic "
                  "services need your details to take it. To withdraw it, contact them quoting {ref}.")
PQ_FORGET_PUBLISHED = ("Your address, email and phone have been deleted from your past questions. Your name "
                       "and question stay in the council's published papers.")
PQ_ANSWER_SUBJECT = "The answer to your public question {ref}"
PQ_ANSWER = ("The written answer to your question {ref} ({meeting}) has been published.\n\n"
             "Your question:\n{question}\n\n"
             "Answer{answerer}:\n{answer}\n\n"
             "Source: {citation}")


# ---------------------------------------------------------------------------------------------
# Answers from the papers and about meetings (handlers/answer.py, handlers/meetings.py)
# ---------------------------------------------------------------------------------------------
ANS_FROM_PAPERS = "Here is what the council's papers say:"
ANS_DEFINITION = "{acronym} stands for {expansion}."
ANS_READ_AS = "(I read {pairs}.)"
ANS_QUOTE = "“{text}”\n— {citation}"
ANS_NOT_FOUND = "I couldn't find an answer to that in the council's papers."
ANS_MEETING_ONLY = "What I can tell you from the meetings calendar:"
ANS_NEAREST = "The closest I found, which may not answer your question:"
ANS_PRIVATE_SUBJECT = ("The council dealt with that in private: “{item}” ({citation}) was a private item, so its "
                       "papers are not published and I can't tell you what they say. Democratic services can tell "
                       "you what has been made public since: {contact}.")
ANS_ASK_STAFF = ("Democratic services can help: {contact}. Or put your question to a meeting "
                 "formally with /submit.")
ANS_OTHER_SCRIPT = ("Sorry, I can only read questions written in English. Democratic services can "
                    "help in other languages: {contact}.")
ANS_NO_WORDS = "I couldn't find a question in that. Try asking in a few words, for example “What is the council doing about pet theft?”"
ANS_SUBMIT_BUTTON = "Put my question to a meeting"
ANS_PRIVATE_ITEM = " (a private item: its papers are not published)"
CITE_ITEM = "item {number} {title}"
CITE_PAGE = "page {page}"

MTG_NONE_FOUND = "I don't know of any {which} meeting{of_body}."
MTG_NONE_UPCOMING = "No upcoming meeting{of_body} has been published yet."
MTG_MOST_RECENT = "The most recent one I know of was {body} on {when}{venue}."
MTG_NONE_EARLIER = "I don't know of any earlier meeting{of_body}. The next one is {body} on {when}{venue}."
MTG_CHECK_CALENDAR = "New dates are published on {url}."
MTG_OF_BODY = " of {body}"
MTG_FULL_COUNCIL = "the full council"   # several bodies are full councils (a county's and a borough's)
MTG_NEXT = "The next meeting of {body} is on {when}{venue}."
MTG_LAST = "The last meeting of {body} was on {when}{venue}."
MTG_NEXT_ANY = "The next meeting is {body} on {when}{venue}."
MTG_LAST_ANY = "The last meeting was {body} on {when}{venue}."
MTG_AT_VENUE = ", in {venue}"
MTG_ONLINE = ", online: {venue}"
MTG_ON_AGENDA_NEXT = "“{item}” is on the agenda of {body} on {when}{venue}."
MTG_ON_AGENDA_PAST = "“{item}” was on the agenda of {body} on {when}{venue}."
MTG_TIME_UNKNOWN = " (time not yet published)"
MTG_ENDS = " (scheduled to end at {time})"
MTG_CANCELLED_SKIPPED = "({body} on {day} was cancelled.)"
MTG_AGENDA_HEAD = "Agenda for {body} on {when}:"
MTG_AGENDA_ITEM = "{number}. {title}"
MTG_AGENDA_MOTIONS = ": {titles}"
MTG_AGENDA_PRIVATE = "{number}. {title} (private item: its papers are not published)"
MTG_AGENDA_NOT_OUT = ("The agenda for {body} on {when} is not out yet. It must be published at least "
                      "five clear days before the meeting, so by {deadline} at the latest.")
MTG_AGENDA_LATE = ("I don't have the agenda for {body} on {when} yet, although it should have been "
                   "published by {deadline}. Check {url} or contact democratic services: {contact}.")
MTG_DECISIONS_HEAD = "What {body} decided on {when}:"
MTG_NO_DECISIONS = "I don't have the decisions of {body} on {when} yet; they appear when the minutes are published."
MTG_UPCOMING_HEAD = "Upcoming meetings:"
MTG_UPCOMING_NONE = "There are no upcoming meetings in my calendar. See {url} for the latest."
MTG_UPCOMING_LINE = "• {body}: {when}"
MTG_CANCELLED = " (cancelled)"
MTG_BUTTON_AGENDA = "{body} {day}: agenda"
MTG_BUTTON_DETAILS = "{body} {day}: details"
MTG_UNKNOWN = "I can't find that meeting any more. Type /meetings for the current list."
MTG_PAST = "That meeting has already taken place."
MTG_WAS_CANCELLED = "That meeting was cancelled."
MTG_NO_DATES = "I don't have the dates of meetings{of_body} yet. See {url} for the calendar."


# ---------------------------------------------------------------------------------------------
# Small talk and stray input outside any conversation (handlers/dispatch.py)
# ---------------------------------------------------------------------------------------------
ASK_PROMPT = "What would you like to know? Type your question in your own words."
GREETING_REPLY = ("Hello! Ask me about the council's meetings and papers in your own words, "
                  "or type /help to see what I can do.")
THANKS_REPLY = "You're welcome. Ask me anything else about the council, or type /help."
NO_BUTTONS_NOW = ("There is no list to choose from just now. Type /meetings for upcoming meetings, "
                  "or /help to see what I can do.")
# A meeting's details button (handlers/meetings.py): not "the next meeting", as it may be a later one.
MTG_DETAILS = "{body} meets on {when}{venue}."
MTG_DETAILS_PAST = "{body} met on {when}{venue}."
# A command sent in the middle of /submit leaves it: say the draft went, so nobody thinks it was sent.
PQ_DRAFT_LEFT = "(Your unfinished public question was not sent and has been deleted. Type /submit to start again.)"
