"""The PDF forms read back as the person filing them would (issue 12, items 1-2).

Records are walked through the real commands; each PDF is read with pypdf (text, fonts,
metadata) and poppler (where every word sits, a picture of page 1): the seed's labels in
order, the page headers with the state mark, nothing printed over anything, the same bytes
from the same record whatever the clock, a page break only before the risk box.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.forms_fixtures import APPLICATION_LABELS, TERMINATION_LABELS
from tests.pdf_reading import (
    assert_in_order,
    assert_nothing_covered,
    blank_pdf,
    flat,
    pages_of,
    png,
    red_pixels,
    screenshot,
    text_of,
)
from tests.village import Village
from yakkan_cli.forms import APPLICATION_ITEM_TEXTS, RISK_HEADING

ID = "somu-drive"
TITLES = {"application": "約款による外部サービス利用申請書",
          "termination": "約款による外部サービス終了確認書"}  # fmt: skip
TERMINATION = """\
termination:
  reason: 庁内の文書管理システムへ移行したため
  end_on: 2026-11-30
  users: [総務課 職員, 審議会委員]
  users_count: 9
"""


def real_files(village: Village) -> None:
    (village.files / "signup.png").write_bytes(png(40, 30))
    (village.files / "terms.pdf").write_bytes(blank_pdf())


def approved(village: Village) -> None:
    real_files(village)
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")


def terminated(village: Village) -> None:
    approved(village)
    (village.files / "agreement.png").write_bytes(png(20, 20))
    (village.files / "deletion.pdf").write_bytes(blank_pdf())
    form = village.write("termination.yaml", TERMINATION)
    village.ok(
        "terminate", ID, "--from", str(form), "--date", "2026-11-20",
        "--attach", f"agreement={village.files / 'agreement.png'}",
        "--attach", f"deletion={village.files / 'deletion.pdf'}", as_="suzuki",
    )  # fmt: skip
    for role, person, day in (("applicant", "suzuki", "2026-11-21"),
                              ("responsible", "sato", "2026-11-25")):  # fmt: skip
        village.mark_all(ID, role, person, day, items=4)
    village.ok("approve", ID, "--date", "2026-12-01", as_="sato")


def rejected(village: Village, reason: str = "HTTPS に対応していないため") -> None:
    applied(village)
    reject(village, reason)


def reject(village: Village, reason: str) -> None:
    village.ok("reject", ID, "--reason", reason, "--date", "2026-03-28", "--yes", as_="sato")


def withdrawn(village: Village) -> None:
    real_files(village)
    village.apply(ID)
    village.ok("withdraw", ID, "--reason", "別のサービスで申請し直す", "--date", "2026-03-27",
               "--yes")  # fmt: skip


def applied(village: Village) -> None:
    real_files(village)
    village.apply(ID)


def render(village: Village, target: Path, *args: str) -> list[str]:
    village.ok("render", ID, "--format", "pdf", "-o", str(target), *args)
    return text_of(target)


# case → (how the record got there, form, extra options, the mark, what the mark says)
MARKS: dict[str, tuple[Callable[[Village], None], str, tuple[str, ...], str | None, list[str]]] = {
    "rejected": (rejected, "application", (), "却下",
                 ["却下日：令和8年3月28日", "却下した者：佐藤 花子",
                  "却下の理由：HTTPS に対応していないため"]),
    "withdrawn": (withdrawn, "application", (), "取下げ",
                  ["取下げ日：令和8年3月27日", "取下げの理由：別のサービスで申請し直す"]),
    "draft": (applied, "application", (), "未承認", ["承認前の下書き"]),
    "terminated": (terminated, "termination", (), "終了",
                   ["終了日：令和8年11月30日", "終了理由：庁内の文書管理システムへ移行したため"]),
    "terminated application": (terminated, "application", (), "終了",
                               ["終了日：令和8年11月30日"]),
    "blank": (applied, "application", ("--blank",), None, []),
    "blank termination": (terminated, "termination", ("--blank",), None, []),
    "approved": (approved, "application", (), None, []),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MARKS))
def test_state_mark_in_the_pdf(village: Village, tmp_path: Path, case: str) -> None:
    make, form, options, word, says = MARKS[case]
    make(village)
    target = tmp_path / "form.pdf"
    pages = render(village, target, "--form", form, *options)
    for number, page in enumerate(pages, start=1):
        # Every page: the form's title, the record id, 「n / m」 and the mark, so a loose
        # page of a rejected application cannot pass for a live one.
        assert TITLES[form] in page
        assert f"管理番号：{ID}" in page
        assert f"{number} / {len(pages)}" in page
        if word is not None:
            assert f"【{word}】" in page
    whole = "\n".join(pages)
    for line in says:
        assert flat(line) in flat(whole), line
    marks = ("【却下】", "【取下げ】", "【終了】", "【未承認】")
    assert [m for m in marks if m in whole] == ([f"【{word}】"] if word else [])
    # The mark adds to the form: every label of the seed's form is still there, in order,
    # and no word is printed over another (poppler's word boxes).
    assert_in_order(whole, APPLICATION_LABELS if form == "application" else TERMINATION_LABELS)
    assert_nothing_covered(target)
    if options == ("--blank",):
        checks = flat(whole).split("該当なし→／）")[1].split("※確認できる資料")[0]
        assert not set("○×") & set(checks)
        assert "佐藤花子" not in flat(whole)


HOSTILE = (
    "<script>alert(1)</script>&amp; 児童の写真を扱うため\n"
    "\u200fshalom olam\u200e（右から左の印）"  # Hebrew itself is not in the bundled faces
    + "理由" * 700  # very long
    + "X" * 300  # and one unbroken run wider than the page
)


def test_a_hostile_reason_stays_text_and_fits_the_page(village: Village, tmp_path: Path) -> None:
    real_files(village)
    village.apply(ID)
    refused = village.yakkan(
        "reject", ID, "--reason", "赤く\x1b[31m表示", "--date", "2026-03-28", "--yes", as_="sato"
    )
    assert refused.code == 1 and "Traceback" not in refused.output
    assert "U+001B" in refused.stderr  # named, not obeyed
    assert "state: applied" in village.record_text(ID)  # nothing half-written
    reject(village, HOSTILE)
    target = tmp_path / "rejected.pdf"
    pages = render(village, target)
    whole = flat("".join(pages))
    assert flat("<script>alert(1)</script>&amp;") in whole  # printed as it was typed
    assert "理由" * 700 in whole and "X" * 300 in whole  # whole, wrapped, not cut
    assert_nothing_covered(target)  # inside the page, over nothing
    assert_in_order("\n".join(pages), APPLICATION_LABELS)
    for number, page in enumerate(pages, start=1):
        assert "【却下】" in page and f"{number} / {len(pages)}" in page


@pytest.mark.parametrize("form", ["application", "termination"])
def test_fonts_and_metadata(village: Village, tmp_path: Path, form: str) -> None:
    terminated(village)
    target = tmp_path / "form.pdf"
    render(village, target, "--form", form)
    reader = PdfReader(target)
    fonts: dict[str, str] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name, subtype = str(font["/BaseFont"]), str(font["/Subtype"])
            fonts[name] = subtype
            assert subtype != "/Type3", f"{name}: Type 3 glyphs print as pictures"
            described = font["/DescendantFonts"][0].get_object() if subtype == "/Type0" else font
            descriptor = described["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            assert re.match(r"/?[A-Z]{6}\+", name), f"{name} is not a subset"
    # Set in the faces yakkan ships (tests/e2e/test_pdf_fonts.py), whatever the machine has.
    assert {name.split("+", 1)[1] for name in fonts} <= {
        "yakkan-Mincho", "yakkan-Mincho-Bold", "yakkan-Gothic", "yakkan-Gothic-Bold"
    }, fonts  # fmt: skip
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == f"{TITLES[form]}　管理番号：{ID}"
    assert metadata.author == "恩納村"
    assert metadata.creation_date is not None
    filed = {"application": date(2026, 3, 20), "termination": date(2026, 11, 20)}
    assert metadata.creation_date.date() == filed[form]  # the record's date, not the clock


def test_the_same_record_gives_the_same_bytes_whatever_the_clock(
    village: Village, tmp_path: Path
) -> None:
    rejected(village)
    outputs = []
    clocks = [{}, {"SOURCE_DATE_EPOCH": "0", "TZ": "Pacific/Kiritimati"},
              {"SOURCE_DATE_EPOCH": "1900000000", "TZ": "America/Adak"}]  # fmt: skip
    for n, clock in enumerate(clocks):
        target = tmp_path / f"{n}.pdf"
        result = village.yakkan("render", ID, "--format", "pdf", "--bundle", "-o", str(target),
                                env=clock)  # fmt: skip
        assert result.code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


LONG = """\
id: somu-drive
department: somu
service:
  provider: Google LLC（Google 合同会社を通じた日本国内向けの提供を含む）
  name: Google ドライブ（Google Workspace Business Starter、教育委員会との共用テナント）
  description: "クラウド上でファイルを保存・共有するサービス。審議会と各種委員会の会議資料、\
議事録の案、説明会の配布資料を、外部の委員と事前に共有するために使う。共有リンクは閲覧のみ・\
期限付きで発行し、編集権限は職員に限る。ファイルの版管理と変更履歴の確認ができる。"
  category: file_storage
  terms_url: https://policies.google.com/terms?hl=ja
  data_location: domestic
