"""One village of the year, built once with the real `yakkan` and copied for each forgery."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.village import Village, copy_village, make_village

# After the year below: hand commits of the forgeries are made on this day.
LATER = "2026-08-01T10:00:00+09:00"
RECORD = "records/somu/{}.yaml"


def _year(root: Path) -> Village:
    """Four records of 総務課, each left where a forgery needs one:

    - somu-drive: in use (applied, both columns, approved 04-01, acknowledged 04-02);
    - somu-box: applied, both columns marked, waiting for the approval;
    - somu-form: withdrawn on 04-05;
    - somu-old: terminated (filed 05-01, ended 05-31, termination approved 06-01).
    """
    v = make_village(root)
    (v.files / "agreement.pdf").write_bytes(b"%PDF-1.4 agreement at termination")
    (v.files / "deletion.pdf").write_bytes(b"%PDF-1.4 proof of deletion")
    v.approved("somu-drive")
    v.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    v.apply("somu-box")
    v.mark_all("somu-box", "applicant", "yamada", "2026-03-20")
    v.mark_all("somu-box", "responsible", "sato", "2026-03-25")
    v.apply("somu-form")
    v.ok("withdraw", "somu-form", "--reason", "取りやめ", "--date", "2026-04-05")
    v.approved("somu-old")
    v.ok(
        "terminate",
        "somu-old",
        "--reason",
        "庁内システムへ移行",
        "--end",
        "2026-05-31",
        "--attach",
        f"agreement={v.files / 'agreement.pdf'}",
        "--attach",
        f"deletion={v.files / 'deletion.pdf'}",
        "--date",
        "2026-05-01",
        as_="suzuki",
    )
    v.mark_all("somu-old", "applicant", "suzuki", "2026-05-01", items=4)
    v.mark_all("somu-old", "responsible", "sato", "2026-05-20", items=4)
    v.ok("approve", "somu-old", "--date", "2026-06-01", as_="sato")
    v.clock = LATER
    return v


@pytest.fixture(scope="session")
def year_template(tmp_path_factory: pytest.TempPathFactory) -> Village:
    return _year(tmp_path_factory.mktemp("year"))


@pytest.fixture
def year(year_template: Village, tmp_path: Path) -> Village:
    """A fresh copy of the year, on main, clean: spoil it as you like."""
    village = copy_village(year_template, tmp_path / "copy")
    assert village.status() == ""
    return village
