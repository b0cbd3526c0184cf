"""Each audit finding made the way a person would do it by hand: edit the YAML, commit with
plain git. `verify` over the commit and `audit` over the whole history both exit 1 and name
the record and the commit."""

from __future__ import annotations

import json

from tests.village import Village

RECORD = "records/somu/somu-drive.yaml"
TRAILERS = "\n\nYakkan-Action: {action}\nYakkan-Service: somu-drive\nYakkan-Actor: {actor}\n"


def edit(village: Village, old: str, new: str, *, count: int = 1) -> None:
    path = village.path / RECORD
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new), "utf-8")


def hand_commit(village: Village, person: str, message: str) -> str:
    village.git("add", "-A", as_=person)
    village.git("commit", "-q", "-m", message, as_=person)
    return village.head()


def assert_found(village: Village, base: str, bad: str, *rules: str) -> None:
    """Both `verify base..HEAD` and `audit` exit 1 and report each of `rules` at commit
    `bad` (one run of each answers for every rule: they judge the same history)."""
    assert rules
    verify = village.yakkan("verify", f"{base}..HEAD")
    assert verify.code == 1, verify.output
    assert "Traceback" not in verify.output
    assert bad[:10] in verify.stdout
    assert "somu-drive" in verify.stdout
    for args in (("verify", f"{base}..HEAD", "--json"), ("audit", "--json")):
        result = village.yakkan(*args)
        assert result.code == 1, result.output
        report = json.loads(result.stdout)
        assert report["ok"] is False
        for rule in rules:
            hits = [f for f in report["findings"] if f["commit"] == bad and f["rule"] == rule]
            assert hits, (rule, report["findings"])
            assert all(f["service"] == "somu-drive" for f in hits)
            assert all(
                f["path"].endswith("somu-drive.yaml") or "somu-drive" in f["path"] for f in hits
            )
    assert village.status() == ""


def test_forged_approval(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    base = village.head()
    edit(village, "state: applied", "state: approved")
    path = village.path / RECORD
    path.write_text(
        path.read_text("utf-8") + "approval:\n  approved_by: sato\n  approved_on: '2026-04-01'\n",
        "utf-8",
    )
    bad = hand_commit(village, "yamada", "承認済みにした")
    # D4: a state change without Yakkan-Action; S3.1: yamada is not a responsible manager.
    assert_found(village, base, bad, "D4", "S3.1")


def test_responsible_marks_by_the_applicant(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    base = village.head()
    edit(village, "  applicant: ok\n", "  applicant: ok\n  responsible: ok\n", count=8)
    bad = hand_commit(village, "yamada", "責任者欄も記入")
    assert_found(village, base, bad, "S5.2")


def test_attachment_swapped_after_approval(village: Village) -> None:
    village.approved()
    base = village.head()
    (village.path / "attachments/somu-drive/terms.pdf").write_bytes(b"%PDF-1.4 other terms")
    bad = hand_commit(village, "sato", "約款を差し替え")
    assert_found(village, base, bad, "S5.1.5")


TERMINATION = """\
termination:
  reason: 庁内システムへ移行
  end_on: 2026-06-30
"""


def test_record_deleted_before_retention_ended(village: Village) -> None:
    village.approved()
    # The termination walked honestly with yakkan; only the removal is done by hand.
    form = village.write("termination.yaml", TERMINATION)
    agreement, deletion = village.files / "agreement.png", village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG agreement at the end")
    deletion.write_bytes(b"%PDF-1.4 data deletion certificate")
    village.ok(
        "terminate", "somu-drive", "--from", str(form), "--attach", f"agreement={agreement}",
        "--attach", f"deletion={deletion}", "--date", "2026-06-01", as_="suzuki",
    )  # fmt: skip
    marks = [a for n in range(1, 5) for a in ("--mark", f"{n}=ok")]
    village.ok("check", "somu-drive", *marks, "--date", "2026-06-02", as_="suzuki")
    village.ok(
        "check", "somu-drive", "--role", "responsible", *marks, "--date", "2026-06-03", as_="sato"
    )
    village.ok("approve", "somu-drive", "--date", "2026-07-01", as_="sato")
    village.clock = "2026-07-02T10:00:00+09:00"
    base = village.head()
    assert village.yakkan("audit").code == 0, village.yakkan("audit").output
    village.git("rm", "-q", "-r", RECORD, "attachments/somu-drive", as_="sato")
    bad = hand_commit(
        village,
        "sato",
        "dispose(somu-drive): 廃棄" + TRAILERS.format(action="dispose", actor="sato"),
    )
    assert_found(village, base, bad, "S5.4")


def test_illegal_state_jump(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    base = village.head()
    edit(village, "state: applied", "state: active")
    path = village.path / RECORD
    path.write_text(
        path.read_text("utf-8") + "approval:\n  approved_by: sato\n  approved_on: '2026-04-01'\n",
        "utf-8",
    )
    bad = hand_commit(
        village,
        "sato",
        "approve(somu-drive): 承認" + TRAILERS.format(action="approve", actor="sato"),
    )
    assert_found(village, base, bad, "D4")


def test_trailer_naming_someone_else(village: Village) -> None:
    village.approved()
    base = village.head()
    edit(
        village,
        "  procedure_version: '1.0'\n",
        "  procedure_version: '1.0'\n  risk_acknowledged_by: suzuki\n"
        "  risk_acknowledged_on: '2026-04-02'\n",
    )
    edit(village, "state: approved", "state: active")
    bad = hand_commit(
        village,
        "sato",
        "acknowledge(somu-drive): 確認" + TRAILERS.format(action="acknowledge", actor="suzuki"),
    )
    # D4: Yakkan-Actor names suzuki, sato committed; S3.1: only the administrator acknowledges.
    assert_found(village, base, bad, "D4", "S3.1")


def test_honest_history_passes(village: Village) -> None:
    village.approved()
    first = village.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert village.ok("audit").code == 0
    result = village.ok("verify", f"{first}..HEAD", "--json")
    assert json.loads(result.stdout)["ok"] is True


def test_verify_bad_range_is_a_usage_error(village: Village) -> None:
    result = village.yakkan("verify", "HEAD")
    assert result.code == 2
    assert "origin/main..HEAD" in result.stderr  # the form asked for, by example
    result = village.yakkan("verify", "nosuch..HEAD")
    assert result.code == 1
    assert "nosuch" in result.stderr
    assert "Traceback" not in result.output
