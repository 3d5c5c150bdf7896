"""Public-question deadlines: the worked cases in domain.md, properties, noon cut-off, daylight saving."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from handlers import rules
from handlers.deadlines import DeadlineError, DeadlineRule, compute, for_meeting, is_working_day

LONDON = ZoneInfo("Europe/London")
# The worked cases of the shared domain notes (docs/domain.md, "Clear working days"), copied here so
# the project stands alone; England and Wales bank holidays.
WORKED = [
    (date(2025, 7, 16), 7, date(2025, 7, 4)),
    (date(2026, 4, 8), 7, date(2026, 3, 25)),
    (date(2026, 4, 8), 3, date(2026, 3, 31)),
    (date(2025, 12, 31), 5, date(2025, 12, 19)),
    (date(2027, 1, 5), 5, date(2026, 12, 23)),
    (date(2027, 12, 29), 5, date(2027, 12, 17)),
]


@pytest.mark.parametrize("meeting,count,last_day", WORKED)
def test_worked_cases_from_domain_md_come_out_exactly(meeting, count, last_day):
    dl = compute(meeting, DeadlineRule(count=count))
    assert dl.last_day == last_day
    assert dl.at == datetime.combine(last_day, time(12), LONDON)


def test_explanation_names_the_bank_holidays_and_the_counted_days():
    text = compute(date(2025, 12, 31), DeadlineRule(count=5)).explanation()
    assert "Christmas Day" in text and "Boxing Day" in text
    assert "Tue 30 Dec, Mon 29 Dec, Wed 24 Dec, Tue 23 Dec, Mon 22 Dec" in text
    assert text.splitlines()[-1] == "Last day for questions: Friday 19 December 2025, by 12 noon."


def test_council_closure_day_and_one_off_holiday_from_config_move_the_deadline_back():
    plain = compute(date(2027, 1, 5), DeadlineRule(count=5))
    closed = compute(date(2027, 1, 5), DeadlineRule(count=5, closure_days={date(2026, 12, 24): "Christmas Eve"}))
    assert (plain.last_day, closed.last_day) == (date(2026, 12, 23), date(2026, 12, 22))
    assert "Christmas Eve" in closed.explanation()
    # The 2022 state funeral was a one-off bank holiday the library may not know about.
    funeral = compute(date(2022, 9, 21), DeadlineRule(count=3, extra_holidays={date(2022, 9, 19): "State funeral"}))
    assert funeral.last_day == date(2022, 9, 14) and "State funeral" in funeral.explanation()


def test_working_days_and_calendar_days_units():
    assert compute(date(2025, 7, 16), DeadlineRule(count=3, unit="working_days")).last_day == date(2025, 7, 11)
    # Newark: 8 calendar days; 8 days before Wed 31 Dec 2025 is Tue 23 Dec, a working day.
    assert compute(date(2025, 12, 31), DeadlineRule(count=8, unit="calendar_days")).last_day == date(2025, 12, 23)
    # 10 days before Tue 5 Jan 2027 is Sat 26 Dec: moved back past the weekend and Christmas to Thu 24 Dec.
    dl = compute(date(2027, 1, 5), DeadlineRule(count=10, unit="calendar_days"))
    assert dl.last_day == date(2026, 12, 24) and "Christmas Day" in dl.explanation()


def test_noon_cut_off_open_at_11_59_closed_at_12_00():
    dl = compute(date(2025, 7, 16), DeadlineRule(count=7))
    assert dl.is_open(datetime(2025, 7, 4, 11, 59, 59, tzinfo=LONDON))
    assert not dl.is_open(datetime(2025, 7, 4, 12, 0, tzinfo=LONDON))
    # The same instants given in UTC (BST is UTC+1) give the same answers.
    assert dl.is_open(datetime(2025, 7, 4, 10, 59, tzinfo=timezone.utc))
    assert not dl.is_open(datetime(2025, 7, 4, 11, 0, tzinfo=timezone.utc))


def test_daylight_saving_the_cut_off_is_noon_london_time_either_side_of_the_change():
    # Clocks went forward on Sun 29 Mar 2026: 25 Mar is GMT, 31 Mar is BST.
    before = compute(date(2026, 4, 8), DeadlineRule(count=7)).at
    after = compute(date(2026, 4, 8), DeadlineRule(count=3)).at
    assert before.astimezone(timezone.utc).hour == 12 and after.astimezone(timezone.utc).hour == 11
    # Clocks went back on Sun 26 Oct 2025: a Wed 29 Oct meeting, 3 clear days -> Thu 23 Oct (BST).
    autumn = compute(date(2025, 10, 29), DeadlineRule(count=3)).at
    assert autumn.date() == date(2025, 10, 23) and autumn.astimezone(timezone.utc).hour == 11


def test_meeting_day_is_taken_in_london_time_not_utc():
    # 00:30 on Mon 30 Mar 2026 BST is still Sun 29 Mar in UTC.
    dl = for_meeting("2026-03-29T23:30:00+00:00", DeadlineRule(count=1))
    assert dl.meeting_day == date(2026, 3, 30)
    assert dl.last_day == date(2026, 3, 26)


def test_bad_rules_are_refused_with_a_clear_message():
    with pytest.raises(DeadlineError, match="unit"):
        DeadlineRule(unit="fortnights")
    with pytest.raises(DeadlineError, match="too small"):
        DeadlineRule(count=0, unit="calendar_days")
    with pytest.raises(rules.RulesError, match="deadline_cuont"):
        rules.from_table({"deadline_cuont": 3})
    with pytest.raises(rules.RulesError, match="2025-13-01"):
        rules.from_table({"closure_days": ["2025-13-01"]})


def test_per_body_rules_override_the_defaults_and_match_other_names():
    q = rules.from_table({"deadline_count": 5, "word_limit": 125,
                          "bodies": {"Council": {"deadline_count": 10, "deadline_time": "17:00"}}})
    council = q.for_body("council")
    assert (council.deadline.count, council.deadline.cutoff, council.word_limit) == (10, time(17), 125)
    assert q.for_body("Executive").deadline.count == 5
    assert q.for_body("Full Council", {"Council": ["Full Council"]}).deadline.count == 10


def test_deadline_command_prints_the_deadline_and_how_it_was_worked_out(capsys, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[questions]\ndeadline_count = 5\n[questions.bodies."Council"]\ndeadline_count = 7\n')
    rc, out, _ = run_cli(capsys, "deadline", "--body", "Council", "--meeting-date", "2025-07-16", "--config", cfg)
    assert rc == 0
    assert "Deadline: 12 noon on Friday 4 July 2025" in out
    assert "Not counted: Sun 13 Jul (weekend)" in out
    rc, out, _ = run_cli(capsys, "deadline", "--body", "Cabinet", "--meeting-date", "2025-07-16", "--config", cfg)
    assert rc == 0 and "Deadline: 12 noon on Tuesday 8 July 2025" in out
    rc, _, err = run_cli(capsys, "deadline", "--body", "Council", "--meeting-date", "16/07/2025")
    assert rc == 1 and "--meeting-date must look like" in err


meeting_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
any_rule = st.builds(DeadlineRule, count=st.integers(1, 15), unit=st.sampled_from(
    ["clear_working_days", "working_days", "calendar_days"]))


@settings(max_examples=300, deadline=None)
@given(meeting_days, any_rule)
def test_property_the_deadline_is_a_working_day_strictly_before_the_meeting(meeting, rule):
    dl = compute(meeting, rule)
    assert dl.last_day < meeting
    assert is_working_day(dl.last_day, rule)
    if rule.unit == "clear_working_days":   # exactly `count` working days lie strictly between
        between = [meeting - timedelta(days=i) for i in range(1, (meeting - dl.last_day).days)]
        assert sum(is_working_day(d, rule) for d in between) == rule.count


@settings(max_examples=300, deadline=None)
@given(meeting_days, any_rule, st.integers(1, 40))
def test_property_adding_a_holiday_never_makes_the_deadline_later(meeting, rule, days_before):
    extra = meeting - timedelta(days=days_before)
    more = DeadlineRule(count=rule.count, unit=rule.unit, extra_holidays={extra: "one-off"})
    assert compute(meeting, more).last_day <= compute(meeting, rule).last_day


@settings(max_examples=200, deadline=None)
@given(meeting_days, st.integers(1, 14), st.sampled_from(["clear_working_days", "working_days", "calendar_days"]))
def test_property_a_longer_notice_period_never_gives_a_later_deadline(meeting, count, unit):
    assert compute(meeting, DeadlineRule(count=count + 1, unit=unit)).last_day <= \
        compute(meeting, DeadlineRule(count=count, unit=unit)).last_day
