"""Settings the handlers need, built by bot.config from the TOML file (handlers never read files)."""
from __future__ import annotations

from dataclasses import dataclass, field

from handlers.rules import QuestionsConfig


@dataclass
class Settings:
    """Council details and behaviour switches that shape what the bot says."""

    council_name: str = "Stevenage Borough Council"
    timezone: str = "Europe/London"
    contact_email: str = "committees@stevenage.gov.uk"
    contact_phone: str = "01438 242242"
    contact_url: str = "https://democracy.stevenage.gov.uk"
    bodies: dict[str, list[str]] = field(default_factory=dict)   # canonical body -> other names
    draft_expiry_hours: int = 24
    questions: QuestionsConfig = field(default_factory=QuestionsConfig)   # from [questions], not [council]
