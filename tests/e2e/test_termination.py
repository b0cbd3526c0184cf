"""Termination (S7) and disposal after retention (S5.4), through the installed `yakkan`."""

from __future__ import annotations

import pytest
import yaml

from tests.village import Result, Village

ID = "somu-drive"
TERMINATION = """\
termination:
  reason: 庁内の文書管理システムへ移行したため
  end_on: 2026-11-30
  users: [総務課 職員]
  users_count: 8
"""


def _attachments(village: Village) -> list[str]:
    agreement = village.files / "agreement.png"
    deletion = village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG\r\n\x1a\n agreement at the end")
    deletion.write_bytes(b"%PDF-1.4 data deletion certificate")
    return ["--attach", f"agreement={agreement}", "--attach", f"deletion={deletion}"]


def _file(village: Village, *, as_: str = "suzuki", date: str = "2026-11-20") -> Result:
    form = village.write("termination.yaml", TERMINATION)
    return village.ok(
        "terminate", ID, "--from", str(form), *_attachments(village), "--date", date, as_=as_
    )


def _marks(village: Village, role: str, person: str, date: str, *, mark: str = "ok") -> None:
    args = [a for n in range(1, 5) for a in ("--mark", f"{n}={mark}")]
    village.ok("check", ID, "--role", role, *args, "--date", date, as_=person)


def _terminated(village: Village, *, approve_on: str = "2026-12-01") -> None:
    village.approved(ID, date="2026-04-01")
    _file(village)
    _marks(village, "applicant", "suzuki", "2026-11-21")
    _marks(village, "responsible", "sato", "2026-11-25")
    village.ok("approve", ID, "--date", approve_on, as_="sato")


def _record(village: Village) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(village.record_text(ID))
    assert isinstance(data, dict)
    return data


def _refused(village: Village, result: Result, phrase: str, head: str) -> None:
    assert result.code == 1, result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""


# --- the walk ------------------------------------------------------------------------------


def test_terminate_check_approve_walk(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    _file(village)
    data = _record(village)
    assert data["state"] == "terminating"
    term = data["termination"]
    assert term["applicant"] == "suzuki"
    assert term["filed_on"] == "2026-11-20"
    assert term["end_on"] == "2026-11-30"
    assert term["previous_state"] == "approved"
    assert term["reason"] == "庁内の文書管理システムへ移行したため"
    # information was left out: the application's; users were given: theirs, with their count
    assert term["information"] == data["application"]["information"]
    assert term["users"] == ["総務課 職員"]
    assert term["users_count"] == 8
    assert term["checks"] == [{"item": n} for n in range(1, 5)]
    assert [a["kind"] for a in term["attachments"]] == ["agreement", "deletion"]
    for attachment in term["attachments"]:
        assert (village.path / attachment["path"]).is_file()
    assert village.trailers() == {
        "Yakkan-Action": "terminate",
        "Yakkan-Service": ID,
        "Yakkan-Actor": "suzuki",
    }
    assert village.status() == ""

    # the filer's column: `check` picks it for the person who filed the termination
    village.ok(
        "check",
        ID,
        *[a for n in range(1, 5) for a in ("--mark", f"{n}=ok")],
        "--date",
        "2026-11-21",
        as_="suzuki",
    )
    _marks(village, "responsible", "sato", "2026-11-25")
    checks = _record(village)["termination"]["checks"]
    assert all(c["applicant"] == "ok" and c["responsible"] == "ok" for c in checks)
    assert _record(village)["checks"][0]["applicant"] == "ok"  # the application's kept as is

    village.ok("approve", ID, "--date", "2026-12-01", as_="sato")
    data = _record(village)
    assert data["state"] == "terminated"
    assert data["termination"]["approved_by"] == "sato"
    assert data["termination"]["approved_on"] == "2026-12-01"
    assert village.trailers()["Yakkan-Action"] == "approve"
    assert village.status() == ""
    assert village.ok("validate").code == 0


def test_terminate_with_flags_takes_the_application_information_and_users(
    village: Village,
) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok(
        "terminate",
        ID,
        "--reason",
        "利用終了",
        "--end",
        "2026-12-31",
        *_attachments(village),
        "--date",
        "2026-12-01",
        as_="sato",
    )
    data = _record(village)
    term = data["termination"]
    assert term["applicant"] == "sato"
    assert term["reason"] == "利用終了"
    assert term["users"] == data["application"]["users"]
    assert term["users_count"] == data["application"]["users_count"]
    assert term["information"] == data["application"]["information"]


@pytest.mark.parametrize(
    ("args", "flag"),
    [(["--end", "2026-12-31"], "--reason"), (["--reason", "移行"], "--end")],
)
def test_terminate_without_tty_names_the_missing_flag(
    village: Village, args: list[str], flag: str
) -> None:
    village.approved(ID, date="2026-04-01")
    head = village.head()
    result = village.yakkan("terminate", ID, *args, *_attachments(village), as_="suzuki")
    assert result.code == 2
    assert flag in result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""


def test_terminate_from_and_flags_together_is_a_usage_problem(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    form = village.write("termination.yaml", TERMINATION)
    result = village.yakkan(
        "terminate",
        ID,
        "--from",
        str(form),
        "--reason",
        "x",
        *_attachments(village),
        as_="suzuki",
    )
    assert result.code == 2
    assert "--reason" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "termination:\n  reason: 移行\n  end_on: 2026-13-01\n",
            "termination.yaml:3:3: termination.end_on: 存在しない日付です",
        ),
        (
            "termination:\n  reason: 移行\n  end_on: 2026-11-30\n  applicant: suzuki\n",
            "termination.yaml:4:3: termination.applicant: 「applicant」は yakkan が記入します",
        ),
        (
            "termination:\n  reason: 移行\n  end_on: 2026-11-30\n  checks: []\n",
            "termination.yaml:4:3: termination.checks:",
        ),
        (
            "termination:\n  reason: 移行\n  end_on: 2026-11-30\n  colour: red\n",
            "termination.yaml:4:3: termination.colour: 未知の項目です",
        ),
        (
            "termination:\n  reason: ''\n  end_on: 2026-11-30\n",
            "termination.yaml:2:3: termination.reason: 空にはできません",
        ),
        (
            "termination:\n  end_on: 2026-11-30\n  users: [a]\n",
            "termination.yaml:1:1: termination.reason: 必須の項目がありません",
        ),
        ("id: somu-drive\n", "「termination:」の下に"),
    ],
)
def test_terminate_file_errors_name_line_column_and_field(
    village: Village, text: str, expected: str
) -> None:
    village.approved(ID, date="2026-04-01")
    head = village.head()
    form = village.write("termination.yaml", text)
    result = village.yakkan(
        "terminate",
        ID,
        "--from",
        str(form),
        *_attachments(village),
        "--date",
        "2026-11-20",
        as_="suzuki",
    )
    _refused(village, result, expected.replace("termination.yaml", str(form)), head)