application:
  purpose: "審議会・委員会の会議資料を、開催の一週間前までに外部の委員へ届けるため。\
紙の資料の郵送と、当日の差し替えの手間をなくし、委員の意見を事前に集めるため。"
  period: {start: 2026-04-01, end: 2027-03-31}
  administrator: suzuki
  information:
    - {name: 会議資料（公開前）, class: 3, personal: false}
    - {name: 議事録の案（委員の発言を含む）, class: 3, personal: false}
    - {name: 説明会の配布資料（公開済み）, class: 4, personal: false}
  users: [総務課 職員, 審議会委員, 行政改革推進委員会 委員, 情報公開審査会 委員, 企画課 職員]
  users_count: 24
  alternative: 庁内ファイルサーバ（共有フォルダ）と、USB メモリによる手渡し（暗号化したもの）
"""


def test_long_answers_break_only_before_the_risk_box(village: Village, tmp_path: Path) -> None:
    real_files(village)
    form = village.write("long.yaml", LONG)
    village.ok("apply", "--from", str(form), "--date", "2026-03-20",
               "--attach", f"signup={village.files / 'signup.png'}",
               "--attach", f"terms={village.files / 'terms.pdf'}")  # fmt: skip
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-04-01", as_="sato")
    target = tmp_path / "long.pdf"
    pages = [flat(p) for p in render(village, target)]
    assert len(pages) == 2
    first, second = pages
    # Page 1: the whole form and the whole check table; page 2 opens with the risk box.
    assert_in_order(first, [*APPLICATION_LABELS[: APPLICATION_LABELS.index(RISK_HEADING)]])
    assert flat("教育委員会との共用テナント") in first and flat("企画課 職員") in first
    # The first words under page 2's header (16 mm = 45 pt) are the risk box's.
    words = [w for w in pages_of(target)[1].words if w.y0 > 45]
    top = min(w.y0 for w in words)
    assert flat(RISK_HEADING).startswith("".join(w.text for w in words if w.y0 == top))
    for label in ("利用目的", "提供会社名", APPLICATION_ITEM_TEXTS[-1]):
        assert flat(label) not in second
    assert_nothing_covered(target)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path / "screenshots"


def test_screenshots_for_the_readme(village: Village, tmp_path: Path, scratch: Path) -> None:
    """The README's pictures, taken here: YAKKAN_UPDATE_SCREENSHOTS=1 writes them to
    docs/images/; without it the same code renders into a temporary folder."""
    approved(village)
    village.apply("somu-mail", date="2026-05-01")
    (village.files / "chat.yaml").write_text(
        village.application_file("somu-chat").read_text("utf-8").replace(
            "name: Google ドライブ", "name: Google Chat"), "utf-8")  # fmt: skip
    village.ok("apply", "--from", str(village.files / "chat.yaml"), "--date", "2026-05-02",
               "--attach", f"signup={village.files / 'signup.png'}")  # fmt: skip
    village.ok("reject", "somu-chat", "--reason", "チャットに個人情報が書き込まれるおそれがあり、"
               "利用者への周知の方法が示されていないため", "--date", "2026-05-08", "--yes",
               as_="sato")  # fmt: skip
    application, refused, register = (tmp_path / f"{n}.pdf" for n in ("a", "r", "g"))
    village.ok("render", ID, "--format", "pdf", "-o", str(application))
    village.ok("render", "somu-chat", "--format", "pdf", "-o", str(refused))
    village.ok("register", "--format", "pdf", "--as-of", "2026-05-10", "-o", str(register))
    shots = {
        "application": screenshot(application, "form-application", scratch),
        "rejected": screenshot(refused, "form-rejected", scratch),
        "register": screenshot(register, "register", scratch),
    }
    from PIL import Image

    for name, picture in shots.items():
        with Image.open(picture) as image:
            width, height = image.size
        assert (width > height) == (name == "register"), name  # A4 portrait, landscape
        assert 800 <= max(width, height) <= 1200, "100 dpi"
        assert picture.stat().st_size < 250_000, f"{picture} is too big for the README"
    # The rejected form shows its red stamp near the top; an approved one has none.
    assert red_pixels(shots["rejected"], top=0.25) > 200
    assert red_pixels(shots["application"]) == 0
