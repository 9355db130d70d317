"""A therapist builds a patient's prescription in chat, from the patient's detail in /patients:
pick an exercise from the library, then its feet, repetitions, times a day and days a week;
each exercise is saved as soon as its last choice is made, and "Done" tells the patient.

Callback data: `bot.callbacks.PrescribePress` (`rx:<patient>:<step>:...`): the choices made
so far travel in the buttons, and a typed number of repetitions is awaited in the database
(`User.awaiting`, triaged first like every awaited answer: see `handlers.__init__`), so a
restart in the middle loses nothing. Every press and every typed answer re-checks that the
therapist may see that patient (`bot.services.access`); a forged id changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.callbacks import PrescribePress
from bot.db.models import Prescription, User
from bot.delivery.changes import tell_patient_of_change
from bot.deps import Deps
from bot.domain.changes import Change
from bot.domain.prescription import Dose, Feet, PrescriptionError, PrescriptionItem
from bot.services import prescriptions
from bot.services.prescriptions import LibraryExercise
from handlers._prescription import FEET_KEYS, PER_DAY_KEYS, dose_text, reps_text
from handlers._shared import deps, edit_text, keyboard, unpacked_press
from handlers._therapy import pressed_patient, visible_patient

FeetCode = Literal["L", "R", "B"]
_FEET: dict[FeetCode, Feet] = {"L": "left", "R": "right", "B": "both"}
_CODE: dict[Feet, FeetCode] = {"left": "L", "right": "R", "both": "B"}
# The numbers offered as buttons; any other from 1 to 50 can be typed.
REPS_CHOICES = (5, 8, 10, 12, 15, 20, 25, 30)
_TIMES_BUTTONS = {1: "prescriptions.buttons.once", 2: "prescriptions.buttons.twice"}
_THRICE = "prescriptions.buttons.thrice"
Rows = list[list[tuple[str, str]]]


def _name(patient: User) -> str:
    return patient.display_name or str(patient.id)


def _library(d: Deps) -> dict[str, LibraryExercise]:
    return {e.id: e for e in prescriptions.library(d.content)}


def _list_view(
    d: Deps, patient: User, rows: Sequence[Prescription], note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The patient's prescription, with a button per library exercise (add or change)."""
    library = _library(d)
    lines = [note, ""] if note else []
    lines.append(d.text("prescriptions.header", name=_name(patient)))
    if not rows:
        programme = d.content.catalog.programmes.get(patient.programme_id)
        title = programme.title if programme is not None else patient.programme_id
        lines.append(d.text("prescriptions.none", name=_name(patient), programme=title))
    for number, row in enumerate(rows, start=1):
        exercise = library.get(row.exercise_id)
        if exercise is None:
            continue
        dose = Dose.of(prescriptions.item_of(row))
        lines.append(
            d.text(
                "prescriptions.line",
                number=number,
                exercise=exercise.name,
                dose=dose_text(d, dose, has_sides=exercise.has_sides),
            )
        )
    lines += ["", d.text("prescriptions.hint")]
    prescribed = {row.exercise_id for row in rows}
    picks = [
        (
            d.text(
                "prescriptions.buttons.edit" if e.id in prescribed else "prescriptions.buttons.add",
                exercise=e.name,
            ),
            PrescribePress(patient.id, "e", e.id).pack(),
        )
        for e in library.values()
    ]
    markup: Rows = [picks[i : i + 2] for i in range(0, len(picks), 2)]
    if rows:
        markup.append(
            [
                (d.text("prescriptions.buttons.clear"), PrescribePress(patient.id, "c").pack()),
                (d.text("prescriptions.buttons.done"), PrescribePress(patient.id, "ok").pack()),
            ]
        )
    return "\n".join(lines), keyboard(markup)


def _back(d: Deps, patient_id: int) -> tuple[str, str]:
    return d.text("prescriptions.buttons.back"), PrescribePress(patient_id, "b").pack()


def _feet_view(
    d: Deps, patient: User, exercise: LibraryExercise, prescribed: bool
) -> tuple[str, InlineKeyboardMarkup]:
    def b(feet: Feet) -> tuple[str, str]:
        label = {
            "left": "prescriptions.buttons.left",
            "right": "prescriptions.buttons.right",
            "both": "prescriptions.buttons.both",
        }[feet]
        return d.text(label), PrescribePress(patient.id, "f", exercise.id, _CODE[feet]).pack()

    rows: Rows = [[b("left"), b("right")], [b("both")]]
    rows.append(_last_row(d, patient.id, exercise.id, prescribed))
    return d.text("prescriptions.ask_feet", exercise=exercise.name), keyboard(rows)