def test_withdrawing_a_termination_returns_to_the_previous_state(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    _file(village)
    village.ok("withdraw", ID, "--date", "2026-11-22", as_="suzuki")
    data = _record(village)
    assert data["state"] == "approved"
    assert "termination" not in data
    assert village.trailers()["Yakkan-Action"] == "withdraw"
    assert village.status() == ""
    # and it may be filed again
    _file(village, date="2026-11-23")
    assert _record(village)["state"] == "terminating"


# --- refusals ------------------------------------------------------------------------------


def test_terminate_refused_without_the_role(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    head = village.head()
    form = village.write("termination.yaml", TERMINATION)
    result = village.yakkan(
        "terminate",
        ID,
        "--from",
        str(form),
        *_attachments(village),
        "--date",
        "2026-11-20",
        as_="yamada",
    )
    _refused(village, result, "立場にありません", head)


@pytest.mark.parametrize(
    ("kind", "label"), [("agreement", "終了時の承諾内容"), ("deletion", "データ廃棄の証明")]
)
def test_terminate_refused_without_an_attachment(village: Village, kind: str, label: str) -> None:
    village.approved(ID, date="2026-04-01")
    head = village.head()
    form = village.write("termination.yaml", TERMINATION)
    both = _attachments(village)
    kept = [
        a
        for pair in zip(both[::2], both[1::2], strict=True)
        if not pair[1].startswith(kind)
        for a in pair
    ]
    result = village.yakkan(
        "terminate", ID, "--from", str(form), *kept, "--date", "2026-11-20", as_="suzuki"
    )
    _refused(village, result, f"添付「{label}」がありません", head)
    assert sorted(p.name for p in (village.path / "attachments" / ID).iterdir()) == [
        "signup.png",
        "terms.pdf",
    ]


def test_approve_refused_before_the_double_check(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    _file(village)
    _marks(village, "applicant", "suzuki", "2026-11-21")
    head = village.head()
    result = village.yakkan("approve", ID, "--date", "2026-12-01", as_="sato")
    _refused(village, result, "責任者欄が未記入の項目があります: 1、2、3、4", head)


def test_approve_refused_for_the_one_who_filed_it(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    _file(village, as_="sato")
    _marks(village, "applicant", "sato", "2026-11-21")
    head = village.head()
    result = village.yakkan("approve", ID, "--date", "2026-12-01", as_="sato")
    _refused(village, result, "申請者なので", head)
    # nor may the filer double-check its own termination
    result = village.yakkan(
        "check", ID, "--role", "responsible", "--mark", "1=ok", "--date", "2026-11-25", as_="sato"
    )
    _refused(village, result, "申請者なので", head)


@pytest.mark.parametrize(
    ("role", "person", "mark", "phrase"),
    [
        ("applicant", "suzuki", "ng", "項目2の申請者欄が「○」ではありません"),
        ("responsible", "sato", "ng", "項目2の責任者欄が「○」ではありません"),
        ("responsible", "sato", "na:証明書は後日", "項目2の責任者欄が「○」ではありません"),
    ],
)
def test_an_ng_or_na_mark_blocks_the_approval(
    village: Village, role: str, person: str, mark: str, phrase: str
) -> None:
    village.approved(ID, date="2026-04-01")
    _file(village)
    _marks(village, "applicant", "suzuki", "2026-11-21")
    _marks(village, "responsible", "sato", "2026-11-25")
    village.ok(
        "check", ID, "--role", role, "--mark", f"2={mark}", "--date", "2026-11-26", as_=person
    )
    head = village.head()
    result = village.yakkan("approve", ID, "--date", "2026-12-01", as_="sato")
    _refused(village, result, phrase, head)


@pytest.mark.parametrize(
    "args",
    [
        ["check", ID, "--role", "responsible", "--mark", "1=ok", "--date", "2026-12-05"],
        ["approve", ID, "--date", "2026-12-05"],
        ["withdraw", ID, "--date", "2026-12-05"],
        ["terminate", ID, "--reason", "再び", "--end", "2026-12-31", "--date", "2026-12-05"],
    ],
)
def test_no_operation_after_the_end(village: Village, args: list[str]) -> None:
    _terminated(village)
    head = village.head()
    extra = _attachments(village) if args[0] == "terminate" else []
    result = village.yakkan(*args, *extra, as_="sato")
    _refused(village, result, "は「終了」なので", head)


# --- disposal ------------------------------------------------------------------------------


def _use_fiscal_year(village: Village) -> None:
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8") + "  retention_basis: fiscal_year\n", encoding="utf-8"
    )
    village.git("commit", "-q", "-am", "policy: retention from the next fiscal year")


def _assert_disposed(village: Village, before: str) -> None:
    assert not (village.path / "records" / "somu" / f"{ID}.yaml").exists()
    assert not (village.path / "attachments" / ID).exists()
    assert village.git("ls-files", f"records/somu/{ID}.yaml", f"attachments/{ID}").strip() == ""
    assert village.git("rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert village.trailers() == {
        "Yakkan-Action": "dispose",
        "Yakkan-Service": ID,
        "Yakkan-Actor": "sato",
    }
    assert village.subjects()[0].startswith(f"dispose({ID}): ")
    deleted = village.git("show", "--name-status", "--format=", "HEAD").split()
    assert deleted[::2] == ["D"] * (len(deleted) // 2)
    assert f"records/somu/{ID}.yaml" in deleted
    assert village.status() == ""


@pytest.mark.parametrize(
    ("fiscal", "approve_on", "until", "day_before"),
    [
        # end_on 2026-11-30, approved 2026-12-01: counted from the later day
        (False, "2026-12-01", "2029-12-01", "2029-11-30"),
        (False, "2026-11-30", "2029-11-30", "2029-11-29"),
        # the next April 1 after 2026-12-01 is 2027-04-01
        (True, "2026-12-01", "2030-04-01", "2030-03-31"),
    ],
)
def test_dispose_after_retention(
    village: Village, fiscal: bool, approve_on: str, until: str, day_before: str
) -> None:
    if fiscal:
        _use_fiscal_year(village)
    _terminated(village, approve_on=approve_on)
    head = village.head()
    result = village.yakkan("dispose", ID, "--date", day_before, as_="sato")
    _refused(village, result, f"{until} 以降に廃棄できます", head)
    assert "保存期間中" in result.stderr
    village.ok("dispose", ID, "--date", until, as_="sato")
    _assert_disposed(village, head)


def test_dispose_later_than_due_is_fine(village: Village) -> None:
    _terminated(village)
    head = village.head()
    village.ok("dispose", ID, "--date", "2035-01-01", as_="sato")
    _assert_disposed(village, head)


def test_dispose_of_a_rejected_application_counts_from_the_rejection(village: Village) -> None:
    village.apply(ID)
    village.ok("reject", ID, "--reason", "不要", "--date", "2026-03-25", as_="sato")
    head = village.head()
    _refused(
        village,
        village.yakkan("dispose", ID, "--date", "2029-03-24", as_="sato"),
        "2029-03-25 以降に廃棄できます",
        head,
    )
    village.ok("dispose", ID, "--date", "2029-03-25", as_="sato")
    _assert_disposed(village, head)


@pytest.mark.parametrize(
    ("person", "phrase"),
    [("suzuki", "立場にありません"), ("yamada", "立場にありません")],
)
def test_dispose_refused_without_the_role(village: Village, person: str, phrase: str) -> None:
    _terminated(village)
    head = village.head()
    result = village.yakkan("dispose", ID, "--date", "2040-01-01", as_=person)
    _refused(village, result, phrase, head)


def test_dispose_refused_while_in_use_or_terminating(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    head = village.head()
    result = village.yakkan("dispose", ID, "--date", "2040-01-01", as_="sato")
    _refused(village, result, "dispose はできません", head)
    _file(village)
    head = village.head()
    result = village.yakkan("dispose", ID, "--date", "2040-01-01", as_="sato")
    _refused(village, result, "は「終了確認中」なので", head)


def test_dispose_refused_with_an_edited_attachment(village: Village) -> None:
    _terminated(village)
    head = village.head()
    extra = village.path / "attachments" / ID / "note.txt"
    extra.write_text("untracked", encoding="utf-8")
    result = village.yakkan("dispose", ID, "--date", "2040-01-01", as_="sato")
    assert result.code == 1
    assert "コミットされていない変更" in result.stderr
    assert village.head() == head
    assert (village.path / "records" / "somu" / f"{ID}.yaml").is_file()
    extra.unlink()
    assert village.status() == ""


def test_a_failed_disposal_commit_puts_every_file_back(village: Village) -> None:
    _terminated(village)
    head = village.head()
    hook = village.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = village.yakkan("dispose", ID, "--date", "2040-01-01", as_="sato")
    assert result.code != 0
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""
    assert (village.path / "records" / "somu" / f"{ID}.yaml").is_file()
    assert len(list((village.path / "attachments" / ID).iterdir())) == 4
    hook.unlink()
    village.ok("dispose", ID, "--date", "2040-01-01", as_="sato")
    _assert_disposed(village, head)


def test_files_outside_the_record_are_kept(village: Village) -> None:
    _terminated(village)
    village.approved("somu-mail", date="2026-04-01")
    head = village.head()
    village.ok("dispose", ID, "--date", "2040-01-01", as_="sato")
    _assert_disposed(village, head)
    assert (village.path / "records" / "somu" / "somu-mail.yaml").is_file()
    assert (village.path / "attachments" / "somu-mail").is_dir()


def test_terminate_asks_on_a_terminal_and_checks_each_answer(village: Village) -> None:
    import os
    import pty
    import subprocess

    from tests.village import yakkan_command

    village.approved(ID, date="2026-04-01")
    _attachments(village)
    answers = [
        "",  # reason: required, asked again
        "移行のため",
        "2026-02-30",  # no such day, asked again
        "2026-11-30",
        str(village.files / "missing.png"),  # no such file, asked again
        str(village.files / "agreement.png"),
        str(village.files / "deletion.pdf"),
        "y",  # the summary: file it
    ]
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*yakkan_command(), "terminate", ID, "--date", "2026-11-20"],
        cwd=village.path,
        env=village._env("suzuki", "2026-11-20T10:00:00+09:00"),
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    os.write(master, "".join(f"{a}\n" for a in answers).encode("utf-8"))
    output = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=30) == 0, output.decode("utf-8", "replace")
    os.close(master)
    text = output.decode("utf-8", "replace")
    assert "終了理由" in text
    assert "入力が必要です" in text
    assert "という日はありません" in text
    assert "missing.png」はありません" in text
    term = _record(village)["termination"]
    assert term["reason"] == "移行のため"
    assert term["end_on"] == "2026-11-30"
    assert [a["kind"] for a in term["attachments"]] == ["agreement", "deletion"]
    assert village.status() == ""


def test_dispose_cannot_be_dated_after_the_day_it_is_recorded(village: Village) -> None:
    _terminated(village)
    head = village.head()
    result = village.yakkan(
        "dispose", ID, "--date", "2040-01-01", as_="sato", when="2026-12-10T10:00:00+09:00"
    )
    assert result.code == 1
    assert "まだ来ていません" in result.stderr
    assert village.head() == head and village.status() == ""


def test_a_termination_count_written_with_its_unit_is_read(village: Village) -> None:
    """`terminate --from` and `edit --set` read ８人 as 8, as `apply --from` does."""
    village.approved(ID, date="2026-04-01")
    form = village.write(
        "termination.yaml", TERMINATION.replace("users_count: 8", "users_count: ８人")
    )
    village.ok(
        "terminate",
        ID,
        "--from",
        str(form),
        *_attachments(village),
        "--date",
        "2026-11-20",
        as_="suzuki",
    )
    term = yaml.safe_load(village.record_text(ID))["termination"]
    assert term["users_count"] == 8
    village.ok(
        "edit", ID, "--set", "termination.users_count=7名", "--date", "2026-11-21", as_="suzuki"
    )
    assert yaml.safe_load(village.record_text(ID))["termination"]["users_count"] == 7
