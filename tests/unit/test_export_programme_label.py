"""A prescribed drill's programme is stored as its doses' internal code; the exports (the
chat's /export helper and the dashboard's CSV) show "prescription" instead, and a named
programme's id as it is."""

from __future__ import annotations

import datetime as dt

from bot.db.models import DrillSession, User
from bot.domain import prescription
from bot.services import dashboard, export

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _code() -> str:
    return prescription.encode([prescription.Dose("left", 8, 2, 3)])


def test_programme_label_hides_the_code() -> None:
    assert _code().startswith(prescription.PROGRAMME_PREFIX)
    assert export.programme_label(_code()) == export.PRESCRIBED
    assert export.programme_label("gentle") == "gentle"


def test_session_rows_of_both_exports_show_the_readable_value() -> None:
    patient = User(id=7, chat_id=7, display_name="Pia", created_at=NOW, updated_at=NOW)
    drill = DrillSession(
        id=1, user_id=7, programme_id=_code(), local_day=NOW.date(), exercises="toe-threading",
        chat_id=7, started_at=NOW, ended_at=NOW, status="completed",
    )  # fmt: skip
    row = export._session_row(patient, drill, None)
    assert row[8] == f"{export.PRESCRIBED}: toe-threading"
    data = dashboard.ExportData([patient], {7: [drill]}, {}, {})
    text = dashboard.export_csv(data, zone=None, flag_words=str).decode("utf-8")
    assert f"{export.PRESCRIBED}: toe-threading" in text
    assert prescription.PROGRAMME_PREFIX not in text
