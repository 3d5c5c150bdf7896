"""Minutes name a speaker's office once ("Mr Hook, Leader of the Liberal Democrat Group, said ...") and then only
the name: a question about "the Lib Dem leader" finds what he said in the paper's other paragraphs."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import roles, search
from test_answer_units import OTHER


def test_offices_are_read_where_the_minutes_introduce_people():
    assert roles.introduced("12) Mr Hook, Leader of the Liberal Democrat Group, explained that the Council had "
                            "existed since 1889.") == [("Hook", "Leader of the Liberal Democrat Group")]
    assert roles.introduced("9) The Leader of the Green & Independents Group, Mr Lehmann, referred to the "
                            "letter.") == [("Lehmann", "Leader of the Green & Independents Group")]
    assert roles.introduced("3. Mrs S Hammond (Corporate Director for Children's Services) elaborated.") == [
        ("Hammond", "Corporate Director for Children's Services")]
    # A comma after a name is not always an office.
    assert roles.introduced("Mr Baker, Mr Bartlett, Mrs Bell and Mr Bond voted for the motion.") == []
    assert roles.mentioned("14) Mr Hook said elections were needed; Mrs S Hammond agreed.") == {"Hook", "Hammond"}


def test_what_a_leader_said_later_in_the_minutes_is_found_by_the_office(db):
    papers_with(db, ["12) Mr Hook, Leader of the Liberal Democrat Group, explained that the Council had existed "
                     "since 1889 during which time it had gained and lost powers.",
                     "14) Mr Hook said there had been a lack of transparency and consultation. He said elections "
                     "were needed in May 2025.",
                     "15) Mr Brady said the elections should go ahead."] + OTHER)
    trace: list[dict] = []
    r = search.search(db, "What did the Liberal Democrat leader say about the elections?", trace=trace)
    assert any("needed in May 2025" in h.text for h in r.hits[:2])
    said = {t["id"]: t for t in trace}
    # Mr Hook's later paragraph carries his office as a heading would; Mr Brady's does not.
    assert said[2]["title"] > 0.5 and said[2]["coverage"] > said[3]["coverage"] + 0.4
