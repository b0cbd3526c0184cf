"""Every refusal of the foundation: exit 1, a Japanese message, no traceback, nothing changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.village import APPLICATION, Result, Village


def refused(village: Village, phrase: str, *args: str, as_: str = "yamada") -> Result:
    head, status = village.head(), village.status()
    result = village.yakkan(*args, as_=as_)
    assert result.code == 1, result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert village.head() == head
    assert village.status() == status
    return result


def check_args(*marks: str, role: str = "applicant") -> tuple[str, ...]:
    pairs = [a for m in marks for a in ("--mark", m)]
    return ("check", "somu-drive", "--role", role, *pairs, "--date", "2026-03-21")


# --- identity and the state of the repository ----------------------------------------------


def test_unknown_identity_cannot_act(village: Village) -> None:
    source = village.application_file()
    refused(village, "people にいません", "apply", "--from", str(source), as_="stranger")
    assert village.status() == ""


def test_unknown_identity_may_read(village: Village) -> None:
    village.apply()
    assert village.yakkan("show", "somu-drive", as_="stranger").code == 0
    assert village.yakkan("list", as_="stranger").code == 0


def test_record_with_uncommitted_edits(village: Village) -> None:
    village.apply()
    path = village.path / "records" / "somu" / "somu-drive.yaml"
    edited = path.read_text("utf-8").replace("審議会の会議資料の事前共有", "手で書き換えた目的")
    path.write_text(edited, encoding="utf-8")
    result = refused(village, "コミットされていない変更", *check_args("1=ok"))
    assert "records/somu/somu-drive.yaml" in result.stderr
    assert path.read_text("utf-8") == edited  # the edit is still there, untouched
    assert village.status().strip() == "M records/somu/somu-drive.yaml"


def test_attachments_with_uncommitted_edits(village: Village) -> None:
    village.apply()
    folder = village.path / "attachments" / "somu-drive"
    target = next(p for p in folder.iterdir() if p.name.endswith(".png"))
    target.write_bytes(b"swapped")
    refused(village, "コミットされていない変更", *check_args("1=ok"))
    assert target.read_bytes() == b"swapped"


def test_untracked_attachment_counts_as_an_edit(village: Village) -> None:
    village.apply()
    (village.path / "attachments" / "somu-drive" / "extra.png").write_bytes(b"new")
    refused(village, "コミットされていない変更", *check_args("1=ok"))


def test_merge_in_progress(village: Village) -> None:
    village.apply()
    (village.path / "memo.txt").write_text("base\n", encoding="utf-8")
    village.git("add", "memo.txt")
    village.git("commit", "-q", "-m", "memo")
    village.git("checkout", "-q", "-b", "other")
    (village.path / "memo.txt").write_text("other\n", encoding="utf-8")
    village.git("commit", "-q", "-am", "other")
    village.git("checkout", "-q", "main")
    (village.path / "memo.txt").write_text("main\n", encoding="utf-8")
    village.git("commit", "-q", "-am", "main")
    with pytest.raises(subprocess.CalledProcessError):  # git exits 1 on the conflict
        village.git("merge", "other")
    assert (village.path / ".git" / "MERGE_HEAD").exists()
    refused(village, "マージ", *check_args("1=ok"))


def test_index_lock(village: Village) -> None:
    village.apply()
    lock = village.path / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    result = village.yakkan(*check_args("1=ok"))
    head = village.head()
    assert result.code == 1
    assert "index.lock" in result.stderr
    assert "Traceback" not in result.output
    assert lock.exists()
    lock.unlink()
    assert village.head() == head
    assert village.status() == ""


# --- who may do it ------------------------------------------------------------------------


def _apply_as(village: Village, person: str) -> None:
    village.ok(
        "apply",
        "--from",
        str(village.application_file()),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
        as_=person,
    )


def test_approver_is_the_applicant(village: Village) -> None:
    _apply_as(village, "sato")
    village.mark_all("somu-drive", "applicant", "sato", "2026-03-20")
    refused(village, "申請者なので", "approve", "somu-drive", "--date", "2026-04-01", as_="sato")


def test_responsible_applicant_cannot_double_check_own_application(village: Village) -> None:
    _apply_as(village, "sato")
    refused(village, "申請者なので", *check_args("1=ok", role="responsible"), as_="sato")


def test_approver_is_the_department_head(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    refused(village, "所属長なので", "approve", "somu-drive", "--date", "2026-04-01", as_="tanaka")


def test_head_cannot_double_check(village: Village) -> None:
    village.apply()
    refused(village, "所属長なので", *check_args("1=ok", role="responsible"), as_="tanaka")


def test_responsible_column_marked_by_the_applicant(village: Village) -> None:
    village.apply()
    refused(village, "利用責任者ではない", *check_args("1=ok", role="responsible"))


def test_applicant_column_marked_by_someone_else(village: Village) -> None:
    village.apply()
    refused(village, "申請者ではない", *check_args("1=ok"), as_="sato")


def test_reject_by_the_applicant(village: Village) -> None:
    village.apply()
    refused(village, "立場にありません", "reject", "somu-drive", "--reason", "x")


# --- marks ------------------------------------------------------------------------------


def test_na_on_item_3_with_personal_information(village: Village) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3).replace(
        "personal: false", "personal: true"
    )
    village.ok("apply", "--from", str(village.write("p.yaml", text)), "--date", "2026-03-20")
    refused(village, "個人情報", *check_args("3=na:使わない"))


def test_na_without_a_note(village: Village) -> None:
    village.apply()
    refused(village, "理由を書いて", *check_args("5=na"))


def test_na_on_item_3_without_personal_information_is_fine(village: Village) -> None:
    village.apply()
    village.ok(*check_args("3=na"))


def test_unknown_item(village: Village) -> None:
    village.apply()
    refused(village, "確認項目 9", *check_args("9=ok"))


# --- readiness --------------------------------------------------------------------------


def _marked(village: Village) -> None:
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")


def test_missing_signup_and_terms(village: Village) -> None:
    village.ok("apply", "--from", str(village.application_file()), "--date", "2026-03-20")
    _marked(village)
    result = refused(
        village, "まだ承認できません", "approve", "somu-drive", "--date", "2026-04-01", as_="sato"
    )
    assert "利用申請時の申請内容" in result.stderr
    assert "サービス約款" in result.stderr


def test_no_alternative(village: Village) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3)
    text = "\n".join(line for line in text.splitlines() if "alternative" not in line) + "\n"
    village.ok(
        "apply",
        "--from",
        str(village.write("a.yaml", text)),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    _marked(village)
    refused(village, "代替サービス", "approve", "somu-drive", "--date", "2026-04-01", as_="sato")


def test_missing_marks(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    result = refused(
        village, "まだ承認できません", "approve", "somu-drive", "--date", "2026-04-01", as_="sato"
    )
    assert "責任者欄が未記入" in result.stderr


def test_approving_an_approved_record_again(village: Village) -> None:
    village.approved()
    refused(village, "できません", "approve", "somu-drive", "--date", "2026-04-02", as_="sato")


def test_approve_before_the_application_date(village: Village) -> None:
    village.apply()
    _marked(village)
    refused(village, "より前", "approve", "somu-drive", "--date", "2026-03-01", as_="sato")


def test_unknown_record(village: Village) -> None:
    refused(village, "見つかりません", *check_args("1=ok"))


# --- apply --from ----------------------------------------------------------------------


def test_apply_with_an_id_that_exists(village: Village) -> None:
    village.apply()
    refused(village, "既にあります", "apply", "--from", str(village.application_file()))


def _bad_application(village: Village, old: str, new: str) -> Path:
    text = APPLICATION.format(id="somu-drive", info_class=3)
    assert old in text
    return village.write("bad.yaml", text.replace(old, new, 1))


# Lines of APPLICATION: 1 id, 2 department, 3 service, 4 provider, 7 category, 10 application,
# 11 purpose, 12 period, 13 administrator, 14 information, 15 item, 16 users,
# 17 users_count, 18 alternative.
@pytest.mark.parametrize(
    ("old", "new", "line", "phrase"),
    [
        (
            "  users_count: 12\n",
            "  users_count: 12\n  user_count: 3\n",
            18,
            "application.user_count",
        ),
        ("department: somu\n", "department: somu\ncolour: red\n", 3, "colour"),
        ("users_count: 12", "users_count: twelve", 17, "application.users_count"),
        ("start: 2026-04-01", "start: 2026-02-30", 12, "application.period.start"),
        ("category: file_storage", "category: cloud", 7, "service.category"),
        (
            "department: somu",
            "department: zaimu",
            2,
            "department: 課「zaimu」は yakkan.yaml にありません",
        ),
        ("  administrator: suzuki\n", "  administrator: suzuki\n  purpose: again\n", 14, "purpose"),
    ],
    ids=[
        "unknown-nested-key",
        "unknown-top-key",
        "wrong-type",
        "bad-date",
        "bad-choice",
        "unknown-department",
        "dup",
    ],
)
def test_apply_from_a_bad_file(
    village: Village, old: str, new: str, line: int, phrase: str
) -> None:
    source = _bad_application(village, old, new)
    result = refused(village, f"{source}:{line}:", "apply", "--from", str(source))
    assert phrase in result.stderr
    assert village.status() == ""


def test_apply_from_broken_yaml(village: Village) -> None:
    source = _bad_application(village, "  provider: Google LLC", "  provider: [Google LLC")
    result = refused(village, f"{source}:", "apply", "--from", str(source))
    assert "YAML" in result.stderr


def test_apply_from_a_file_filling_what_the_tool_fills(village: Village) -> None:
    source = _bad_application(village, "  purpose:", "  applicant: sato\n  purpose:")
    result = refused(village, f"{source}:11:", "apply", "--from", str(source))
    assert "application.applicant" in result.stderr


def test_apply_with_unknown_person(village: Village) -> None:
    source = _bad_application(village, "administrator: suzuki", "administrator: nobody")
    result = refused(village, f"{source}:13:", "apply", "--from", str(source))
    assert "application.administrator" in result.stderr


def test_apply_with_a_missing_attachment(village: Village) -> None:
    refused(
        village,
        "ありません",
        "apply",
        "--from",
        str(village.application_file()),
        "--attach",
        f"terms={village.files / 'nope.pdf'}",
    )
    assert not (village.path / "attachments").exists()


# --- a commit that git itself refuses ------------------------------------------------------


def test_a_failed_commit_rolls_everything_back(village: Village) -> None:
    village.apply()
    before = village.record_text("somu-drive")
    hook = village.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = refused(
        village,
        "git commit",
        "check",
        "somu-drive",
        "--role",
        "applicant",
        "--mark",
        "1=ok",
        "--evidence",
        f"1={village.files / 'evidence.png'}",
        "--date",
        "2026-03-21",
    )
    assert "hook says no" in result.stderr
    assert village.record_text("somu-drive") == before
    assert not (village.path / "attachments" / "somu-drive" / "evidence.png").exists()
    assert village.git("diff", "--cached", "--name-only") == ""