def _last_row(
    d: Deps, patient_id: int, exercise_id: str, prescribed: bool
) -> list[tuple[str, str]]:
    row = [_back(d, patient_id)]
    if prescribed:
        remove = PrescribePress(patient_id, "x", exercise_id).pack()
        row.append((d.text("prescriptions.buttons.remove"), remove))
    return row


def _feet_words(d: Deps, exercise: LibraryExercise, feet: Feet) -> str:
    return d.text(FEET_KEYS[feet if exercise.has_sides else "both"])


def _reps_view(
    d: Deps, patient: User, exercise: LibraryExercise, feet: Feet, prescribed: bool
) -> tuple[str, InlineKeyboardMarkup]:
    code = _CODE[feet]
    numbers = [
        (
            d.text("prescriptions.buttons.reps", n=n),
            PrescribePress(patient.id, "r", exercise.id, code, n).pack(),
        )
        for n in REPS_CHOICES
    ]
    rows: Rows = [numbers[i : i + 4] for i in range(0, len(numbers), 4)]
    rows.append(_last_row(d, patient.id, exercise.id, prescribed))
    text = d.text(
        "prescriptions.ask_reps", exercise=exercise.name, feet=_feet_words(d, exercise, feet)
    )
    return text, keyboard(rows)


def _times_view(
    d: Deps, patient: User, exercise: LibraryExercise, feet: Feet, reps: int
) -> tuple[str, InlineKeyboardMarkup]:
    code = _CODE[feet]
    row = [
        (
            d.text(_TIMES_BUTTONS.get(n, _THRICE)),
            PrescribePress(patient.id, "t", exercise.id, code, reps, n).pack(),
        )
        for n in (1, 2, 3)
    ]
    text = d.text(
        "prescriptions.ask_times",
        exercise=exercise.name,
        feet=_feet_words(d, exercise, feet),
        reps=reps_text(d, reps),
    )
    return text, keyboard([row, [_back(d, patient.id)]])


