"""The termination form (終了確認書) rendered from a record made by the real commands.

Every field of the seed's form must appear with the record's values, in both formats.
Skipped until the forms package (branch `forms`) is merged.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

pytest.importorskip("yakkan_cli.forms.render")

from tests.village import Village

ID = "somu-drive"
TERMINATION = """\
termination:
  reason: 庁内の文書管理システムへ移行したため
  end_on: 2026-11-30
  users: [総務課 職員, 審議会委員]
  users_count: 9
"""

# The labels exactly as the seed's form writes them (seed/000_b2ad3e3933551004.txt).
LABELS = (
    "約款による外部サービス終了確認書",
    "申請日",
    "申請者",
    "終了サービス",
    "提供会社名",
    "提供サービス名",
    "サービス内容",
    "終了理由",
    "取り扱っていた情報の種類",
    "利用者",
    "合計人数",
    "終了日",
    "サービス管理担当者",
    "所属長名",
    "利用責任者の承認",
)
ITEMS = (
    "利用していたデータは確実に消去されているか？",
    "廃棄証明を受け取っているか？",
    "利用者に対し、サービス終了が伝わっているか？",
    "サービス提供事業者の従事者に対する守秘義務、目的外でのデータ利用の禁止等再度、"
    "サービス提供事業者を確認しているか？",
)


def _flat(text: str) -> str:
    """Compare as printed: full-width digits and brackets folded, white space ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture
def terminated(village: Village) -> Village:
    village.approved(ID, date="2026-04-01")
    agreement = village.files / "agreement.png"
    deletion = village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG\r\n\x1a\n agreement at the end")
    deletion.write_bytes(b"%PDF-1.4 data deletion certificate")
    form = village.write("termination.yaml", TERMINATION)
    village.ok(
        "terminate", ID, "--from", str(form),
        "--attach", f"agreement={agreement}", "--attach", f"deletion={deletion}",
        "--date", "2026-11-20", as_="suzuki",
    )  # fmt: skip
    columns = (("applicant", "suzuki", "2026-11-21"), ("responsible", "sato", "2026-11-25"))
    for role, person, day in columns:
        marks = [a for n in range(1, 5) for a in ("--mark", f"{n}=ok")]
        village.ok("check", ID, "--role", role, *marks, "--date", day, as_=person)
    village.ok("approve", ID, "--date", "2026-12-01", as_="sato")
    return village


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_termination_form_prints_every_field(terminated: Village, fmt: str) -> None:
    result = terminated.ok("render", ID, "--form", "termination", "--format", fmt)
    assert result.stdout.strip()
    page = _flat(result.stdout)
    for label in LABELS:
        assert _flat(label) in page, label
    for item in ITEMS:
        assert _flat(item) in page, item
    expected_values = (
        "令和8年11月20日",  # 申請日 (filed_on)
        "鈴木 次郎",  # 申請者 = who ran terminate, also the サービス管理担当者
        "Google LLC",  # 提供会社名
        "Google ドライブ",  # 提供サービス名
        "会議資料を外部の委員と共有する",  # サービス内容
        "庁内の文書管理システムへ移行したため",  # 終了理由
        "会議資料（公開前）",  # 取り扱っていた情報の種類 (the application's)
        "総務課 職員",  # 利用者
        "審議会委員",
        "令和8年11月30日",  # 終了日
        "田中 一郎",  # 所属長名
        "佐藤 花子",  # 承認者
        "令和8年12月1日",  # 承認日
        "agreement.png",  # 終了時の承諾内容
        "deletion.pdf",  # データ廃棄の証明
    )
    for value in expected_values:
        assert _flat(value) in page, value
    assert re.search(r"合計人数[:：]?9", page), "合計人数"
    # four items, each marked ○ in both columns
    assert page.count("○") >= 8


def test_termination_form_of_a_record_without_termination_is_refused(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    result = village.yakkan("render", ID, "--form", "termination", "--format", "md")
    assert result.code == 1
    assert "Traceback" not in result.output
