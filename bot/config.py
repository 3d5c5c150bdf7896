"""Configuration: the TOML file, its embedded defaults, and secrets from environment variables."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot import ConfigError
from handlers import rules
from handlers.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAPERS = PROJECT_ROOT / "samples"
DEFAULT_DB = Path("councilbot.db")


@dataclass
class TelegramConfig:
    """[telegram]: the Telegram channel. The token comes from COUNCILBOT_TELEGRAM_TOKEN only."""

    enabled: bool = False
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: str = "polling"                 # polling | webhook
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    admin_chat_ids: list[int] = field(default_factory=list)
    rate_limit_per_minute: int = 20
    poll_timeout_seconds: int = 30        # long-poll wait per getUpdates
    max_retries: int = 3                  # resends after a 429 "retry after" from Telegram
    token_env: str = "COUNCILBOT_TELEGRAM_TOKEN"
    webhook_secret_env: str = "COUNCILBOT_TELEGRAM_WEBHOOK_SECRET"

    @property
    def token(self) -> str:
        """The bot token from the environment (never from the file)."""
        return os.environ.get(self.token_env, "").strip()

    @property
    def webhook_secret(self) -> str:
        """The secret Telegram sends with each webhook call, from the environment."""
        return os.environ.get(self.webhook_secret_env, "").strip()

    def check(self, token: str | None = None) -> None:
        """Refuse, in one line, a Telegram setup that cannot start (checked before anything slow)."""
        if not (token if token is not None else self.token):
            raise ConfigError(f"Telegram is enabled but the environment variable {self.token_env} is not set")
        if self.mode not in ("polling", "webhook"):
            raise ConfigError(f"[telegram] mode must be 'polling' or 'webhook', not {self.mode!r}")
        if self.mode == "webhook" and not self.webhook_url:
            raise ConfigError("[telegram] mode = 'webhook' needs webhook_url (the public https address)")


@dataclass
class SmtpConfig:
    """[smtp]: the outgoing mail server. The password comes from COUNCILBOT_SMTP_PASSWORD."""

    host: str = "127.0.0.1"
    port: int = 25
    username: str = ""
    starttls: bool = False                # true: require STARTTLS; false: never try it
    use_tls: bool = False                 # TLS from the first byte (port 465)
    ca_file: str = ""                     # extra CA to trust (a test server's certificate)
    timeout_seconds: float = 30.0
    password_env: str = "COUNCILBOT_SMTP_PASSWORD"

    @property
    def password(self) -> str:
        """The SMTP password from the environment (never from the file)."""
        return os.environ.get(self.password_env, "")


@dataclass
class EmailConfig:
    """[email]: addresses the bot sends from and to."""

    from_address: str = "councilbot@council.test"
    from_name: str = ""                   # display name beside from_address
    democratic_services: str = "democratic@council.test"
    message_id_domain: str = "council.test"
    staff_alerts: str = ""                # where delivery failures are reported; "" = democratic_services
    default_subject: str = "A message from councilbot"
    html_alternative: bool = True         # add an HTML copy of the plain text


@dataclass
class OutboxConfig:
    """[outbox]: how often the delivery worker looks for mail, and how it retries."""

    poll_seconds: float = 15.0
    retry_base_seconds: float = 60.0      # first retry after this, doubling each time
    retry_max_seconds: float = 3600.0     # ... up to this
    alert_after_attempts: int = 5         # staff are told after this many failed attempts
    give_up_after_attempts: int = 48      # then the message is marked failed (staff can retry it)
    keep_sent_days: int = 30              # sent messages' contents are erased after this


@dataclass
class Config:
    """Everything `councilbot run` and the staff commands need, with working defaults."""

    path: Path | None = None
    database: Path = DEFAULT_DB
    papers: list[Path] = field(default_factory=lambda: [SAMPLE_PAPERS])
    console: bool = True
    log_level: str = "INFO"
    settings: Settings = field(default_factory=Settings)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    outbox: OutboxConfig = field(default_factory=OutboxConfig)
    questions: dict[str, Any] = field(default_factory=dict)   # [questions] rules, read by handlers


def _section(cls: type, data: dict[str, Any], name: str):
    """Build a dataclass from a TOML table, refusing unknown keys so typos are caught."""
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{name}]: {', '.join(unknown)}")
    return cls(**data)


def load(path: str | Path | None = None) -> Config:
    """Read a config file (or the embedded defaults when path is None)."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {p}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {p}: {exc}") from None
    base = p.parent
    top = {"council", "database", "papers", "channels", "logging", "telegram", "smtp", "email", "outbox", "questions"}
    unknown = sorted(set(raw) - top)
    if unknown:
        raise ConfigError(f"unknown section(s) in {p}: {', '.join(unknown)}")
    db = raw.get("database", {})
    papers = raw.get("papers", {})
    cfg = Config(
        path=p,
        database=base / db.get("path", str(DEFAULT_DB)),
        papers=[base / x for x in papers["paths"]] if "paths" in papers else [SAMPLE_PAPERS],
        console=raw.get("channels", {}).get("console", False),
        log_level=raw.get("logging", {}).get("level", "INFO"),
        settings=_section(Settings, raw.get("council", {}), "council"),
        telegram=_section(TelegramConfig, raw.get("telegram", {}), "telegram"),
        smtp=_section(SmtpConfig, raw.get("smtp", {}), "smtp"),
        email=_section(EmailConfig, raw.get("email", {}), "email"),
        outbox=_section(OutboxConfig, raw.get("outbox", {}), "outbox"),
        questions=raw.get("questions", {}),
    )
    cfg.settings.questions = rules.from_table(cfg.questions, send_to=cfg.email.democratic_services)
    return cfg
