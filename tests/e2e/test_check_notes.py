"""Notes stay with their column, and the double-check sees (issue 18, points 1 and 2).

Each check item keeps the applicant's note and the responsible manager's note apart: the
record, `show`, `history` and the printed forms say whose each is; an older record with one
shared note keeps validating and shows it as written, without an author. The responsible
manager marks only once the applicant has marked every item, and the interactive
double-check shows, under each item, the applicant's mark, note and evidence first.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_interactive import Terminal
from tests.pdf_reading import flat, text_of
from tests.village import Village

ID = "somu-drive"
RECORD = f"records/somu/{ID}.yaml"
APPLICANT_NOTE = "約款に事業者の責任範囲の記載がない"
MANAGER_NOTE = "別紙の覚書で責任範囲を確認した"


def _marks(*special: str, items: int = 8) -> list[str]:
    """`--mark N=ok` for every item, except the ones given as `N=...`."""
    given = {int(s.split("=", 1)[0]): s for s in special}
    return [a for n in range(1, items + 1) for a in ("--mark", given.get(n, f"{n}=ok"))]


def _checks(village: Village, form: str = "application") -> dict[int, dict[str, object]]:
    data = json.loads(village.ok("show", ID, "--json").stdout)
    checks = data["termination"]["checks"] if form == "termination" else data["checks"]
    return {c["item"]: c for c in checks}


def _both_marked(village: Village) -> None:
    """The applicant's × with a note and evidence on item 5, the manager's ○ with a note."""
    village.apply(ID)
    village.ok(
        "check", ID, *_marks(f"5=ng:{APPLICANT_NOTE}"),
        "--evidence", f"5={village.files / 'evidence.png'}", "--date", "2026-03-20",
    )  # fmt: skip
    village.ok(
        "check", ID, "--role", "responsible", *_marks(f"5=ok:{MANAGER_NOTE}"),
        "--date", "2026-03-25", as_="sato",
    )  # fmt: skip


def test_each_column_keeps_its_own_note_in_record_show_history_and_forms(
    village: Village,
) -> None:
    _both_marked(village)

    # The manager's note did not overwrite the clerk's: both are in the record, by column.
    item5 = _checks(village)[5]
    assert item5["applicant"] == "ng" and item5["applicant_note"] == APPLICANT_NOTE
    assert item5["responsible"] == "ok" and item5["responsible_note"] == MANAGER_NOTE
    assert "note" not in item5
    text = village.record_text(ID)
    assert f"  applicant: ng\n  applicant_note: {APPLICANT_NOTE}\n" in text
    assert f"  responsible: ok\n  responsible_note: {MANAGER_NOTE}\n" in text
    assert village.ok("validate").code == 0

    shown = village.ok("show", ID).stdout
    assert "5. × ○ 責任の所在が明確になっているか？" in shown
    assert f"申請者の備考: {APPLICANT_NOTE}" in shown
    assert f"責任者の備考: {MANAGER_NOTE}" in shown
    assert "確認資料: attachments/somu-drive/evidence.png" in shown

    # history: each note on the line of the one who wrote it.
    entries = json.loads(village.ok("history", ID, "--json").stdout)
    by_actor = {e["actor"]: e["changes"] for e in entries if e["action"] == "check"}
    assert f"note: checks[5].applicant_note: {APPLICANT_NOTE}" in by_actor["yamada"]
    assert f"note: checks[5].responsible_note: {MANAGER_NOTE}" in by_actor["sato"]
    lines = village.ok("history", ID).stdout.splitlines()
    sato = next(i for i, line in enumerate(lines) if "確認事項の記入" in line and "佐藤" in line)
    assert f"利用申請書 項目5の責任者の備考「{MANAGER_NOTE}」" in lines[sato + 1]
    yamada = next(i for i, line in enumerate(lines) if "確認事項の記入" in line and "山田" in line)
    assert f"利用申請書 項目5の申請者の備考「{APPLICANT_NOTE}」" in lines[yamada + 1]

    md = village.ok("render", ID, "--format", "md").stdout
    row = next(line for line in md.splitlines() if line.startswith("| 5 |"))
    assert f"申請者の備考：{APPLICANT_NOTE}" in row and f"責任者の備考：{MANAGER_NOTE}" in row
    assert row.endswith("| × | ○ |")
    html = village.ok("render", ID, "--format", "html").stdout
    assert f"申請者の備考：{APPLICANT_NOTE}" in html and f"責任者の備考：{MANAGER_NOTE}" in html
    # The honest history of notes by column is clean for the audit.
    assert village.yakkan("audit").code == 0


def test_the_pdf_prints_both_notes_and_whose_each_is(village: Village, tmp_path: Path) -> None:
    """Read back as text, like tests/e2e/test_form_pdf.py."""
    _both_marked(village)
    pdf = tmp_path / "application.pdf"
    village.ok("render", ID, "--format", "pdf", "-o", str(pdf))
    printed = flat("".join(text_of(pdf)))
    assert flat(f"申請者の備考：{APPLICANT_NOTE}") in printed
    assert flat(f"責任者の備考：{MANAGER_NOTE}") in printed


def test_a_corrected_mark_takes_only_its_own_columns_note(village: Village) -> None:
    _both_marked(village)
    # The clerk corrects the × without a note: the clerk's note goes, the manager's stays.
    village.ok("check", ID, "--mark", "5=ok", "--date", "2026-03-26")
    item5 = _checks(village)[5]
    assert "applicant_note" not in item5
    assert item5["responsible_note"] == MANAGER_NOTE
    # The manager gives the same mark again without a note: the note still explains it.
    village.ok("check", ID, "--mark", "5=ok", "--mark", "1=ok:画面で再確認",
               "--date", "2026-03-27", as_="sato")  # fmt: skip
    checks = _checks(village)  # one `show` answers for both items of this version
    assert checks[5]["responsible_note"] == MANAGER_NOTE
    assert checks[1]["responsible_note"] == "画面で再確認"
    # Only the same again is nothing to record, and is said so.
    same = village.yakkan("check", ID, "--mark", "5=ok", "--date", "2026-03-27", as_="sato")
    assert same.code == 1 and "今のままです" in same.stderr and "git" not in same.stderr
    # An edit of the form takes the manager's marks back, and the manager's notes with them.
    village.ok("edit", ID, "--set", "service.description=会議資料の共有", "--date", "2026-03-28")
    item5 = _checks(village)[5]
    assert "responsible" not in item5 and "responsible_note" not in item5
    assert village.yakkan("audit").code == 0


def test_the_manager_may_not_mark_before_the_applicant_has_marked_every_item(
    village: Village,
) -> None:
    village.apply(ID)
    village.ok("check", ID, "--mark", "1=ok", "--mark", "2=ok", "--mark", "3=ok",
               "--date", "2026-03-20")  # fmt: skip
    head, before = village.head(), village.record_text(ID)
    result = village.yakkan(
        "check", ID, "--role", "responsible", *_marks(), "--date", "2026-03-21", as_="sato"
    )
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert "申請者欄がまだ空の項目があります: 4、5、6、7、8" in result.stderr
    assert village.head() == head and village.record_text(ID) == before
    assert village.status() == ""
    # Until then nobody tells the managers to double-check.
    rows = json.loads(village.ok("due", "--as-of", "2026-03-21", "--json").stdout)
    assert [(r["task"], r["assignees"]) for r in rows] == [("check", ["yamada"])]

    village.ok("check", ID, *_marks(), "--date", "2026-03-21")
    village.ok("check", ID, "--role", "responsible", *_marks(), "--date", "2026-03-22", as_="sato")
    assert all(c["responsible"] == "ok" for c in _checks(village).values())


def test_the_termination_form_keeps_notes_by_column_and_waits_for_its_filer(
    village: Village,
) -> None:
    village.approved(ID, date="2026-04-01")
    agreement, deletion = village.files / "agreement.png", village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG\r\n\x1a\n agreement")
    deletion.write_bytes(b"%PDF-1.4 deletion")
    village.ok(
        "terminate", ID, "--reason", "庁内システムへ移行", "--end", "2026-12-31",
        "--attach", f"agreement={agreement}", "--attach", f"deletion={deletion}",
        "--date", "2026-11-20", as_="suzuki",
    )  # fmt: skip
    refused = village.yakkan(
        "check", ID, "--role", "responsible", *_marks(items=4), "--date", "2026-11-21", as_="sato"
    )
    assert refused.code == 1
    assert "終了確認書の申請者欄がまだ空の項目があります: 1、2、3、4" in refused.stderr

    village.ok("check", ID, *_marks("2=ok:業者の消去証明で確認", items=4),
               "--date", "2026-11-21", as_="suzuki")  # fmt: skip
    village.ok("check", ID, "--role", "responsible", *_marks("2=ok:証明書の原本を確認", items=4),
               "--date", "2026-11-22", as_="sato")  # fmt: skip
    item2 = _checks(village, "termination")[2]
    assert item2["applicant_note"] == "業者の消去証明で確認"
    assert item2["responsible_note"] == "証明書の原本を確認"
    md = village.ok("render", ID, "--form", "termination", "--format", "md").stdout
    assert "申請者の備考：業者の消去証明で確認" in md
    assert "責任者の備考：証明書の原本を確認" in md
    shown = village.ok("show", ID).stdout
    assert "申請者の備考: 業者の消去証明で確認" in shown
    assert "責任者の備考: 証明書の原本を確認" in shown
    history = village.ok("history", ID).stdout
    assert "終了確認書 項目2の責任者の備考「証明書の原本を確認」" in history
    assert village.yakkan("audit").code == 0


# --- the interactive double-check, at 80×24 ---------------------------------------------------


def test_the_interactive_double_check_shows_the_applicants_mark_note_and_evidence(
    village: Village,
) -> None:
    village.apply(ID)
    village.ok(
        "check", ID, *_marks(f"5=ng:{APPLICANT_NOTE}", "6=na:設立2年目で実績がない"),
        "--evidence", f"5={village.files / 'evidence.png'}", "--date", "2026-03-20",
    )  # fmt: skip
    term = Terminal(village, ["check", ID, "--date", "2026-03-25"], "sato")
    mark = "印［現在: -］"
    term.child.expect_exact("責任者欄に印を付けます")
    for _ in range(1, 5):
        term.answer(mark, "○")
    # Item 5: before the question, what the applicant marked, wrote and attached.
    term.child.expect_exact("5. 責任の所在")
    term.child.expect_exact("申請者の印: ×")
    term.child.expect_exact(f"申請者の備考: {APPLICANT_NOTE}")
    term.child.expect_exact("確認資料: attachments/somu-drive/evidence.png")
    term.answer(mark, f"○:{MANAGER_NOTE}")
    term.child.expect_exact("6. 過去3年間")
    term.child.expect_exact("申請者の印: ／")
    term.child.expect_exact("申請者の備考: 設立2年目で実績がない")
    # ／ is explained by the applicant's own reason: the manager is not made to copy it.
    term.answer(mark, "／")
    term.answer(mark, "○")
    term.answer(mark, "○")
    term.answer("この印を記録しますか", "y")
    assert term.end() == 0, term.screen.getvalue()

    screen = term.screen.getvalue()
    assert "申請者の印: ○" in screen  # the items the applicant passed are shown too
    checks = _checks(village)  # one `show` answers for both items of this version
    item5, item6 = checks[5], checks[6]
    assert item5["applicant_note"] == APPLICANT_NOTE
    assert item5["responsible"] == "ok" and item5["responsible_note"] == MANAGER_NOTE
    assert item6["responsible"] == "na" and "responsible_note" not in item6
    assert item6["applicant_note"] == "設立2年目で実績がない"
    village.ok("approve", ID, "--date", "2026-04-01", as_="sato")


def test_the_interactive_double_check_is_refused_before_any_question(village: Village) -> None:
    village.apply(ID)
    village.ok("check", ID, "--mark", "1=ok", "--date", "2026-03-20")
    head = village.head()
    term = Terminal(village, ["check", ID, "--date", "2026-03-25"], "sato")
    term.child.expect_exact("申請者欄がまだ空の項目があります")
    assert term.end() == 1
    screen = term.screen.getvalue()
    assert "2、3、4、5、6、7、8" in screen.replace("\r\n", "")
    assert "印［現在" not in screen and "Traceback" not in screen
    assert village.head() == head


# --- a record written before the notes were kept by column ----------------------------------

LEGACY_NOTE = "サポート窓口に確認済み"


def _legacy_record(village: Village) -> None:
    """A record of the old format, with a history the old `check` wrote: one shared note
    per item, set by whichever column marked last (here: the manager's, on the × of 4)."""
    village.apply(ID)
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    marked = "- item: 4\n  applicant: ok\n  responsible: ok\n"
    legacy = f"- item: 4\n  applicant: ok\n  responsible: ng\n  note: {LEGACY_NOTE}\n"
    village.edit(RECORD, marked, legacy)
    village.hand_commit("sato", f"check({ID}): 利用申請書の責任者欄を記入（項目 4）",
                        when="2026-03-26T10:00:00+09:00", trailers=f"check {ID} sato")  # fmt: skip


def test_a_record_with_one_shared_note_still_validates_and_shows_it_without_an_author(
    village: Village,
) -> None:
    _legacy_record(village)
    assert village.yakkan("validate").code == 0
    assert village.yakkan("fmt", "--check").code == 0  # the canonical writer keeps it so
    item4 = _checks(village)[4]
    assert item4["note"] == LEGACY_NOTE and "applicant_note" not in item4

    shown = village.ok("show", ID).stdout
    assert f"  備考: {LEGACY_NOTE}" in shown
    assert f"申請者の備考: {LEGACY_NOTE}" not in shown
    assert f"責任者の備考: {LEGACY_NOTE}" not in shown
    md = village.ok("render", ID, "--format", "md").stdout
    assert f"<br>備考：{LEGACY_NOTE}" in md and "の備考：" not in md
    assert f"備考「{LEGACY_NOTE}」" in village.ok("history", ID).stdout
    # The old history the old `check` wrote stays honest.
    assert village.yakkan("audit").code == 0, village.yakkan("audit").output

    # The applicant adds a note of its own: it goes to the applicant's column, the shared
    # note explains the manager's × and stays as written.
    village.ok("check", ID, "--mark", "4=ok:約款第8条に廃棄の定め", "--date", "2026-03-27")
    item4 = _checks(village)[4]
    assert item4["applicant_note"] == "約款第8条に廃棄の定め"
    assert item4["note"] == LEGACY_NOTE
    # The manager corrects the ×: the shared note it explained goes; no author is invented.
    village.ok("check", ID, "--mark", "4=ok", "--date", "2026-03-28", as_="sato")
    item4 = _checks(village)[4]
    assert "note" not in item4 and "responsible_note" not in item4
    assert item4["applicant_note"] == "約款第8条に廃棄の定め"
    assert village.yakkan("audit").code == 0


def test_the_schema_names_both_notes_and_the_old_shared_one(village: Village) -> None:
    """Editors validating a record by `yakkan schema` accept both formats of a check."""
    definitions = json.loads(village.ok("schema").stdout)["definitions"]
    for name in ("Check", "TerminationCheck"):
        fields = list(definitions[name]["properties"])
        assert fields == [
            "item", "applicant", "applicant_note", "responsible", "responsible_note",
            "evidence", "note",
        ]  # fmt: skip
        assert definitions[name]["additionalProperties"] is False


def test_show_at_80_columns_puts_both_columns_side_by_side(village: Village) -> None:
    from rich.cells import cell_len

    from tests.terminal import on_a_terminal

    long_note = "約款に事業者の責任範囲の記載がなく、無償版では障害時の補償もないため可とは言えない"
    village.apply(ID)
    village.ok("check", ID, *_marks(f"5=ng:{long_note}"), "--date", "2026-03-20")
    village.ok("check", ID, "--role", "responsible", *_marks(f"5=ok:{MANAGER_NOTE}"),
               "--date", "2026-03-21", as_="sato")  # fmt: skip
    screen = on_a_terminal(
        village.path, village._env("yamada", "2026-03-22T10:00:00+09:00"), "show", ID
    )
    lines = screen.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), screen
    item = next(i for i, line in enumerate(lines) if line.startswith("  5. × ○ "))
    below = "".join(line.strip() for line in lines[item + 1 : item + 5])
    assert f"申請者の備考: {long_note}" in below
    assert f"責任者の備考: {MANAGER_NOTE}" in below
    # Each note stays under its item, indented past the two marks.
    assert lines[item + 1].startswith("         申請者の備考: ")
