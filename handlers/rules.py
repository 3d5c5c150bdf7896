"""Each body's public-question rules, built from the `[questions]` config table.

`[questions]` holds the defaults; `[questions.bodies."Council"]` overrides any of them for one
body. bot.config passes the raw table to `from_table`; handlers only ever see the result.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, time
from typing import Any

from handlers import HandlerError
from handlers.deadlines import DeadlineError, DeadlineRule

log = logging.getLogger(__name__)

WHO_MAY_ASK = ("residents", "residents_workers_students", "anyone")
DETAILS = ("full_name", "address_or_postcode", "email", "phone")


class RulesError(HandlerError, ValueError):
    """The [questions] config table holds an unknown key or a bad value."""


@dataclass(frozen=True)
class QuestionRules:
    """The rules for public questions to one body's meetings."""

    accepts_questions: bool = True
    deadline: DeadlineRule = field(default_factory=DeadlineRule)
    word_limit: int = 100
    questions_per_person: int = 1
    who_may_ask: str = "residents_workers_students"
    required_details: tuple[str, ...] = ("full_name", "address_or_postcode", "email")
    optional_details: tuple[str, ...] = ("phone",)
    member_must_be_named: bool = False
    members: tuple[str, ...] = ()          # suggested addressees, offered as buttons
    duplicate_window_months: int = 6
    flag_topics: tuple[str, ...] = ("planning", "licensing", "personal_case")
    retention_months: int = 12

    def asks_for(self, detail: str) -> bool:
        """True when the flow should ask for this detail (required or optional)."""
        return detail in self.required_details or detail in self.optional_details

    def requires(self, detail: str) -> bool:
        """True when the detail cannot be skipped."""
        return detail in self.required_details


@dataclass(frozen=True)
class QuestionsConfig:
    """Default rules, per-body overrides, and where submissions are emailed."""

    defaults: QuestionRules = field(default_factory=QuestionRules)
    bodies: dict[str, QuestionRules] = field(default_factory=dict)
    send_to: str = "democratic@council.test"

    def for_body(self, body: str, aliases: dict[str, list[str]] | None = None) -> QuestionRules:
        """The rules for a body, matched case-insensitively, also through the body's other names."""
        wanted = _norm(body)
        names = {_norm(k): k for k in self.bodies}
        if wanted in names:
            return self.bodies[names[wanted]]
        for canonical, others in (aliases or {}).items():
            if wanted in {_norm(o) for o in others} | {_norm(canonical)} and _norm(canonical) in names:
                return self.bodies[names[_norm(canonical)]]
        return self.defaults


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


_DEADLINE_KEYS = {"deadline_count": "count", "deadline_unit": "unit", "deadline_time": "cutoff",
                  "closure_days": "closure_days", "extra_holidays": "extra_holidays", "timezone": "timezone"}
_RULE_KEYS = {f.name for f in fields(QuestionRules)} - {"deadline"}
_TOP_ONLY = {"send_to", "bodies"}


def _dates(value: Any, key: str) -> dict[date, str]:
    """A list of dates, or a table of date -> name, as {date: name}."""
    items = value.items() if isinstance(value, dict) else ((v, "") for v in value or [])
    out = {}
    for k, name in items:
        try:
            out[k if isinstance(k, date) else date.fromisoformat(str(k))] = str(name)
        except ValueError:
            raise RulesError(f"[questions] {key}: {k!r} is not a date like 2025-12-24") from None
    return out


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise RulesError(f"[questions] deadline_time must look like \"12:00\", not {value!r}") from None


def _apply(base: QuestionRules, table: dict[str, Any], where: str) -> QuestionRules:
    """`base` with the keys of one TOML table applied."""
    unknown = sorted(set(table) - _RULE_KEYS - set(_DEADLINE_KEYS) - _TOP_ONLY)
    if unknown:
        raise RulesError(f"unknown setting(s) in {where}: {', '.join(unknown)}")
    dl: dict[str, Any] = {}
    for key, attr in _DEADLINE_KEYS.items():
        if key in table:
            v = table[key]
            dl[attr] = (_time(v) if attr == "cutoff" else _dates(v, key) if attr.endswith(("days", "holidays"))
                        else v)
    changes: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v)
                               for k, v in table.items() if k in _RULE_KEYS}
    try:
        if dl:
            changes["deadline"] = replace(base.deadline, **dl)
        rules = replace(base, **changes)
    except (DeadlineError, TypeError) as exc:
        raise RulesError(f"{where}: {exc}") from None
    if rules.who_may_ask not in WHO_MAY_ASK:
        raise RulesError(f"{where}: who_may_ask must be one of {', '.join(WHO_MAY_ASK)}")
    bad = sorted(set(rules.required_details + rules.optional_details) - set(DETAILS))
    if bad or "full_name" not in rules.required_details:
        raise RulesError(f"{where}: details must come from {', '.join(DETAILS)} and include full_name")
    for key in ("word_limit", "questions_per_person", "duplicate_window_months", "retention_months"):
        if not isinstance(getattr(rules, key), int) or getattr(rules, key) < 1:
            raise RulesError(f"{where}: {key} must be a whole number of at least 1")
    return rules


def from_table(table: dict[str, Any] | None, send_to: str = "democratic@council.test") -> QuestionsConfig:
    """Build the rules from the raw `[questions]` table (None or {} gives the defaults)."""
    table = dict(table or {})
    bodies_raw = table.pop("bodies", {}) or {}
    defaults = _apply(QuestionRules(), table, "[questions]")
    bodies = {name: _apply(defaults, dict(sub), f'[questions.bodies."{name}"]')
              for name, sub in bodies_raw.items()}
    return QuestionsConfig(defaults, bodies, str(table.get("send_to") or send_to))
