"""Email built from an Outgoing: the headers mail software relies on, the Message-ID from the key, attachments, sending."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone
from email import message_from_bytes, policy

import pytest

from bot.config import EmailConfig, SmtpConfig
from bot.mail import build_message, message_id, send_message
from bot.outbox import DeliveryError
from handlers.messages import Outgoing
from smtp_server import SmtpServer, self_signed_cert

CFG = EmailConfig(from_address="councilbot@council.test", from_name="Stevenage councilbot",
                  message_id_domain="council.test")
WHEN = datetime(2025, 7, 9, 12, 30, tzinfo=timezone.utc)
MSG_ID = re.compile(r"^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@council\.test>$")


def submission(**kw) -> Outgoing:
    base = dict(key="submission:PQ-2025-0007", channel="email", to="democratic@council.test",
                subject="Public question PQ-2025-0007 for Council, 16 July 2025",
                text="Reference: PQ-2025-0007\nName: Ann Example\n\nQuestion:\nWhy is the pool shut?",
                reply_to="ann@example.org")
    base.update(kw)
    return Outgoing(**base)


def reparse(msg):
    """What the receiving end sees: the message serialised and parsed back."""
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_message_id_comes_from_the_key_and_is_the_same_every_time():
    first = message_id("submission:PQ-2025-0007", "council.test")
    assert first == message_id("submission:PQ-2025-0007", "council.test")
    assert MSG_ID.match(first), first
    assert "PQ-2025-0007" in first


def test_keys_that_look_alike_get_different_message_ids():
    ids = {message_id(k, "council.test") for k in ("a:b", "a b", "a.b", "a@b", "", "ü ü")}
    assert len(ids) == 6
    assert all(MSG_ID.match(i) for i in ids), ids


def test_submission_email_has_the_headers_mail_software_needs():
    got = reparse(build_message(submission(), CFG, date=WHEN))
    assert got["From"].addresses[0].addr_spec == "councilbot@council.test"
    assert got["From"].addresses[0].display_name == "Stevenage councilbot"
    assert got["To"] == "democratic@council.test"
    assert got["Reply-To"] == "ann@example.org"
    assert got["Subject"] == "Public question PQ-2025-0007 for Council, 16 July 2025"
    assert got["Date"].datetime == WHEN
    assert got["Message-ID"] == message_id("submission:PQ-2025-0007", "council.test")
    assert got["Auto-Submitted"] == "auto-generated"
    assert "Why is the pool shut?" in got.get_body(("plain",)).get_content()


def test_html_alternative_carries_the_same_words_escaped():
    got = reparse(build_message(submission(text="Is <b>this</b> & that\nok?"), CFG, date=WHEN))
    html = got.get_body(("html",)).get_content()
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that<br>" in html
    plain_only = reparse(build_message(submission(), EmailConfig(html_alternative=False), date=WHEN))
    assert plain_only.get_body(("html",)) is None


def test_an_answer_is_marked_auto_replied():
    answer = submission(key="answer:PQ-2025-0007", headers={"In-Reply-To": "<abc@example.org>"})
    got = reparse(build_message(answer, CFG, date=WHEN))
    assert got["Auto-Submitted"] == "auto-replied"
    assert got["In-Reply-To"] == "<abc@example.org>"


def test_extra_headers_cannot_replace_the_message_id_or_inject_lines():
    out = submission(subject="Hello\r\nBcc: victim@example.org",
                     headers={"Message-ID": "<other@evil.test>", "List-Id": "x\nBcc: y@example.org"})
    raw = build_message(out, CFG, date=WHEN).as_bytes()
    got = message_from_bytes(raw, policy=policy.default)
    assert got["Message-ID"] == message_id(out.key, "council.test")
    assert got["Bcc"] is None
    assert got["Subject"] == "Hello Bcc: victim@example.org"


def test_attachment_arrives_with_its_name_type_and_bytes():
    data = json.dumps({"reference": "PQ-2025-0007", "name": "Ann Example"}).encode()
    got = reparse(build_message(submission(attachments=[("PQ-2025-0007.json", "application/json", data)]),
                                CFG, date=WHEN))
    [part] = list(got.iter_attachments())
    assert part.get_filename() == "PQ-2025-0007.json"
    assert part.get_content_type() == "application/json"
    assert part.get_payload(decode=True) == data


def test_a_recipient_that_is_not_an_address_is_refused_for_good():
    with pytest.raises(DeliveryError) as err:
        build_message(submission(to="12345"), CFG, date=WHEN)
    assert err.value.permanent


async def test_sent_message_reaches_a_real_smtp_server(smtp):
    msg = build_message(submission(), CFG, date=WHEN)
    await send_message(msg, SmtpConfig(host=smtp.host, port=smtp.port, timeout_seconds=5))
    [got] = smtp.received
    assert got.mail_from == "councilbot@council.test"
    assert got.rcpt_tos == ["democratic@council.test"]          # Reply-To is not a recipient
    assert got.message["Message-ID"] == message_id("submission:PQ-2025-0007", "council.test")


async def test_refused_recipient_is_a_permanent_failure(smtp):
    msg = build_message(submission(to="nobody@council.test"), CFG, date=WHEN)
    with pytest.raises(DeliveryError) as err:
        await send_message(msg, SmtpConfig(host=smtp.host, port=smtp.port, timeout_seconds=5))
    assert err.value.permanent
    assert smtp.received == []


async def test_server_down_is_a_failure_worth_retrying():
    msg = build_message(submission(), CFG, date=WHEN)
    with pytest.raises(DeliveryError) as err:
        await send_message(msg, SmtpConfig(host="127.0.0.1", port=SmtpServer().port, timeout_seconds=5))
    assert not err.value.permanent


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl tool to make a test certificate")
async def test_starttls_trusts_the_configured_ca_and_nothing_else(tmp_path):
    import ssl

    cert, key = self_signed_cert(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    server = SmtpServer(tls_context=ctx).start()
    try:
        msg = build_message(submission(), CFG, date=WHEN)
        with pytest.raises(DeliveryError) as err:   # certificate checks stay on without ca_file
            await send_message(msg, SmtpConfig(host=server.host, port=server.port, starttls=True, timeout_seconds=5))
        assert "certificate" in str(err.value).lower()
        await send_message(msg, SmtpConfig(host=server.host, port=server.port, starttls=True,
                                           ca_file=str(cert), timeout_seconds=5))
        assert [r.message["Message-ID"] for r in server.received] == [msg["Message-ID"]]
    finally:
        server.stop()
