"""The full track on paper (issue 22.5): the application form and the register show the ISMAP
list, the registration with its validity as the newest imported snapshot says and the day
that snapshot was saved from the portal, and the jurisdiction; a 重要性分類 form is as before.

The village, the cp932 list imported by the security administrator and the approval are
tests/e2e/test_fulltrack.py's."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.e2e.test_fulltrack import approve, filed, form, imported, village
from tests.village import Village, make_village

__all__ = ["village"]  # the fixture, imported to be used here

HOSTILE_COURT = "<script>alert(1)</script>| 地裁"


def _approved(v: Village) -> None:
    text = form("somu-mail").replace("東京地方裁判所", f'"{HOSTILE_COURT}"')
    filed(v, "somu-mail", text)
    imported(v, valid_until="2027/08/31", retrieved="2026-12-01")
    code, said = approve(v, "somu-mail")
    assert code == 0, said


def test_the_form_shows_the_registration_the_snapshot_and_the_jurisdiction(
    village: Village,
) -> None:
    _approved(village)
    html = village.ok("render", "somu-mail", "--format", "html").stdout
    assert "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）" in html
    assert "準拠法：日本法" in html and "事業者の国：JP" in html and "保存国：JP" in html
    assert "確認日：令和8年12月1日" in html
    # The court is the applicant's text: escaped, never markup.
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    md = village.ok("render", "somu-mail", "--format", "md").stdout
    assert "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）" in md
    row = next(line for line in md.splitlines() if line.startswith("| 準拠法・裁判管轄 |"))
    assert "準拠法：日本法" in row and "確認日：令和8年12月1日" in row
    # Markdown escaping keeps the court's | from splitting the table's row.
    assert len(re.findall(r"(?<!\\)\|", row)) == 3 and "<script>" not in row


def test_the_register_shows_them_too(village: Village) -> None:
    _approved(village)
    data = village.ok("register", "--format", "csv", "--as-of", "2026-12-20").stdout
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    found = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == "somu-mail"), strict=True))
    assert found["ISMAP の一覧"] == "ISMAP"
    assert found["ISMAP 登録番号"] == "C21-0012-2"
    assert found["ISMAP 登録の有効期限（取り込んだ一覧による）"] == "2027-08-31"
    assert found["一覧の取得日"] == "2026-12-01"
    assert found["準拠法"] == "日本法"
    assert found["裁判管轄"] == HOSTILE_COURT
    assert (found["事業者の国"], found["保存国"]) == ("JP", "JP")
    assert found["準拠法等の確認日"] == "2026-12-01"


def test_a_juyosei_form_and_register_stay_byte_identical(tmp_path: Path) -> None:
    """Importing a list changes nothing of a village's 重要性分類 records on paper (and the
    register, answered from the record cache before and by typer after, agrees)."""
    v = make_village(tmp_path)
    v.approved("somu-drive")

    def paper() -> list[str]:
        return [
            v.ok("render", "somu-drive", "--format", "html").stdout,
            v.ok("render", "somu-drive", "--format", "md").stdout,
            v.ok("register", "--format", "csv", "--as-of", "2026-12-20").stdout,
        ]

    before = paper()
    assert "準拠法" not in before[0] and "一覧の取得日" not in before[1]
    assert "準拠法" not in before[2] and "ISMAP" not in before[2]
    v.append("yakkan.yaml", "security_administrators: [tanaka]\n")
    v.hand_commit("tanaka", "the security administrator")
    imported(v)
    assert (v.path / ".yakkan" / "ismap").is_dir()
    assert paper() == before
