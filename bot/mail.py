"""Outgoing email: a standards-correct message built from an Outgoing, and sending it with aiosmtplib."""
from __future__ import annotations

import hashlib
import html
import logging
import re
import ssl
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from bot.config import EmailConfig, SmtpConfig
from bot.outbox import DeliveryError
from handlers.messages import Outgoing

log = logging.getLogger(__name__)

# Headers the message builder owns; an Outgoing may add others (In-Reply-To, List-Unsubscribe...)
# but may not replace these, or the Message-ID that makes resends recognisable could be lost.
OWN_HEADERS = {"message-id", "from", "to", "cc", "bcc", "date", "subject", "reply-to",
               "mime-version", "content-type", "content-transfer-encoding"}
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")


def message_id(key: str, domain: str) -> str:
    """The Message-ID for an outbox key: readable, valid (RFC 5322 dot-atom) and the same on every resend."""
    slug = ".".join(p for p in _NOT_ATEXT.split(key) if p)[:64].strip(".")
    # The hash keeps two keys apart that slug to the same text ("a:b" and "a b").
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return f"<{slug + '.' if slug else ''}{digest}@{domain}>"


def _one_line(text: str) -> str:
    """Header values are one line: a resident's text with a newline must not inject headers."""
    return " ".join(text.split())


def _text_to_html(text: str) -> str:
    """A minimal HTML alternative: the same words, paragraphs kept, nothing added."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p]
    body = "\n".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paras)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'


def build_message(out: Outgoing, cfg: EmailConfig, *, date: datetime) -> EmailMessage:
    """The email for one outbox message: From/To/Subject/Date/Message-ID/Reply-To, Auto-Submitted, body, attachments."""
    if "@" not in parseaddr(out.to)[1]:
        raise DeliveryError(f"not an email address: {out.to!r}", permanent=True)
    msg = EmailMessage()
    msg["From"] = Address(display_name=cfg.from_name, addr_spec=cfg.from_address) if cfg.from_name \
        else cfg.from_address
    msg["To"] = out.to
    msg["Subject"] = _one_line(out.subject or cfg.default_subject)
    msg["Date"] = format_datetime(date if date.tzinfo else date.replace(tzinfo=timezone.utc))
    msg["Message-ID"] = message_id(out.key, cfg.message_id_domain)
    if out.reply_to:
        msg["Reply-To"] = _one_line(out.reply_to)
    extra = {k: _one_line(v) for k, v in out.headers.items() if k.lower() not in OWN_HEADERS}
    # RFC 3834: an answer to something the resident sent is auto-replied, everything else the
    # bot starts (digests, reminders, alerts) is auto-generated; either way mail robots stay quiet.
    if not any(k.lower() == "auto-submitted" for k in extra):
        replying = any(k.lower() == "in-reply-to" for k in extra)
        msg["Auto-Submitted"] = "auto-replied" if replying else "auto-generated"
    for name, value in extra.items():
        msg[name] = value
    msg.set_content(out.text)
    if cfg.html_alternative:
        msg.add_alternative(_text_to_html(out.text), subtype="html")
    for filename, mime, data in out.attachments:
        maintype, _, subtype = (mime or "application/octet-stream").partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return msg


def tls_context(cfg: SmtpConfig) -> ssl.SSLContext:
    """Certificate checks always on; ca_file adds a private CA (a test server's self-signed one)."""
    return ssl.create_default_context(cafile=cfg.ca_file or None)


async def send_message(msg: EmailMessage, cfg: SmtpConfig) -> str:
    """Hand the message to the SMTP server; returns its reply, raises DeliveryError when it is not accepted."""
    password = cfg.password
    try:
        errors, reply = await aiosmtplib.send(
            msg,
            hostname=cfg.host,
            port=cfg.port,
            username=cfg.username or None,
            password=password if cfg.username else None,
            use_tls=cfg.use_tls,
            # starttls=true requires the upgrade; false never tries it (a plain local relay), so
            # behaviour does not change silently when a server starts offering it.
            start_tls=cfg.starttls if not cfg.use_tls else False,
            tls_context=tls_context(cfg) if (cfg.use_tls or cfg.starttls) else None,
            timeout=cfg.timeout_seconds,
        )
    except (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPSenderRefused) as exc:
        raise DeliveryError(f"mail server refused: {exc}", permanent=_permanent(exc)) from exc
    except aiosmtplib.SMTPAuthenticationError as exc:
        # Wrong credentials are fixed in the config, then the queued mail should still go.
        raise DeliveryError(f"mail server refused our login: {exc.code} {exc.message}") from exc
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryError(f"mail server said {exc.code} {exc.message}",
                            permanent=500 <= exc.code < 600) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"cannot reach mail server {cfg.host}:{cfg.port}: {exc}") from exc
    if errors:
        raise DeliveryError(f"mail server refused recipients: {errors}", permanent=True)
    return reply


def _permanent(exc: Exception) -> bool:
    """5xx refusals are permanent; 4xx (greylisting, mailbox busy) are worth retrying."""
    codes = [e.code for e in getattr(exc, "recipients", [])] or [getattr(exc, "code", 0)]
    return all(500 <= c < 600 for c in codes)


def email_sender(smtp: SmtpConfig, email: EmailConfig):
    """The outbox sender for channel "email": build, then send; Date is the moment of sending."""

    async def send(out: Outgoing) -> None:
        msg = build_message(out, email, date=datetime.now(timezone.utc))
        reply = await send_message(msg, smtp)
        log.info("email %s accepted by %s: %s", msg["Message-ID"], smtp.host, reply.strip()[:80])

    return send
