"""`yakkan ismap import` and `yakkan ismap find` in real repositories (issue 22.3): the files a
clerk saves from the portal (a cp932 CSV as Excel writes it, a UTF-8 CSV with a BOM, an xlsx,
the page saved as HTML), who may import, a bad row named, and what lands in the commit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.village import Village, make_village

DAY = "2026-12-07T10:00:00+09:00"
SNAPSHOT = ".yakkan/ismap/ismap/snapshot.yaml"

ROWS = [
    ("C21-0012-2", "クラウドメール Pro", "株式会社 南風", "2022/04/01", "2027/08/31", ""),
    (
        "C22-0100-1",
        "ファイル共有サービス",
        "美ら海システム株式会社",
        "令和4年9月1日",
        "R9.3.31",
        "SaaS",
    ),
    ("C20-0001-3", "旧グループウェア", "株式会社 南風", "2020-12-01", "2026-01-31", "更新なし"),
]
HEADINGS = ("登録番号", "クラウドサービス名称", "事業者名", "登録日", "有効期限", "備考")


def csv_text(rows: list[tuple[str, ...]] = ROWS, headings: tuple[str, ...] = HEADINGS) -> str:
    lines = ["ISMAPクラウドサービスリスト", "", ",".join(headings)]
    lines += [",".join(row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def xlsx_bytes(path: Path) -> Path:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(["ISMAP クラウドサービスリスト（令和8年12月1日現在）"])
    sheet.append([])
    sheet.append(
        ["登録 番号", "サービス名", "ＣＳＰ事業者名", "登録日", "監査対象期間末日", "備考"]
    )
    sheet.append(
        ["C21-0012-2", "クラウドメール Pro", "株式会社 南風", datetime.datetime(2022, 4, 1),
         datetime.datetime(2026, 3, 31), None]
    )  # fmt: skip
    sheet.append(
        ["C22-0100-1", "ファイル共有サービス", "美ら海システム株式会社", "2022/09/01",
         "令和7年10月30日", "SaaS"]
    )  # fmt: skip
    book.save(path)
    return path


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>ISMAP</title>
<script>document.write('<table><tr><th>登録番号</th></tr></table>')</script></head><body>
<table class="menu"><tr><td><a href="/">トップ</a></td><td>検索</td></tr></table>
<table class="list">
<thead><tr><th>登録番号</th><th>クラウドサービス<br>名称</th><th>事業者名</th>
<th>登録日</th><th>有効期限</th><th>備考</th></tr></thead>
<tbody>
<tr><td>C21-0012-2</td><td>クラウドメール&nbsp;Pro</td><td>株式会社 南風</td><td>2022/04/01</td>
<td>2027/08/31</td><td></td></tr>
<tr><td>Ｃ２２－０１００－１</td><td>ファイル共有<b>サービス</b></td><td>美ら海システム株式会社</td>
<td>令和4年9月1日</td><td>令和9年3月31日</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>
</tbody></table></body></html>
"""


@pytest.fixture
def village(tmp_path: Path) -> Village:
    v = make_village(tmp_path)
    v.append("yakkan.yaml", "security_administrators: [tanaka]\n")
    v.hand_commit("tanaka", "security administrators")
    return v


def imported(v: Village, file: Path, *args: str, as_: str = "tanaka") -> str:
    result = v.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", "2026-12-01", *args,
        as_=as_, when=DAY,
    )  # fmt: skip
    assert "Traceback" not in result.output, result.output
    assert result.code == 0, result.output
    return result.output


