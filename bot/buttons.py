"""The patient side's button families: one `CallbackData` codec per kind of button.

Keyboards build callback data only with `.pack()`, handlers read it only with `.unpack()`
(None: answered "no longer active") and `handlers.register` matches with `.pattern()`. The
rules a field must meet beyond its type (a snooze of an offered length, a nonce of the length
`confirmations` issues) are checked in `unpack` too, so a handler never sees a value it
would have to re-check. In `bot/`, not `handlers/`: the dispatcher packs prompt buttons.

Wire formats (kept from before the codecs, so buttons on old messages keep working, except
where the old shape could not be one codec's; those old presses are answered "expired"):
  dr:<drill>:<seq>:<n|r|p|s>     a drill step: next, repeat, pain stop, skip
  drt                            start or resume today's drill       (was dr:start)
  drp:<go|rest>                  after a pain stop today: start anyway, or rest
  ex:<c|go|i>:<item>             an exercise card, start it alone, a reading (was ex:<id>
                                 for the card; ex:go:<id> and ex:i:<tips|faq> unchanged)
  st:<test>:<seq>:<a|f|c|s|p>    a self-test answer (alone, follow, cannot, same, pause)
  sto:<0|1>                      open the self-test, or start it over (was st:open, st:restart)
  pr:<prompt>:s | :k             a prompt's start now, skip today
  pr:<prompt>:z:<minutes>        snooze
  pr:<prompt>:r:<reason>         why it was skipped
  se:<what>[:<n>]                a /settings button (n: weekday 0-6, or days of a pause)
  pvw                            offer to withdraw consent           (was pv:w)
  pv:<nonce>:<d|w|x>             confirm erasure, confirm withdrawal, cancel
  au:<offset>                    a page of the audit log
  ob:<question>:<value>          an onboarding answer; zones travel with "/" as "." and "+"
                                 as "..", as "/" and "+" are outside the callback alphabet
  obz:<abbr>:<n> | sez:<abbr>:<n>  which place an abbreviation ("EST") means, at onboarding
                                 or in /settings: the n-th of `bot.domain.zones.AMBIGUOUS`
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import CallbackData
from bot.domain import zones
from bot.domain.reminders import SKIP_REASONS, SNOOZE_MINUTES

# The pause lengths offered by /settings, in days (0: until resumed).
PAUSE_DAYS = (1, 3, 7, 0)
WEEKDAYS = range(7)
# Row ids are kept to 9 digits, as before the codecs: they fit a 32-bit INTEGER column, so a
# forged larger one is refused here rather than by the database driver.
MAX_ROW_ID = 999_999_999
# `bot.services.confirmations` issues nonces of this length.
NONCE_CHARS = 16


def _rows(*numbers: int) -> bool:
    return all(0 <= n <= MAX_ROW_ID for n in numbers)


@dataclass(frozen=True)
class DrillStep(CallbackData, prefix="dr"):
    """A drill step's button; `action` is a `bot.services.drills.Action` value."""

    drill: int
    seq: int
    action: Literal["n", "r", "p", "s"]

    def valid(self) -> bool:
        """Ids and steps are row-sized and not negative."""
        return _rows(self.drill, self.seq)


@dataclass(frozen=True)
class StartToday(CallbackData, prefix="drt"):
    """Start today's drill, or resume it where it was left."""


@dataclass(frozen=True)
class AfterPain(CallbackData, prefix="drp"):
    """Asked before today's drill after a pain stop today: start anyway, or rest."""

    choice: Literal["go", "rest"]


@dataclass(frozen=True)
class LibraryPress(CallbackData, prefix="ex"):
    """The exercise library: a card (`c`), starting one exercise (`go`), a reading (`i`)."""

    what: Literal["c", "go", "i"]
    item: str

    def valid(self) -> bool:
        """A reading is only the tips or the FAQ."""
        return not (self.what == "i" and self.item not in {"tips", "faq"})


SelftestCode = Literal["a", "f", "c", "s", "p"]


@dataclass(frozen=True)
class SelftestAnswer(CallbackData, prefix="st"):
    """A self-test answer: alone, others follow, cannot, same as last time, or pause."""

    test: int
    seq: int
    code: SelftestCode

    def valid(self) -> bool:
        """Ids and steps are row-sized and not negative."""
        return _rows(self.test, self.seq)


@dataclass(frozen=True)
class SelftestOpen(CallbackData, prefix="sto"):
    """Start (or resume) the self-test; `restart` starts it over."""

    restart: bool = False


