"""Fixing the pending form before approval: attach, edit, apply --like (issue 11 item 3)."""

from __future__ import annotations

import hashlib
import json
import os
import select
import subprocess
import time
from typing import Any

from tests.village import Village, yakkan_command

ID = "somu-drive"


def _refused(village: Village, *args: str, as_: str, phrase: str) -> str:
    head = village.head()
    result = village.yakkan(*args, as_=as_)
    assert result.code == 1, result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head and village.status() == ""
    return result.stderr


def _record(village: Village) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(village.ok("show", ID, "--json").stdout)
    return data


def _marked(village: Village, date: str) -> None:
    village.mark_all(ID, "applicant", "yamada", date)
    village.mark_all(ID, "responsible", "sato", date)


def test_attach_then_approve_an_application_filed_without_terms(village: Village) -> None:
    village.ok(
        "apply",
        "--from",
        str(village.application_file(ID)),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--date",
        "2026-03-20",
    )
    _marked(village, "2026-03-23")
    stderr = _refused(
        village,
        "approve",
        ID,
        "--date",
        "2026-03-24",
        as_="sato",
        phrase="yakkan attach somu-drive terms=",
    )
    assert "--attach" not in stderr

    result = village.ok(
        "attach", ID, f"terms={village.files / 'terms.pdf'}", "--date", "2026-03-24"
    )
    assert "利用責任者の確認欄を消しました。もう一度確認を受けてください" in result.output
    assert village.trailers()["Yakkan-Action"] == "attach"
    record = _record(village)
    terms = [a for a in record["application"]["attachments"] if a["kind"] == "terms"]
    assert terms == [
        {
            "kind": "terms",
            "path": f"attachments/{ID}/terms.pdf",
            "sha256": hashlib.sha256((village.files / "terms.pdf").read_bytes()).hexdigest(),
        }
    ]
    assert all("responsible" not in c for c in record["checks"])
    _refused(village, "approve", ID, "--date", "2026-03-24", as_="sato", phrase="責任者欄が未記入")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-03-25", as_="sato")
    assert village.ok("validate").code == 0
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_attach_replaces_a_file_of_the_same_name(village: Village) -> None:
    village.apply(ID)
    newer = village.files / "new" / "terms.pdf"
    newer.parent.mkdir()
    newer.write_bytes(b"%PDF-1.4 the terms as revised")
    village.ok("attach", ID, f"terms={newer}", "--date", "2026-03-21")
    record = _record(village)
    terms = [a for a in record["application"]["attachments"] if a["kind"] == "terms"]
    assert [t["path"] for t in terms] == [f"attachments/{ID}/terms.pdf"]
    assert (village.path / terms[0]["path"]).read_bytes() == newer.read_bytes()
    assert village.ok("validate").code == 0
    _refused(
        village,
        "attach",
        ID,
        f"terms={newer}",
        "--date",
        "2026-03-21",
        as_="yamada",
        phrase="添付済み",
    )


def test_edit_clears_the_responsible_marks_and_approve_waits_for_them(village: Village) -> None:
    village.apply(ID)
    _marked(village, "2026-03-23")
    result = village.ok(
        "edit",
        ID,
        "--set",
        "application.purpose=委員との資料共有",
        "--set",
        "application.period.end=2027-09-30",
        "--set",
        "application.users_count=15",
        "--set",
        "service.terms_url=https://workspace.google.com/terms",
        "--date",
        "2026-03-24",
    )
    # The terms are what the checks are about: the marks go, and the message says why.
    assert "約款の URLが変わったので、利用責任者の確認欄を消しました" in result.output
    assert "もう一度確認を受けてください" in result.output
    assert village.trailers() == {
        "Yakkan-Action": "edit",
        "Yakkan-Service": ID,
        "Yakkan-Actor": "yamada",
    }
    record = _record(village)
    application = record["application"]
    assert application["purpose"] == "委員との資料共有"
    assert application["period"] == {"start": "2026-04-01", "end": "2027-09-30"}
    assert application["users_count"] == 15
    assert all(c["applicant"] == "ok" and "responsible" not in c for c in record["checks"])
    _refused(village, "approve", ID, "--date", "2026-03-24", as_="sato", phrase="責任者欄が未記入")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-03-25", as_="sato")