def test_a_cp932_csv_as_excel_saves_it(village: Village) -> None:
    file = village.files / "ismap.csv"
    file.write_bytes(csv_text().encode("cp932"))
    shown = imported(village, file, "--source", "https://www.ismap.go.jp/csm")
    assert "ISMAP クラウドサービスリスト を取り込みました（2026-12-01 取得、3 件）" in shown
    assert "次の手順:" in shown and "田中 一郎" in shown and "yakkan ismap check" in shown
    assert village.status() == ""
    # One commit: the very bytes of the file and the snapshot, with the action's trailers.
    changed = village.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [SNAPSHOT, ".yakkan/ismap/ismap/source.csv"]
    assert (village.path / ".yakkan/ismap/ismap/source.csv").read_bytes() == file.read_bytes()
    trailers = village.trailers()
    assert trailers["Yakkan-Action"] == "ismap-import"
    assert trailers["Yakkan-Actor"] == "tanaka"
    text = (village.path / SNAPSHOT).read_text("utf-8")
    assert f"sha256: {hashlib.sha256(file.read_bytes()).hexdigest()}" in text
    assert "imported_by: tanaka" in text and "source_url: https://www.ismap.go.jp/csm" in text
    assert "valid_until: '2027-03-31'" in text  # R9.3.31
    assert "registered_on: '2022-09-01'" in text  # 令和4年9月1日
    # An honest import is no finding.
    assert village.yakkan("audit").code == 0, village.yakkan("audit").output
    # The same file, read the same way, retrieved the same day: nothing to record.
    head = village.head()
    again = imported(village, file, "--source", "https://www.ismap.go.jp/csm")
    assert "取り込み済みのものと同じです" in again and village.head() == head


def test_validate_names_a_source_changed_under_its_snapshot(village: Village) -> None:
    file = village.files / "ismap.csv"
    file.write_bytes(csv_text().encode("cp932"))
    imported(village, file)
    assert village.yakkan("validate").code == 0
    source = village.path / ".yakkan/ismap/ismap/source.csv"
    source.write_bytes(source.read_bytes() + b"C99-0001-1,x,y,2030/01/01,\r\n")
    result = village.yakkan("validate")
    assert result.code == 1, result.output
    assert "source.csv が manifest の sha256 と一致しません" in result.output
    (village.path / SNAPSHOT).write_text("manifest: {}\n", "utf-8")
    result = village.yakkan("validate")
    assert result.code == 1 and SNAPSHOT in result.output and "Traceback" not in result.output


def test_a_utf8_csv_with_a_bom(village: Village) -> None:
    file = village.files / "ismap.csv"
    file.write_bytes(b"\xef\xbb\xbf" + csv_text().encode("utf-8"))
    assert "3 件" in imported(village, file)
    assert "service: クラウドメール Pro" in (village.path / SNAPSHOT).read_text("utf-8")


def test_an_xlsx_with_the_audit_period_instead_of_the_expiry(village: Village) -> None:
    file = xlsx_bytes(village.files / "list.xlsx")
    assert "2 件" in imported(village, file, "--column", "provider=CSP事業者名")
    text = (village.path / SNAPSHOT).read_text("utf-8")
    # 監査対象期間末日の翌日から1年4か月: 2026-03-31 → 2027-07-31; 2025-10-30 → 2027-02-28.
    assert "audit_period_end: '2026-03-31'" in text and "valid_until: '2027-07-31'" in text
    assert "valid_until: '2027-02-28'" in text
    assert (village.path / ".yakkan/ismap/ismap/source.xlsx").is_file()
    assert village.yakkan("audit").code == 0