def _days_view(
    d: Deps, patient: User, exercise: LibraryExercise, press: PrescribePress
) -> tuple[str, InlineKeyboardMarkup]:
    assert press.feet is not None and press.reps is not None and press.times is not None
    days = [
        (
            d.text("prescriptions.buttons.days", n=n),
            PrescribePress(
                patient.id, "d", exercise.id, press.feet, press.reps, press.times, n
            ).pack(),
        )
        for n in range(1, 8)
    ]
    text = d.text(
        "prescriptions.ask_days",
        exercise=exercise.name,
        feet=_feet_words(d, exercise, _FEET[press.feet]),
        reps=reps_text(d, press.reps),
        per_day=d.text(PER_DAY_KEYS[press.times]),
    )
    return text, keyboard([days[:4], days[4:], [_back(d, patient.id)]])


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A step of building a prescription; refused unless the therapist may see the patient."""
    d = deps(context)
    if (pressed := await unpacked_press(update, d, PrescribePress)) is None:
        return
    query, message, who, press = pressed
    patient = await pressed_patient(query, d, who[0], press.patient, "prescriptions.refused")
    if patient is None:
        return
    library = _library(d)
    exercise = library.get(press.exercise) if press.exercise is not None else None
    if press.exercise is not None and exercise is None:
        await query.answer(d.text("common.button_expired"))  # no longer in the library
        return
    await query.answer()
    await _step(message, d, who[0], patient, press=press, exercise=exercise, token=query.id)


async def _rows(d: Deps, patient_id: int) -> list[Prescription]:
    async with d.transaction() as session:
        return await prescriptions.of(session, patient_id=patient_id)


async def _step(
    message: Message,
    d: Deps,
    me: int,
    patient: User,
    *,
    press: PrescribePress,
    exercise: LibraryExercise | None,
    token: str,
) -> None:
    step = press.step
    if step in {"l", "b", "c", "ok"} or exercise is None:
        await _list_step(message, d, me, patient, step, token=token)
        return
    rows = await _rows(d, patient.id)
    prescribed = any(r.exercise_id == exercise.id for r in rows)
    if step == "e" and exercise.has_sides:
        await edit_text(message, *_feet_view(d, patient, exercise, prescribed))
    elif step in {"e", "f"}:
        feet = _FEET[press.feet] if press.feet is not None and exercise.has_sides else "both"
        async with d.transaction() as session:
            await prescriptions.await_reps(
                session,
                therapist_id=me,
                patient_id=patient.id,
                exercise_id=exercise.id,
                feet=feet,
            )
        await edit_text(message, *_reps_view(d, patient, exercise, feet, prescribed))
    elif step == "r":
        assert press.feet is not None and press.reps is not None
        async with d.transaction() as session:
            await prescriptions.stop_awaiting(session, therapist_id=me)
        await edit_text(message, *_times_view(d, patient, exercise, _FEET[press.feet], press.reps))
    elif step == "t":
        await edit_text(message, *_days_view(d, patient, exercise, press))
    elif step == "d":
        await _save(message, d, me, patient, exercise=exercise, press=press)
    else:  # "x"
        async with d.transaction() as session:
            rows = await prescriptions.remove(
                session,
                patient_id=patient.id,
                exercise_id=exercise.id,
                by=me,
                now=d.now(),
                content=d.content,
            )
        note = d.text("prescriptions.removed", exercise=exercise.name, name=_name(patient))
        await edit_text(message, *_list_view(d, patient, rows, note))


async def _list_step(
    message: Message, d: Deps, me: int, patient: User, step: str, *, token: str
) -> None:
    """The list (new from the detail view, in place when going back), clearing it, or
    "Done"; the patient is told of a cleared or finished prescription, once per press."""
    if step == "l":
        text, markup = _list_view(d, patient, await _rows(d, patient.id))
        # A new message: the patient's detail above stays readable.
        await message.chat.send_message(text, reply_markup=markup)
        return
    if step == "b":
        async with d.transaction() as session:
            await prescriptions.stop_awaiting(session, therapist_id=me)
        await edit_text(message, *_list_view(d, patient, await _rows(d, patient.id)))
        return
    if step == "c":
        async with d.transaction() as session:
            rows = await prescriptions.replace(
                session, patient_id=patient.id, items=[], by=me, now=d.now(), content=d.content
            )
        programme = d.content.catalog.programmes.get(patient.programme_id)
        title = programme.title if programme is not None else patient.programme_id
        note = d.text("prescriptions.cleared", name=_name(patient), programme=title)
        await edit_text(message, *_list_view(d, patient, rows, note))
    else:
        await edit_text(message, d.text("prescriptions.done", name=_name(patient)), None)
    # Keyed by the press, so a replayed button tells the patient once.
    await tell_patient_of_change(
        d.notifier, d.content.texts, patient=patient, change=Change.EXERCISES, token=token
    )


async def _save(
    message: Message,
    d: Deps,
    me: int,
    patient: User,
    *,
    exercise: LibraryExercise,
    press: PrescribePress,
) -> None:
    assert press.feet and press.reps and press.times and press.days
    item = PrescriptionItem(
        exercise_id=exercise.id,
        feet=_FEET[press.feet] if exercise.has_sides else "both",
        repetitions=press.reps,
        times_per_day=press.times,
        days_per_week=press.days,
    )
    try:
        async with d.transaction() as session:
            rows = await prescriptions.put(
                session, patient_id=patient.id, item=item, by=me, now=d.now(), content=d.content
            )
    except PrescriptionError:
        await message.chat.send_message(d.text("common.button_expired"))
        return
    dose = dose_text(d, Dose.of(item), has_sides=exercise.has_sides)
    note = d.text("prescriptions.saved", name=_name(patient), exercise=exercise.name, dose=dose)
    await edit_text(message, *_list_view(d, patient, rows, note))


# --- a typed number of repetitions -------------------------------------------------------------


def awaits(user: User) -> bool:
    """A number of repetitions is awaited from this therapist."""
    return prescriptions.awaited_reps(user) is not None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """A typed number of repetitions: the times-a-day question next, or asked again."""
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    awaited = prescriptions.awaited_reps(user)
    if awaited is None:
        return
    patient = await visible_patient(d, user.id, awaited.patient_id)
    exercise = _library(d).get(awaited.exercise_id)
    if patient is None or exercise is None:
        async with d.transaction() as session:
            await prescriptions.stop_awaiting(session, therapist_id=user.id)
        await message.reply_text(d.text("prescriptions.refused"))
        return
    reps = prescriptions.parse_reps(message.text)
    if reps is None:
        await message.reply_text(d.text("prescriptions.reps_invalid"))
        return
    async with d.transaction() as session:
        await prescriptions.stop_awaiting(session, therapist_id=user.id)
    text, markup = _times_view(d, patient, exercise, awaited.feet, reps)
    await message.reply_text(text, reply_markup=markup)


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the number of repetitions still awaited."""
    d, message = deps(context), update.effective_message
    awaited = prescriptions.awaited_reps(user)
    if message is None or awaited is None:
        return
    exercise = _library(d).get(awaited.exercise_id)
    patient = await visible_patient(d, user.id, awaited.patient_id)
    if exercise is None or patient is None:
        return
    text, markup = _reps_view(d, patient, exercise, awaited.feet, prescribed=False)
    await message.chat.send_message(text, reply_markup=markup)
