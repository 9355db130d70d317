"""The patient side's button families: each packs to the wire format it always had (or its
documented new one), unpacks to the same value, and anything else unpacks to None."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.buttons import (
    AfterPain,
    AuditPage,
    DrillStep,
    LibraryPress,
    OnboardingPress,
    PrivacyConfirm,
    PromptPress,
    SelftestAnswer,
    SelftestOpen,
    SettingsPress,
    StartToday,
    WithdrawOffer,
)
from bot.callbacks import CallbackData
from bot.db.models import User
from bot.services import schedules

NONCE = "abcDEF123_-xyz45"

PACKED: list[tuple[CallbackData, str]] = [
    (DrillStep(12, 3, "n"), "dr:12:3:n"),
    (DrillStep(1, 0, "p"), "dr:1:0:p"),
    (StartToday(), "drt"),
    (AfterPain("go"), "drp:go"),
    (AfterPain("rest"), "drp:rest"),
    (LibraryPress("c", "towel-scrunches"), "ex:c:towel-scrunches"),
    (LibraryPress("go", "toe-threading"), "ex:go:toe-threading"),
    (LibraryPress("i", "tips"), "ex:i:tips"),
    (LibraryPress("i", "faq"), "ex:i:faq"),
    (SelftestAnswer(7, 2, "a"), "st:7:2:a"),
    (SelftestAnswer(7, 9, "p"), "st:7:9:p"),
    (SelftestOpen(), "sto:0"),
    (SelftestOpen(restart=True), "sto:1"),
    (PromptPress(42, "s"), "pr:42:s"),
    (PromptPress(42, "k"), "pr:42:k"),
    (PromptPress(42, "z", "30"), "pr:42:z:30"),
    (PromptPress(42, "z", "180"), "pr:42:z:180"),
    (PromptPress(42, "r", "pain"), "pr:42:r:pain"),
    (SettingsPress("times"), "se:times"),
    (SettingsPress("day", 6), "se:day:6"),
    (SettingsPress("pz", 0), "se:pz:0"),
    (SettingsPress("pz", 7), "se:pz:7"),
    (WithdrawOffer(), "pvw"),
    (PrivacyConfirm(NONCE, "d"), f"pv:{NONCE}:d"),
    (PrivacyConfirm(NONCE, "x"), f"pv:{NONCE}:x"),
    (AuditPage(0), "au:0"),
    (AuditPage(15), "au:15"),
    (OnboardingPress("consent", "yes"), "ob:consent:yes"),
    (OnboardingPress("time", "0815"), "ob:time:0815"),
    (OnboardingPress("dia", "no"), "ob:dia:no"),
    (OnboardingPress("first", "later"), "ob:first:later"),
    (OnboardingPress.for_zone("Europe/Berlin"), "ob:tz:Europe.Berlin"),
    (
        OnboardingPress.for_zone("America/Argentina/Buenos_Aires"),
        "ob:tz:America.Argentina.Buenos_Aires",
    ),
    (OnboardingPress.for_zone("Etc/GMT+3"), "ob:tz:Etc.GMT..3"),
    (OnboardingPress.for_zone("Etc/GMT-14"), "ob:tz:Etc.GMT-14"),
]


@pytest.mark.parametrize(("press", "data"), PACKED, ids=[d for _, d in PACKED])
def test_wire_format_and_round_trip(press: CallbackData, data: str) -> None:
    assert press.pack() == data
    assert type(press).unpack(data) == press
    assert type(press).pattern().match(data)


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/Port-au-Prince", "Etc/GMT+3", "Etc/GMT-2", "UTC"]
)
def test_zones_come_back_as_named(zone: str) -> None:
    press = OnboardingPress.unpack(OnboardingPress.for_zone(zone).pack())
    assert press is not None and press.answer == zone


MALFORMED: list[tuple[type[CallbackData], str | None]] = [
    (DrillStep, "dr:start"),  # the old start-today button: expired
    (DrillStep, "dr:12:3:x"),
    (DrillStep, "dr:1000000000:3:n"),
    (DrillStep, "dr:-1:3:n"),
    (DrillStep, "dr:12:3"),
    (StartToday, "drt:1"),
    (AfterPain, "drp:stay"),
    (AfterPain, "drp"),
    (LibraryPress, "ex:towel-scrunches"),  # the old card button: expired
    (LibraryPress, "ex:i:other"),
    (LibraryPress, "ex:go"),
    (SelftestAnswer, "st:open"),  # old: expired
    (SelftestAnswer, "st:7:2:z"),
    (SelftestAnswer, "st:9999999999:2:a"),
    (SelftestOpen, "sto:2"),
    (PromptPress, "pr:42:z"),
    (PromptPress, "pr:42:z:45"),
    (PromptPress, "pr:42:z:abc"),
    (PromptPress, "pr:42:s:30"),
    (PromptPress, "pr:42:r"),
    (PromptPress, "pr:42:r:bored"),
    (PromptPress, "pr:99999999999:s"),
    (PromptPress, "pr:x:s"),
    (SettingsPress, "se:day"),
    (SettingsPress, "se:day:7"),
    (SettingsPress, "se:pz:2"),
    (SettingsPress, "se:times:1"),
    (SettingsPress, "se:nope"),
    (WithdrawOffer, "pv:w"),  # old: answered by PrivacyConfirm's handler as expired
    (PrivacyConfirm, "pv:w"),
    (PrivacyConfirm, f"pv:{NONCE}:q"),
    (PrivacyConfirm, "pv:short:d"),
    (AuditPage, "au:-15"),
    (AuditPage, "au:x"),
    (OnboardingPress, "ob:tz:Europe/Berlin"),  # the old zone shape: expired
    (OnboardingPress, "ob:tz:?"),
    (OnboardingPress, "ob:consent:maybe"),
    (OnboardingPress, "ob:time:815"),
    (OnboardingPress, "ob:time:ab15"),
    (OnboardingPress, "ob:first:now"),
    (OnboardingPress, "ob:age:40"),
    (OnboardingPress, None),
]


@pytest.mark.parametrize(("family", "data"), MALFORMED, ids=[str(d) for _, d in MALFORMED])
def test_malformed_and_old_shapes_are_none(family: type[CallbackData], data: str | None) -> None:
    assert family.unpack(data) is None


def test_families_do_not_catch_each_others_buttons() -> None:
    assert not DrillStep.pattern().match("drt")
    assert not PrivacyConfirm.pattern().match("pvw")
    assert not SelftestAnswer.pattern().match("sto:0")


def test_pause_until_and_local_today() -> None:
    user = User(id=1, chat_id=1, timezone="Pacific/Auckland")
    now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)  # already 2 March in Auckland
    assert schedules.local_today(user, now) == dt.date(2026, 3, 2)
    assert schedules.pause_until(user, days=3, now=now) == dt.date(2026, 3, 5)
    assert schedules.pause_until(user, days=0, now=now) is None