def test_the_published_xlsx_with_headings_over_two_rows(village: Village) -> None:
    """Merged group headings above the column headings, a provider merged down over two
    services: read by normaliser 2, and the audit reads the committed file the same way."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from tests.test_ismap_normalise import COLUMNS, DRIVE, GROUPS, MAIL, MERGED, TITLE

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (TITLE, GROUPS, COLUMNS, MAIL, DRIVE):
        sheet.append([cell or None for cell in row])
    for top, left, bottom, right in MERGED:
        first, last = get_column_letter(left + 1), get_column_letter(right + 1)
        sheet.merge_cells(f"{first}{top + 1}:{last}{bottom + 1}")
    file = village.files / "ismap_list.xlsx"
    book.save(file)
    assert "2 件" in imported(village, file)
    text = (village.path / SNAPSHOT).read_text("utf-8")
    assert "normaliser: 2" in text and text.count("provider: 株式会社 南風") == 2
    assert "audit_period_end: '2025-08-31'" in text and "valid_until: '2026-12-31'" in text
    assert village.yakkan("audit").code == 0


def test_the_list_page_saved_as_html(village: Village) -> None:
    file = village.files / "list.html"
    file.write_text(HTML, "utf-8")
    assert "2 件" in imported(village, file)
    text = (village.path / SNAPSHOT).read_text("utf-8")
    assert "registration: C22-0100-1" in text  # full-width, NFKC'd
    assert "service: クラウドサービス 名称" not in text
    assert "note: <script>alert(1)</script>" in text  # hostile text stays data
    assert village.yakkan("audit").code == 0


def test_a_hostile_source_url_is_refused_not_a_traceback(village: Village) -> None:
    file = village.files / "ismap.csv"
    file.write_bytes(csv_text().encode("utf-8"))
    result = village.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", "2026-12-01",
        "--source", "https://x.example/\x1b]0;owned\x07", as_="tanaka", when=DAY,
    )  # fmt: skip
    assert result.code == 1 and "Traceback" not in result.output
    assert "\x1b" not in result.output and village.status() == ""


def test_a_clerk_is_refused_before_the_file_is_read(village: Village) -> None:
    result = village.yakkan(
        "ismap", "import", str(village.files / "no-such.csv"), "--list", "ismap",
        "--retrieved", "2026-12-01", as_="yamada", when=DAY,
    )  # fmt: skip
    assert result.code == 1
    assert "情報セキュリティ管理者" in result.stderr and "田中 一郎" in result.stderr
    assert "見つかりません" not in result.stderr
    assert not (village.path / ".yakkan/ismap").exists()
    assert village.status() == ""


def test_a_bad_row_is_named_and_nothing_is_written(village: Village) -> None:
    rows = [*ROWS[:1], ("C22-0100-1", "ファイル共有", "美ら海", "2022/09/01", "2027/02/30", "")]
    file = village.files / "bad.csv"
    file.write_bytes(csv_text(rows).encode("cp932"))
    head = village.head()
    result = village.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", "2026-12-01",
        as_="tanaka", when=DAY,
    )  # fmt: skip
    assert result.code == 1 and "Traceback" not in result.output
    assert "5行目「有効期限」列: 「2027/02/30」を日付として読めません" in result.stderr
    assert village.head() == head and village.status() == ""


def test_a_missing_column_names_the_headings_found(village: Village) -> None:
    file = village.files / "bad.csv"
    headings = ("登録番号", "名前", "事業者名", "登録日", "有効期限", "備考")
    file.write_bytes(csv_text(headings=headings).encode("utf-8"))
    result = village.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", "2026-12-01",
        as_="tanaka", when=DAY,
    )  # fmt: skip
    assert result.code == 1
    assert "3行目の見出し行に「クラウドサービス名称」の列がありません" in result.stderr
    assert "--column service=見出し" in result.stderr
    # Named by --column, the same file is read.
    assert "3 件" in imported(village, file, "--column", "service=名前")


def test_find_suggests_entries_best_first(village: Village) -> None:
    file = village.files / "ismap.csv"
    file.write_bytes(csv_text().encode("cp932"))
    imported(village, file)
    result = village.yakkan("ismap", "find", "南風", when=DAY)
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert "C21-0012-2" in lines[0] and "2027-08-31" in lines[0]
    assert "C20-0001-3" in lines[1] and "（期限切れ）" in lines[1]
    assert "確かめて" in result.stderr
    found = village.yakkan("ismap", "find", "ｸﾗｳﾄﾞﾒｰﾙ", when=DAY)  # half-width kana
    assert found.code == 0 and found.stdout.count("C21-0012-2") == 1
    by_number = village.yakkan("ismap", "find", "ｃ２２－０１００－１", when=DAY)
    assert by_number.code == 0 and "美ら海システム株式会社" in by_number.stdout
    none = village.yakkan("ismap", "find", "存在しないサービス", when=DAY)
    assert none.code == 0 and "見つかりません" in none.stdout


def test_find_without_a_list_names_who_imports(village: Village) -> None:
    result = village.yakkan("ismap", "find", "南風", when=DAY)
    assert result.code == 1 and "田中 一郎" in result.stderr and "ismap import" in result.stderr
