"""The "which place does EST mean?" buttons and question state: the codecs take only an
asked-about abbreviation and one of its places; the service takes a press only for the
question open for that user in that flow, once."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.buttons import OnboardingZonePick, SettingsZonePick
from bot.db.models import User
from bot.domain.triage.lang import language_of
from bot.domain.zones import AMBIGUOUS, UNAMBIGUOUS
from bot.services import zones

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize("family", [OnboardingZonePick, SettingsZonePick])
def test_every_place_of_every_abbreviation_round_trips(
    family: type[OnboardingZonePick] | type[SettingsZonePick],
) -> None:
    for abbreviation, places in AMBIGUOUS.items():
        for n in range(len(places)):
            press = family(abbreviation, n)
            assert family.unpack(press.pack()) == press


@pytest.mark.parametrize(
    "data",
    ["obz:EST:2", "obz:EST:-1", "obz:est:0", "obz:XYZ:0", "obz:EST", "obz:EST:0:1", "sez:EST:0"],
)
def test_onboarding_picks_refuse_what_was_never_offered(data: str) -> None:
    assert OnboardingZonePick.unpack(data) is None


def _user() -> User:
    return User(id=1, chat_id=1, created_at=NOW, updated_at=NOW)


def test_a_pick_is_taken_once_only_for_the_open_question_of_its_flow() -> None:
    user = _user()
    assert zones.take(user, zones.ONBOARDING, "EST", 0) is None  # never asked
    zones.ask(user, zones.ONBOARDING, "EST")
    assert zones.asked(user, zones.ONBOARDING) == "EST"
    assert zones.asked(user, zones.SETTINGS) is None
    assert zones.take(user, zones.SETTINGS, "EST", 0) is None  # the other flow's button
    assert zones.take(user, zones.ONBOARDING, "PST", 0) is None  # another question's
    assert zones.take(user, zones.ONBOARDING, "EST", 2) is None  # no such place
    assert zones.take(user, zones.ONBOARDING, "EST", 0) == "America/New_York"
    assert user.awaiting is None
    assert zones.take(user, zones.ONBOARDING, "EST", 1) is None  # answered already


def test_a_zone_set_otherwise_closes_the_question_but_nothing_else() -> None:
    user = _user()
    zones.ask(user, zones.SETTINGS, "CST")
    zones.settle(user, zones.SETTINGS)
    assert user.awaiting is None
    user.awaiting = "pain_detail"
    zones.settle(user, zones.SETTINGS)
    assert user.awaiting == "pain_detail"


def test_fixed_labels() -> None:
    assert zones.fixed_label("Etc/GMT+5") == "UTC−5"
    assert zones.fixed_label("Etc/GMT-14") == "UTC+14"
    assert zones.fixed_label("UTC") == "UTC+0"
    assert zones.fixed_label("America/New_York") is None


@pytest.mark.parametrize("abbreviation", sorted({*AMBIGUOUS, *UNAMBIGUOUS}))
def test_an_abbreviation_typed_alone_is_english_to_triage(abbreviation: str) -> None:
    # Triage reads every message first: "EST" read as French ("est") or "IST" as German
    # ("ist") would answer the zone with the English-only line instead of the question.
    for typed in (abbreviation, abbreviation.lower()):
        assert language_of(typed) == "en"
