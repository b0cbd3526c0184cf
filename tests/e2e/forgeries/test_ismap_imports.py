"""I1, I2: an imported ISMAP list forged with plain git (issue 22.3). The list decides which
full-track services may be approved, so a snapshot edited by hand (a registration's
`valid_until` moved), a list committed by a clerk, a source file swapped under its snapshot
or an import left unsigned where signatures are required is named by `verify` on the pull
request and by `audit` once merged; an honest import is no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.forgeries.found import found, report
from tests.village import Village

DAY = "2026-08-03"
WHEN = f"{DAY}T10:00:00+09:00"
SNAPSHOT = ".yakkan/ismap/ismap/snapshot.yaml"
SOURCE = ".yakkan/ismap/ismap/source.csv"
LIST = (
    "登録番号,クラウドサービス名称,事業者名,登録日,有効期限,備考\r\n"
    "C21-0012-2,クラウドメール Pro,株式会社 南風,2022/04/01,2026/08/31,\r\n"
    "C22-0100-1,ファイル共有サービス,美ら海システム株式会社,2022/09/01,2027/03/31,SaaS\r\n"
)


def list_file(village: Village, text: str = LIST) -> Path:
    path = village.files / "ismap.csv"
    path.write_bytes(text.encode("cp932"))
    return path


def import_list(village: Village, as_: str = "tanaka", when: str = WHEN) -> None:
    result = village.yakkan(
        "ismap", "import", str(list_file(village)), "--list", "ismap", "--retrieved", "2026-08-01",
        as_=as_, when=when,
    )  # fmt: skip
    assert result.code == 0, result.output


@pytest.fixture
def village(year: Village) -> Village:
    """The year, with 田中 (総務課長) named the security administrator on main."""
    year.append("yakkan.yaml", "security_administrators: [tanaka]\n")
    year.hand_commit("tanaka", "security administrators", when="2026-08-01T09:00:00+09:00")
    return year


def test_an_honest_import_is_clean(village: Village) -> None:
    base = village.head()
    village.git("switch", "-q", "-c", "ismap")
    import_list(village)
    assert report(village, "verify", f"{base}..HEAD")["ok"]
    village.merge("ismap")
    assert report(village, "audit")["ok"]


def test_a_valid_until_moved_by_hand(village: Village) -> None:
    """The administrator imports honestly, then moves an expiry later in the snapshot and
    commits it as if yakkan had (trailers and all): the source file says otherwise."""
    import_list(village)
    base = village.head()
    village.git("switch", "-q", "-c", "extend")
    village.edit(SNAPSHOT, "valid_until: '2026-08-31'", "valid_until: '2027-08-31'")
    bad = village.hand_commit(
        "tanaka",
        "ismap-import(ismap): ISMAP を取り込み\n\nYakkan-Action: ismap-import\n"
        "Yakkan-List: ismap\nYakkan-Actor: tanaka",
        when=WHEN,
    )
    found(village, base, bad, "I2", SNAPSHOT)
    data = report(village, "audit")
    messages = [f["message"] for f in data["findings"] if f["rule"] == "I2"]
    assert any("C21-0012-2" in m and "valid_until" in m and "2027-08-31" in m for m in messages)


def test_a_list_committed_by_a_clerk(village: Village) -> None:
    """The clerk commits the administrator's files as his own import."""
    import_list(village)
    village.git("reset", "-q", "--soft", "HEAD~1")
    base = village.head()
    bad = village.hand_commit(
        "yamada",
        "ismap-import(ismap): ISMAP を取り込み\n\nYakkan-Action: ismap-import\n"
        "Yakkan-List: ismap\nYakkan-Actor: yamada",
        when=WHEN,
    )
    found(village, base, bad, "I1", SNAPSHOT)


def test_a_snapshot_changed_without_the_command(village: Village) -> None:
    import_list(village)
    base = village.head()
    village.edit(SNAPSHOT, "service: ファイル共有サービス", "service: 別のサービス")
    bad = village.hand_commit("tanaka", "一覧を直す", when=WHEN)
    found(village, base, bad, ("I1", "I2"), SNAPSHOT)
    rules = {f["rule"] for f in report(village, "audit")["findings"] if f["commit"] == bad}
    assert rules == {"I1", "I2"}


def test_a_source_swapped_under_its_snapshot(village: Village) -> None:
    import_list(village)
    base = village.head()
    (village.path / SOURCE).write_bytes(LIST.replace("2026/08/31", "2028/08/31").encode("cp932"))
    bad = village.hand_commit(
        "tanaka",
        "ismap-import(ismap): 差し替え\n\nYakkan-Action: ismap-import\n"
        "Yakkan-List: ismap\nYakkan-Actor: tanaka",
        when=WHEN,
    )
    found(village, base, bad, "I2", SOURCE)


def test_a_list_removed_by_hand(village: Village) -> None:
    import_list(village)
    base = village.head()
    village.git("rm", "-q", SNAPSHOT, as_="tanaka")
    bad = village.hand_commit("tanaka", "一覧を消す", when=WHEN)
    found(village, base, bad, "I2", SNAPSHOT)


def test_an_unsigned_import_where_signatures_are_required(village: Village) -> None:
    """yakkan signs an import when the policy asks (and fails without a key); committed
    unsigned by a yakkan run against a yakkan.yaml edited for the occasion, it is named."""
    village.edit("yakkan.yaml", "  warn_days: 14\n", "  warn_days: 14\n  signed_actions: true\n")
    village.hand_commit("tanaka", "signed actions", when="2026-08-01T09:30:00+09:00")
    base = village.head()
    village.git("switch", "-q", "-c", "unsigned")
    village.edit("yakkan.yaml", "  signed_actions: true\n", "")
    import_list(village)
    village.git("checkout", "-q", "--", "yakkan.yaml")
    found(village, base, village.head(), "I1", SNAPSHOT)


def test_a_file_slipped_beside_the_lists(village: Village) -> None:
    """A list of the village's own making, beside the imported ones: nothing reads it as a
    list, every reader of the repository may take it for one."""
    import_list(village)
    base = village.head()
    (village.path / ".yakkan/ismap/extra").mkdir()
    (village.path / ".yakkan/ismap/extra/snapshot.yaml").write_text("entries: []\n", "utf-8")
    bad = village.hand_commit(
        "tanaka",
        "ismap-import(ismap): 追加\n\nYakkan-Action: ismap-import\n"
        "Yakkan-List: ismap\nYakkan-Actor: tanaka",
        when=WHEN,
    )
    found(village, base, bad, "I2", ".yakkan/ismap/extra/snapshot.yaml")
    named = [f for f in report(village, "audit")["findings"] if f["commit"] == bad]
    assert [f["path"] for f in named] == [".yakkan/ismap/extra/snapshot.yaml"], named
