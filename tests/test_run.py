"""`councilbot run` as staff start it: a real process, stopped by a signal, failing with one clear line."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def start():
    """Start `councilbot run ARGS` (no COUNCILBOT_ variables but `env`); any still running at the end is killed."""
    procs = []

    async def spawn(*args: str, env: dict | None = None) -> asyncio.subprocess.Process:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILBOT_")}
        full_env.update(env or {})
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", *args, cwd=ROOT, env=full_env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        procs.append(proc)
        return proc

    yield spawn
    for proc in procs:      # a failed test must not leave a bot running to load the machine
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def read_until(stream: asyncio.StreamReader, marker: str, timeout: float = 60) -> str:
    """Everything the process printed up to and including the line holding marker."""
    seen = []

    async def scan():
        while True:
            line = (await stream.readline()).decode()
            if not line:
                raise AssertionError("output ended before " + repr(marker) + ":\n" + "".join(seen))
            seen.append(line)
            if marker in line:
                return "".join(seen)
    return await asyncio.wait_for(scan(), timeout)


@pytest.mark.slow
async def test_run_answers_on_the_console_and_stops_cleanly_on_sigterm(start, tmp_path):
    proc = await start("--db", str(tmp_path / "bot.db"))
    proc.stdin.write(b"/help\n")
    await proc.stdin.drain()
    await read_until(proc.stdout, "councilbot running")
    out = await read_until(proc.stdout, "/forget")          # the help text, answered on the console
    assert "What I can do" in out
    proc.send_signal(signal.SIGTERM)                         # stdin is still open: must not hang
    rest, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    assert "database closed" in rest.decode() and "Traceback" not in err.decode()


@pytest.mark.slow
async def test_run_loads_the_sample_papers_on_first_start_only(start, tmp_path):
    for expect_loading in (True, False):
        proc = await start("--db", str(tmp_path / "bot.db"))
        out = await read_until(proc.stdout, "councilbot running")
        assert ("first start: loading papers" in out) is expect_loading
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0


def telegram_config(tmp_path: Path, base_url: str = "https://api.telegram.org/bot") -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[database]\npath = "bot.db"\n[papers]\npaths = []\n'
                   f'[telegram]\nenabled = true\nbase_url = "{base_url}"\n', encoding="utf-8")
    return cfg


async def test_a_missing_token_stops_run_with_one_clear_line(start, tmp_path):
    proc = await start("--config", str(telegram_config(tmp_path)))
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    assert err.decode().splitlines() == [
        "councilbot: Telegram is enabled but the environment variable COUNCILBOT_TELEGRAM_TOKEN is not set"]
    assert "Traceback" not in out.decode()
    assert not (tmp_path / "bot.db").exists()      # refused before opening the database or loading papers


async def test_a_rejected_token_stops_run_with_one_clear_line(start, tmp_path):
    fake = await FakeTelegram().start()
    try:
        proc = await start("--config", str(telegram_config(tmp_path, fake.base_url)),
                           env={"COUNCILBOT_TELEGRAM_TOKEN": "42:wrong"})
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        await fake.stop()
    assert proc.returncode == 1
    assert err.decode().splitlines() == ["councilbot: Telegram rejected the bot token in COUNCILBOT_TELEGRAM_TOKEN"]
    assert "Traceback" not in out.decode()