@dataclass(frozen=True)
class PromptPress(CallbackData, prefix="pr"):
    """A reminder prompt's button: start (`s`), snooze (`z`), skip (`k`), skip reason (`r`)."""

    prompt: int
    action: Literal["s", "z", "k", "r"]
    arg: str | None = None

    def valid(self) -> bool:
        """A snooze carries an offered length, a reason a known reason."""
        if not _rows(self.prompt):
            return False
        wanted = {"z": {str(m) for m in SNOOZE_MINUTES}, "r": set(SKIP_REASONS)}.get(self.action)
        return (self.arg is None) == (wanted is None) and not (wanted and self.arg not in wanted)

    @property
    def minutes(self) -> int:
        """The snooze length (only for `z`)."""
        assert self.action == "z" and self.arg is not None
        return int(self.arg)


SettingsWhat = Literal["times", "days", "zone", "day", "ddone", "pause", "pz", "resume", "stop"]


@dataclass(frozen=True)
class SettingsPress(CallbackData, prefix="se"):
    """A /settings button; `n` is the weekday of `day` and the days of `pz` (a pause)."""

    what: SettingsWhat
    n: int | None = None

    def valid(self) -> bool:
        """`day` and `pz` need an offered number, the others none."""
        wanted = {"day": WEEKDAYS, "pz": PAUSE_DAYS}.get(self.what)
        return (self.n is None) == (wanted is None) and not (wanted and self.n not in wanted)


@dataclass(frozen=True)
class WithdrawOffer(CallbackData, prefix="pvw"):
    """The /settings button that explains withdrawing consent and asks to confirm."""


@dataclass(frozen=True)
class PrivacyConfirm(CallbackData, prefix="pv"):
    """Confirm erasure (`d`), confirm withdrawal (`w`) or cancel (`x`), by one-use nonce."""

    nonce: str
    action: Literal["d", "w", "x"]

    def valid(self) -> bool:
        """A nonce is exactly as long as the ones issued."""
        return len(self.nonce) == NONCE_CHARS


@dataclass(frozen=True)
class AuditPage(CallbackData, prefix="au"):
    """A page of /audit, from `offset` entries back."""

    offset: int

    def valid(self) -> bool:
        """Never a negative offset."""
        return _rows(self.offset)


Question = Literal["consent", "tz", "time", "time2", "dia", "first"]
# The zone button that asks the patient to type their city instead.
TZ_OTHER = "other"
# The second daily time's "No, once a day" (`time2`; otherwise a time as HHMM).
SECOND_TIME_NO = "no"


@dataclass(frozen=True)
class OnboardingPress(CallbackData, prefix="ob"):
    """An onboarding answer: consent yes/no, a zone (or `TZ_OTHER`), a time as HHMM, the
    second time (HHMM or `SECOND_TIME_NO`), diabetes yes/no, or "later" after the last
    question. Build zones with `for_zone`."""

    question: Question
    value: str

    @classmethod
    def for_zone(cls, zone: str) -> OnboardingPress:
        """The button of an IANA zone name."""
        return cls("tz", zone.replace("+", "..").replace("/", "."))

    @property
    def answer(self) -> str:
        """The value as answered: for `tz` the IANA zone name (checked by the service)."""
        if self.question != "tz":
            return self.value
        return self.value.replace("..", "+").replace(".", "/")

    def valid(self) -> bool:
        """Each question takes only its own answers."""
        q, v = self.question, self.value
        ok = {
            "consent": v in {"yes", "no"},
            "dia": v in {"yes", "no", "unsure"},  # "not sure" is stored as None
            "first": v == "later",
            "time": len(v) == 4 and v.isdigit(),
            "time2": v == SECOND_TIME_NO or (len(v) == 4 and v.isdigit()),
            "tz": True,
        }[q]
        return ok


def _zone_pick(abbreviation: str, n: int) -> bool:
    # One of `bot.domain.zones.AMBIGUOUS`'s places, as written; whether this user was asked
    # that abbreviation is the service's check (`bot.services.zones`).
    return 0 <= n < len(zones.AMBIGUOUS.get(abbreviation, ()))


@dataclass(frozen=True)
class OnboardingZonePick(CallbackData, prefix="obz"):
    """Onboarding: the place an ambiguous abbreviation ("EST") means, by its index."""

    abbr: str
    n: int

    def valid(self) -> bool:
        """An abbreviation the bot asks about and one of its places."""
        return _zone_pick(self.abbr, self.n)


@dataclass(frozen=True)
class SettingsZonePick(CallbackData, prefix="sez"):
    """/settings: the place an ambiguous abbreviation ("EST") means, by its index."""

    abbr: str
    n: int

    def valid(self) -> bool:
        """An abbreviation the bot asks about and one of its places."""
        return _zone_pick(self.abbr, self.n)