def test_edit_refuses_fixed_fields_bad_values_and_other_people(village: Village) -> None:
    village.apply(ID)
    edit = ("edit", ID, "--date", "2026-03-21")
    _refused(
        village, *edit, "--set", "application.applicant=sato", as_="yamada", phrase="変更できません"
    )
    _refused(
        village,
        *edit,
        "--set",
        "application.department_head=sato",
        as_="sato",
        phrase="変更できません",
    )
    _refused(
        village, *edit, "--set", "application.attachments=[]", as_="yamada", phrase="yakkan attach"
    )
    _refused(
        village, *edit, "--set", "application.period.end=2020-01-01", as_="yamada", phrase="開始日"
    )
    _refused(
        village,
        *edit,
        "--set",
        "application.users_count=many",
        as_="yamada",
        phrase="application.users_count",
    )
    _refused(
        village,
        *edit,
        "--set",
        "application.purpose=審議会の会議資料の事前共有",
        as_="yamada",
        phrase="変わっていません",
    )
    _refused(
        village, *edit, "--set", "application.purpose=x", as_="takahashi", phrase="立場にありません"
    )


def test_edit_from_a_file_names_the_line_of_a_mistake(village: Village) -> None:
    village.apply(ID)
    text = village.application_file(ID).read_text("utf-8")
    bad = village.write("bad.yaml", text.replace("users_count: 12", "users_count: -1"))
    stderr = _refused(
        village,
        "edit",
        ID,
        "--from",
        str(bad),
        "--date",
        "2026-03-21",
        as_="yamada",
        phrase="bad.yaml:",
    )
    assert "application.users_count" in stderr
    good = village.write(
        "good.yaml", text.replace("審議会の会議資料の事前共有", "委員会の資料共有")
    )
    village.ok("edit", ID, "--from", str(good), "--date", "2026-03-21", as_="sato")
    record = _record(village)
    assert record["application"]["purpose"] == "委員会の資料共有"
    assert record["application"]["applicant"] == "yamada"
    assert len(record["application"]["attachments"]) == 2


def test_apply_like_starts_from_a_withdrawn_application(village: Village) -> None:
    village.apply(ID)
    _refused(
        village,
        "apply",
        "--like",
        ID,
        "--id",
        "somu-drive-2",
        "--date",
        "2026-03-21",
        as_="yamada",
        phrase="取下げ・却下された申請だけ",
    )
    village.ok("withdraw", ID, "--reason", "記入漏れ", "--date", "2026-03-21")
    village.ok("apply", "--like", ID, "--id", "somu-drive-2", "--date", "2026-03-22")
    new = json.loads(village.ok("show", "somu-drive-2", "--json").stdout)
    old = _record(village)
    assert new["state"] == "applied"
    assert new["service"] == old["service"]
    assert new["application"]["purpose"] == old["application"]["purpose"]
    assert new["application"]["applied_on"] == "2026-03-22"
    assert [a["path"] for a in new["application"]["attachments"]] == [
        "attachments/somu-drive-2/signup.png",
        "attachments/somu-drive-2/terms.pdf",
    ]
    assert all("applicant" not in c for c in new["checks"])
    assert village.ok("validate").code == 0


def test_apply_from_a_file_with_an_attachment_outside_its_folder(village: Village) -> None:
    text = village.application_file(ID).read_text("utf-8") + (
        "  attachments:\n"
        "    - kind: terms\n"
        f"      path: attachments/{ID}/../other/terms.pdf\n"
        f"      sha256: {'0' * 64}\n"
    )
    source = village.write("escape.yaml", text)
    result = village.yakkan("apply", "--from", str(source), "--date", "2026-03-20")
    assert result.code == 1
    assert "escape.yaml:21:7: application.attachments[0].path:" in result.stderr, result.stderr
    assert f"attachments/{ID}/<ファイル名>" in result.stderr
    assert village.status() == "" and not (village.path / "records").exists()


