"""The README, config.example.toml and --help stay true to the code."""
from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from bot import cli, config
from handlers import rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "config.example.toml"

SECTIONS = {
    "council": config.Settings,
    "telegram": config.TelegramConfig,
    "smtp": config.SmtpConfig,
    "email": config.EmailConfig,
    "outbox": config.OutboxConfig,
}


def _keys(section: str) -> set[str]:
    """The settings a section accepts."""
    if section == "questions":
        return set(rules._RULE_KEYS) | set(rules._DEADLINE_KEYS) | set(rules._TOP_ONLY)
    return {f.name for f in dataclasses.fields(SECTIONS[section])}


def test_readme_starts_with_the_two_quick_start_commands():
    first_commands = re.findall(r"^    (python3 \S+ \w+)", README, re.M)[:2]
    assert first_commands == ["python3 dev.py start", "python3 dev.py test"]


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"councilbot {command}" in README


def test_every_command_has_help_text():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = [c.dest for c in sub._choices_actions if not c.help or "not built" in c.help]
    assert missing == []


def test_example_config_loads():
    cfg = config.load(EXAMPLE)
    assert cfg.database.name == "councilbot.db"


@pytest.mark.parametrize("section", sorted(SECTIONS) + ["questions"])
def test_every_setting_is_documented_in_the_example(section):
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    text = EXAMPLE.read_text(encoding="utf-8")
    fields = _keys(section)
    # A setting may be shown commented out when its default is fine for most councils.
    documented = (set(raw.get(section, {})) | set(re.findall(r"^#\s*(\w+)\s*=", text, re.M))
                  | set(re.findall(rf"^#?\s*\[{section}\.(\w+)", text, re.M)))
    assert sorted(fields - documented) == []


def test_no_secret_in_the_example_config():
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    flat = repr(raw).lower()
    assert "token =" not in flat and "password =" not in flat
    assert "token" not in raw.get("telegram", {}) and "password" not in raw.get("smtp", {})
