"""Typed callback data: one small codec class per button family, as aiogram's CallbackData.

A family declares its prefix and its fields once; the keyboard builder calls `pack()`, the
handler registration uses `pattern()`, and the handler calls `unpack()`, so a button can
never be built in one shape and parsed in another. `unpack` is the validation: Telegram
hands back whatever a client sends, so anything malformed, oversized or out of range is
None, never an exception and never a half-parsed value.

It lives in `bot/`, not in `handlers/`, because the bot also builds buttons on its own
initiative (prompts, follow-ups, offers) in `bot/delivery/`, which must not import handlers.

    @dataclass(frozen=True)
    class DrillPress(CallbackData, prefix="dr"):
        drill: int
        seq: int
        action: Literal["next", "repeat", "skip", "stop"]

    DrillPress(12, 3, "next").pack() == "dr:12:3:next"
    DrillPress.unpack("dr:12:3:next") == DrillPress(12, 3, "next")
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any, ClassVar, Literal, Self, get_args, get_origin, get_type_hints

from bot.domain.prescription import DAYS_RANGE, REPS_RANGE, TIMES_RANGE
from bot.domain.zones import AMBIGUOUS

# Telegram's limit on callback data, in bytes.
MAX_BYTES = 64
# The largest number a field may carry: every Telegram id and row id fits, and a forged
# 20-digit number is refused here instead of overflowing the database driver.
MAX_INT = 2**53
SEP = ":"
# Free string fields (tokens, short codes) are kept to a safe alphabet without the separator.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{1,48}")
_INT = re.compile(r"-?[0-9]{1,16}")
_PREFIX = re.compile(r"[a-z]{1,4}")


class CallbackData:
    """Base of a button family; subclasses are frozen dataclasses declaring the fields."""

    prefix: ClassVar[str]
    _kinds: ClassVar[tuple[tuple[str, Any, bool], ...]]
    _registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not _PREFIX.fullmatch(prefix):
            raise ValueError(f"callback prefix must be 1-4 lowercase letters: {prefix!r}")
        if prefix in CallbackData._registry:
            raise ValueError(f"callback prefix {prefix!r} is used by two families")
        CallbackData._registry[prefix] = cls
        cls.prefix = prefix

    @classmethod
    def _fields(cls) -> tuple[tuple[str, Any, bool], ...]:
        """(name, type, optional) per field, resolved once (annotations are strings)."""
        cached = cls.__dict__.get("_kinds")
        if cached is None:
            hints = get_type_hints(cls)
            out = []
            for f in dataclasses.fields(cls):  # type: ignore[arg-type]
                kind, optional = _unwrap_optional(hints[f.name])
                out.append((f.name, kind, optional))
            cached = tuple(out)
            cls._kinds = cached
        return cached

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        """The handler pattern: every press of this family, well-formed or not (a malformed
        one reaches the handler, whose `unpack` gives None and answers "expired")."""
        return re.compile(rf"^{cls.prefix}(?::|$)")

    def valid(self) -> bool:
        """A family's own rule on its values beyond their types (offered choices, row-sized
        ids); `unpack` gives None when it fails. Every value is valid by default."""
        return True

    def pack(self) -> str:
        """The callback data for a button; raises if a value cannot round-trip or is too long."""
        parts = [self.prefix]
        fields = self._fields()
        for i, (name, kind, optional) in enumerate(fields):
            value = getattr(self, name)
            if value is None:
                later = (getattr(self, n) for n, _, _ in fields[i:])
                if not optional or any(v is not None for v in later):
                    raise ValueError(
                        f"{type(self).__name__}.{name}: only trailing fields may be None"
                    )
                break
            text = _encode(kind, value)
            if _decode(kind, text) != value:
                raise ValueError(f"{type(self).__name__}.{name}: {value!r} does not round-trip")
            parts.append(text)
        data = SEP.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The button's values, or None for anything this family would not have packed."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        prefix, *parts = data.split(SEP)
        fields = cls._fields()
        required = sum(1 for _, _, optional in fields if not optional)
        if prefix != cls.prefix or not required <= len(parts) <= len(fields):
            return None
        values: dict[str, Any] = {name: None for name, _, _ in fields}
        for (name, kind, _), text in zip(fields, parts, strict=False):
            value = _decode(kind, text)
            if value is None:
                return None
            values[name] = value
        press = cls(**values)
        return press if press.valid() else None


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0], True
        raise TypeError(f"unsupported callback field type {hint!r}")
    return hint, False


def _encode(kind: Any, value: Any) -> str:
    return str(int(value)) if kind is bool else str(value)


def _decode(kind: Any, text: str) -> Any:
    """`text` as a value of `kind`, or None when it is not one."""
    if kind is bool:
        return {"0": False, "1": True}.get(text)
    if kind is int:
        if not _INT.fullmatch(text) or abs(int(text)) > MAX_INT:
            return None
        return int(text)
    if get_origin(kind) is Literal:
        return text if text in {str(a) for a in get_args(kind)} else None
    if kind is str:
        return text if _TOKEN.fullmatch(text) else None
    raise TypeError(f"unsupported callback field type {kind!r}")


def families() -> dict[str, type[CallbackData]]:
    """Every declared family by prefix (tests check that no two share one)."""
    return dict(CallbackData._registry)


# --- therapist and safety -------------------------------------------------------------------
# Wire formats are those the buttons had before the codecs, so buttons already in chats work.


@dataclasses.dataclass(frozen=True)
class SafetyPress(CallbackData, prefix="sf"):
    """`sf:ok:<escalation>` "I have sought care"; `sf:bf:<escalation>:<question>:<y|n>`
    a BE-FAST answer."""

    action: Literal["ok", "bf"]
    escalation: int
    question: int | None = None
    answer: Literal["y", "n"] | None = None

    @classmethod
    def confirm(cls, escalation: int) -> SafetyPress:
        """The "I have sought care" button of an escalation."""
        return cls("ok", escalation)

    @classmethod
    def befast(cls, escalation: int, question: int, yes: bool) -> SafetyPress:
        """One answer to one BE-FAST question."""
        return cls("bf", escalation, question, "y" if yes else "n")

    def valid(self) -> bool:
        """A confirmation carries the id only; a BE-FAST answer the question and the answer."""
        if self.action == "ok":
            return self.question is None and self.answer is None
        return self.question is not None and self.answer is not None and self.question >= 0


@dataclasses.dataclass(frozen=True)
class CheckinPress(CallbackData, prefix="ci"):
    """`ci:<check-in>:<seq>:<item|none|send>`: a tick, "none of these" or "send"."""

    checkin: int
    seq: int
    item: str


@dataclasses.dataclass(frozen=True)
class InviteAnswer(CallbackData, prefix="iv"):
    """`iv:<nonce>:<y|n>`: accept or decline the patient invite one opened."""

    nonce: str
    answer: Literal["y", "n"]


@dataclasses.dataclass(frozen=True)
class TherapistName(CallbackData, prefix="tn"):
    """`tn:<invite>`: an invited therapist takes their Telegram name."""

    invite: int


@dataclasses.dataclass(frozen=True)
class InviteRevoke(CallbackData, prefix="ti"):
    """`ti:rv:<invite>`: revoke one of your invites."""

    action: Literal["rv"]
    invite: int


@dataclasses.dataclass(frozen=True)
class AdminPress(CallbackData, prefix="ta"):
    """`ta:off:<therapist>`: deactivate a therapist (admins): asks where their patients go;
    `ta:to:<therapist>:<target>` the answer (a therapist's id, `ADMINS` or `UNLINK`);
    `ta:no:<therapist>` keep them active."""

    # Targets of `to` that are not a therapist's id (Telegram ids are positive).
    ADMINS: ClassVar[int] = 0
    UNLINK: ClassVar[int] = -1

    action: Literal["off", "to", "no"]
    therapist: int
    target: int | None = None

    def valid(self) -> bool:
        """Only `to` carries a target, and it is a therapist's id, ADMINS or UNLINK."""
        if self.action != "to":
            return self.target is None
        return self.target is not None and self.target >= self.UNLINK


@dataclasses.dataclass(frozen=True)
class AlertPress(CallbackData, prefix="al"):
    """`al:ack:<escalation>`: take an urgent or emergency alert on (re-checked against the
    pressing viewer's access to the patient)."""

    action: Literal["ack"]
    escalation: int


@dataclasses.dataclass(frozen=True)
class PatientPress(CallbackData, prefix="tp"):
    """`tp:<patient>:<action>[:<arg>]`: a therapist's action on one of their patients
    (re-checked on the database against the pressing therapist)."""

    patient: int
    action: Literal["d", "charts", "prog", "time", "pause", "msg", "clear"]
    arg: str | None = None


@dataclasses.dataclass(frozen=True)
class MessageReply(CallbackData, prefix="mr"):
    """`mr:<message>`: the patient's Reply under a therapist's message (re-checked on the
    database: the message must be a therapist's message to the pressing patient)."""

    message: int

    def valid(self) -> bool:
        """A row id is positive."""
        return self.message > 0


@dataclasses.dataclass(frozen=True)
class PrescribePress(CallbackData, prefix="rx"):
    """`rx:<patient>:<step>[:<exercise>[:<feet>[:<reps>[:<times>[:<days>]]]]]`: one step of
    building a patient's prescription (`handlers.prescriptions`). The choices made so far
    travel in the buttons, so nothing waits in memory. Steps: `l` the list (a new message,
    from the patient's detail), `b` back to it (in place), `e` an exercise
    picked (feet asked), `f` feet picked (repetitions asked), `r` repetitions picked (times
    a day asked), `t` times picked (days a week asked), `d` days picked (the item is saved),
    `x` remove an exercise, `c` clear the prescription, `ok` done (the patient is told)."""

    patient: int
    step: Literal["l", "b", "e", "f", "r", "t", "d", "x", "c", "ok"]
    exercise: str | None = None
    feet: Literal["L", "R", "B"] | None = None
    reps: int | None = None
    times: int | None = None
    days: int | None = None

    # How many of the optional fields each step carries, in order.
    _CARRIES: ClassVar[dict[str, int]] = {
        "l": 0, "b": 0, "c": 0, "ok": 0, "e": 1, "x": 1, "f": 2, "r": 3, "t": 4, "d": 5,
    }  # fmt: skip

    def valid(self) -> bool:
        """Exactly the fields its step carries, each within the prescription's ranges
        (`bot.domain.prescription`: 1-50 repetitions, 1-3 times a day, 1-7 days)."""
        values = (self.exercise, self.feet, self.reps, self.times, self.days)
        carried = self._CARRIES[self.step]
        if any(v is None for v in values[:carried]) or any(v is not None for v in values[carried:]):
            return False
        ranges = ((self.reps, REPS_RANGE), (self.times, TIMES_RANGE), (self.days, DAYS_RANGE))
        return all(v is None or low <= v <= high for v, (low, high) in ranges)


# Pages of the therapists' lists: page 0 first; one past the end (after the list shrank) is
# the handler's to clamp, a page beyond any list's size is refused here.
MAX_PAGE = 10_000


@dataclasses.dataclass(frozen=True)
class PatientsPage(CallbackData, prefix="tpg"):
    """`tpg:<page>`: another page of /patients (the list read again, of the presser's own)."""

    page: int

    def valid(self) -> bool:
        """A page number, never negative."""
        return 0 <= self.page <= MAX_PAGE


@dataclasses.dataclass(frozen=True)
class InvitesPage(CallbackData, prefix="tig"):
    """`tig:<page>`: another page of /invites (the list read again, of the presser's own)."""

    page: int

    def valid(self) -> bool:
        """A page number, never negative."""
        return 0 <= self.page <= MAX_PAGE


@dataclasses.dataclass(frozen=True)
class TherapistZone(CallbackData, prefix="thz"):
    """A therapist's time zone: `thz:c:<n>` the n-th common zone (content/zones.yaml),
    `thz:p:<n>:<abbr>` the n-th place an ambiguous abbreviation means (taken only while that
    question is open for the presser), `thz:u` UTC."""

    kind: Literal["c", "p", "u"]
    n: int | None = None
    abbr: str | None = None

    def valid(self) -> bool:
        """UTC carries nothing, a common zone its index, a place its index and abbreviation."""
        if self.kind == "u":
            return self.n is None and self.abbr is None
        if self.kind == "c":
            return self.n is not None and 0 <= self.n < MAX_ZONE_CHOICES and self.abbr is None
        places = AMBIGUOUS.get(self.abbr or "", ())
        return self.n is not None and 0 <= self.n < len(places)


# More than content/zones.yaml offers (the handler checks the real list): a bound only.
MAX_ZONE_CHOICES = 32