def run_in_terminal(
    village: Village, args: list[str], answers: list[str], person: str
) -> tuple[int, str]:
    """Run yakkan with a pty as stdin/stdout, typing `answers` one line at a time."""
    master, slave = os.openpty()
    env = village._env(person, None)
    proc = subprocess.Popen(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    screen = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            # Answer a question once its prompt (ending in ": ") is on the screen.
            if pending and screen.rstrip(b" ").endswith((b":", b"]:")):
                os.write(master, (pending.pop(0) + "\n").encode("utf-8"))
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, screen.decode("utf-8", "replace")


def test_edit_in_the_editor_keeps_a_failed_edit_as_a_draft(village: Village) -> None:
    village.apply(ID)
    draft = village.path / ".git" / f"yakkan-edit-{ID}.yaml"
    args = ["edit", ID, "--yaml", "--date", "2026-03-20"]
    # A mistake: the edit is refused, nothing is committed, the text is kept.
    village.env["EDITOR"] = "sed -i -e 's/users_count: 12/users_count: -1/'"
    head = village.head()
    code, screen = run_in_terminal(village, args, [], "yamada")
    assert code == 1, screen
    assert "application.users_count" in screen and str(draft) in screen
    assert village.head() == head and draft.is_file()
    # The next edit starts from the draft: fixing the mistake and the purpose commits both.
    village.env["EDITOR"] = (
        "sed -i -e 's/users_count: -1/users_count: 14/'"
        " -e s/審議会の会議資料の事前共有/委員会の資料共有/"
    )
    code, screen = run_in_terminal(village, args, [], "yamada")
    assert code == 0, screen
    application = _record(village)["application"]
    assert (application["purpose"], application["users_count"]) == ("委員会の資料共有", 14)
    assert village.trailers()["Yakkan-Action"] == "edit"
    assert not draft.exists() and village.status() == ""


def test_validate_reports_a_hand_written_path_outside_the_folder(village: Village) -> None:
    village.apply(ID)
    path = village.path / "records" / "somu" / f"{ID}.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"attachments/{ID}/terms.pdf", "attachments/somu-mail/terms.pdf"))
    result = village.yakkan("validate")
    assert result.code == 1
    line = next(x for x in result.output.splitlines() if "application.attachments[1].path" in x)
    assert line.strip().startswith(f"records/somu/{ID}.yaml:")
    assert "attachments/somu-mail/terms.pdf" in line and f"attachments/{ID}/<ファイル名>" in line
    assert "Traceback" not in result.output


def test_attach_and_edit_fix_a_pending_termination(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    agreement, deletion = village.files / "agreement.png", village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG\r\n\x1a\n agreement at the end")
    deletion.write_bytes(b"%PDF-1.4 data deletion, first copy")
    village.ok("terminate", ID, "--reason", "移行", "--end", "2026-11-30",
               "--attach", f"agreement={agreement}", "--attach", f"deletion={deletion}",
               "--date", "2026-11-20", as_="suzuki")  # fmt: skip
    marks = [a for n in range(1, 5) for a in ("--mark", f"{n}=ok")]
    # The double-check comes after the applicant's own marks.
    village.ok("check", ID, *marks, "--date", "2026-11-21", as_="suzuki")
    village.ok("check", ID, "--role", "responsible", *marks, "--date", "2026-11-21", as_="sato")
    application = _record(village)["application"]

    _refused(village, "edit", ID, "--set", "application.purpose=x", "--date", "2026-11-22",
             as_="suzuki", phrase="終了確認書の項目だけ")  # fmt: skip
    result = village.ok("edit", ID, "--set", "termination.reason=庁内システムへ移行",
                        "--date", "2026-11-22", as_="suzuki")  # fmt: skip
    assert "利用責任者の確認欄を消しました" in result.output
    termination = _record(village)["termination"]
    assert termination["reason"] == "庁内システムへ移行"
    assert all("responsible" not in c for c in termination["checks"])

    deletion.write_bytes(b"%PDF-1.4 data deletion, the provider's signed certificate")
    village.ok("attach", ID, f"deletion={deletion}", "--date", "2026-11-23", as_="suzuki")
    record = _record(village)
    listed = {a["kind"]: a for a in record["termination"]["attachments"]}
    assert listed["deletion"]["path"] == f"attachments/{ID}/deletion.pdf"
    assert listed["deletion"]["sha256"] == hashlib.sha256(deletion.read_bytes()).hexdigest()
    assert record["application"] == application  # the approved form is left as it was
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_a_file_name_the_record_could_not_hold_is_refused(village: Village) -> None:
    village.apply(ID)
    odd = village.files / "terms\\2026.pdf"
    odd.write_bytes(b"%PDF-1.4 odd name")
    _refused(village, "attach", ID, f"other={odd}", "--date", "2026-03-21", as_="yamada",
             phrase="名前を付け直して")  # fmt: skip
    assert not (village.path / "attachments" / ID / odd.name).exists()
