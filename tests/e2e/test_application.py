"""The application lifecycle end to end, through the installed yakkan on real repositories."""

from __future__ import annotations

import json
import re

from tests.village import Village

ATTACH = ("--attach",)


def _one_commit(village: Village, before: str, verb: str, service: str, actor: str) -> None:
    log = village.git("rev-list", f"{before}..HEAD").split()
    assert len(log) == 1, f"expected one commit, got {len(log)}"
    subject = village.subjects()[0]
    assert subject.startswith(f"{verb}({service}):"), subject
    assert village.trailers() == {
        "Yakkan-Action": verb,
        "Yakkan-Service": service,
        "Yakkan-Actor": actor,
    }
    assert village.status() == ""


def _state(village: Village, service: str = "somu-drive") -> str:
    data = json.loads(village.ok("show", service, "--json").stdout)
    return str(data["state"])


def test_walk_with_a_corrected_mark(village: Village) -> None:
    before = village.head()
    source = village.application_file()
    village.ok(
        "apply",
        "--from",
        str(source),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    _one_commit(village, before, "apply", "somu-drive", "yamada")
    assert (village.path / "attachments" / "somu-drive").is_dir()
    text = village.record_text("somu-drive")
    assert "state: applied" in text
    assert "applicant: yamada" in text
    assert "applied_on: '2026-03-20'" in text or "applied_on: 2026-03-20" in text
    assert _state(village) == "applied"

    before = village.head()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    _one_commit(village, before, "check", "somu-drive", "yamada")

    before = village.head()
    marks = [a for n in range(1, 9) for a in ("--mark", f"{n}={'ng' if n == 6 else 'ok'}")]
    village.ok(
        "check", "somu-drive", "--role", "responsible", *marks, "--date", "2026-03-25", as_="sato"
    )
    _one_commit(village, before, "check", "somu-drive", "sato")

    before = village.head()
    refused = village.yakkan("approve", "somu-drive", "--date", "2026-03-26", as_="sato")
    assert refused.code == 1
    assert "項目6" in refused.stderr
    assert "Traceback" not in refused.output
    assert village.head() == before
    assert village.status() == ""

    village.ok(
        "check",
        "somu-drive",
        "--role",
        "responsible",
        "--mark",
        "6=ok",
        "--date",
        "2026-03-27",
        as_="sato",
    )
    _one_commit(village, before, "check", "somu-drive", "sato")

    before = village.head()
    result = village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    _one_commit(village, before, "approve", "somu-drive", "sato")
    assert "acknowledge" in result.stderr  # the administrator must be briefed (S5.3)
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    assert data["state"] == "approved"
    assert data["approval"]["approved_by"] == "sato"
    assert data["approval"]["approved_on"] == "2026-04-01"
    assert all(c["applicant"] == "ok" and c["responsible"] == "ok" for c in data["checks"])
    kinds = sorted(a["kind"] for a in data["application"]["attachments"])
    assert kinds == ["signup", "terms"]
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", a["sha256"]) for a in data["application"]["attachments"]
    )


def test_class_2_needs_an_exception_reason(village: Village) -> None:
    village.apply(info_class=2)
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    before = village.head()
    refused = village.yakkan("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    assert refused.code == 1
    assert "--exception-reason" in refused.stderr
    assert village.head() == before
    assert village.status() == ""

    village.ok(
        "approve",
        "somu-drive",
        "--date",
        "2026-04-01",
        "--exception-reason",
        "村長決裁（令和8年3月30日）",
        as_="sato",
    )
    _one_commit(village, before, "approve", "somu-drive", "sato")
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    assert data["state"] == "approved"
    assert data["exception"] == {
        "reason": "村長決裁（令和8年3月30日）",
        "approved_by": "sato",
        "approved_on": "2026-04-01",
    }


def test_exception_reason_refused_when_not_needed(village: Village) -> None:
    village.apply(info_class=3)
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    before = village.head()
    refused = village.yakkan(
        "approve",
        "somu-drive",
        "--exception-reason",
        "念のため",
        "--date",
        "2026-04-01",
        as_="sato",
    )
    assert refused.code == 1
    assert "--exception-reason" in refused.stderr
    assert village.head() == before


def test_reject(village: Village) -> None:
    village.apply()
    before = village.head()
    village.ok(
        "reject", "somu-drive", "--reason", "目的が業務外", "--date", "2026-03-22", as_="sato"
    )
    _one_commit(village, before, "reject", "somu-drive", "sato")
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    assert data["state"] == "rejected"
    assert data["closure"] == {"by": "sato", "on": "2026-03-22", "reason": "目的が業務外"}


def test_reject_needs_a_reason_without_a_tty(village: Village) -> None:
    village.apply()
    before = village.head()
    refused = village.yakkan("reject", "somu-drive", "--date", "2026-03-22", as_="sato")
    assert refused.code == 2
    assert "--reason" in refused.stderr
    assert village.head() == before


def test_withdraw(village: Village) -> None:
    village.apply()
    before = village.head()
    village.ok("withdraw", "somu-drive", "--reason", "別の方法にした", "--date", "2026-03-21")
    _one_commit(village, before, "withdraw", "somu-drive", "yamada")
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    assert data["state"] == "withdrawn"
    assert data["closure"]["by"] == "yamada"
    assert data["closure"]["on"] == "2026-03-21"
    # A closed application accepts no more marks.
    refused = village.yakkan("check", "somu-drive", "--role", "applicant", "--mark", "1=ok")
    assert refused.code == 1


def test_show_json_has_state_at_top_level(village: Village) -> None:
    village.approved()
    result = village.ok("show", "somu-drive", "--json")
    data = json.loads(result.stdout)
    assert data["state"] == "approved"
    assert data["id"] == "somu-drive"
    assert data["department"] == "somu"
    assert data["application"]["applied_on"] == "2026-03-20"


def test_show_human(village: Village) -> None:
    village.apply()
    result = village.ok("show", "somu-drive")
    assert "Google ドライブ" in result.stdout
    assert "申請中" in result.stdout


def test_list_filters(village: Village) -> None:
    village.approved("somu-drive")
    village.apply("somu-mail")
    kikaku = village.application_file("kikaku-chat").read_text("utf-8")
    village.write("kikaku-chat.yaml", kikaku.replace("department: somu", "department: kikaku"))
    village.ok(
        "apply",
        "--from",
        str(village.files / "kikaku-chat.yaml"),
        "--date",
        "2026-03-20",
        as_="takahashi",
    )

    everything = json.loads(village.ok("list", "--json").stdout)
    assert sorted(r["id"] for r in everything) == ["kikaku-chat", "somu-drive", "somu-mail"]
    assert {r["id"]: r["state"] for r in everything}["somu-drive"] == "approved"
    for row in everything:
        assert {"id", "department", "state"} <= set(row)

    applied = json.loads(village.ok("list", "--json", "--state", "applied").stdout)
    assert sorted(r["id"] for r in applied) == ["kikaku-chat", "somu-mail"]

    both = json.loads(
        village.ok("list", "--json", "--state", "applied", "--state", "approved").stdout
    )
    assert len(both) == 3

    somu = json.loads(village.ok("list", "--json", "--department", "somu").stdout)
    assert sorted(r["id"] for r in somu) == ["somu-drive", "somu-mail"]

    human = village.ok("list")
    assert "somu-mail" in human.stdout


def test_list_refuses_unknown_state_and_department(village: Village) -> None:
    assert village.yakkan("list", "--state", "sleeping").code == 2
    result = village.yakkan("list", "--department", "nowhere")
    assert result.code == 1
    assert "nowhere" in result.stderr


def test_check_picks_the_column_from_the_person(village: Village) -> None:
    village.apply()
    rest = [a for n in range(3, 9) for a in ("--mark", f"{n}=ok")]
    village.ok(
        "check", "somu-drive", "--mark", "1=○", "--mark", "2=×", *rest, "--date", "2026-03-20"
    )
    village.ok(
        "check",
        "somu-drive",
        "--mark",
        "1=ok",
        "--mark",
        "3=／",
        "--date",
        "2026-03-21",
        as_="sato",
    )
    checks = {
        c["item"]: c
        for c in json.loads(village.ok("show", "somu-drive", "--json").stdout)["checks"]
    }
    assert checks[1] == {"item": 1, "applicant": "ok", "responsible": "ok"}
    assert checks[2]["applicant"] == "ng"
    assert "responsible" not in checks[2] or checks[2]["responsible"] is None
    assert checks[3]["responsible"] == "na"


def test_marks_are_kept_and_only_named_items_change(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.ok(
        "check",
        "somu-drive",
        "--role",
        "applicant",
        "--mark",
        "5=na:有料契約のため対象外",
        "--date",
        "2026-03-21",
    )
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    marks = {c["item"]: c["applicant"] for c in data["checks"]}
    assert marks == {1: "ok", 2: "ok", 3: "ok", 4: "ok", 5: "na", 6: "ok", 7: "ok", 8: "ok"}
    assert data["checks"][4]["applicant_note"] == "有料契約のため対象外"


def test_na_marks_with_reasons_can_be_approved(village: Village) -> None:
    village.apply()
    nas = ("--mark", "3=na", "--mark", "5=na:有料契約")
    village.ok(
        "check",
        "somu-drive",
        "--role",
        "applicant",
        *[a for n in (1, 2, 4, 6, 7, 8) for a in ("--mark", f"{n}=ok")],
        *nas,
        "--date",
        "2026-03-20",
    )
    village.ok(
        "check",
        "somu-drive",
        "--role",
        "responsible",
        *[a for n in (1, 2, 4, 6, 7, 8) for a in ("--mark", f"{n}=ok")],
        *nas,
        "--date",
        "2026-03-21",
        as_="sato",
    )
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    assert _state(village) == "approved"


def test_evidence_is_attached_with_its_hash(village: Village) -> None:
    village.apply()
    before = village.head()
    village.ok(
        "check",
        "somu-drive",
        "--role",
        "applicant",
        "--mark",
        "1=ok",
        "--evidence",
        f"1={village.files / 'evidence.png'}",
        "--date",
        "2026-03-20",
    )
    _one_commit(village, before, "check", "somu-drive", "yamada")
    changed = village.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [
        "attachments/somu-drive/evidence.png",
        "records/somu/somu-drive.yaml",
    ]
    data = json.loads(village.ok("show", "somu-drive", "--json").stdout)
    assert data["checks"][0]["evidence"] == ["attachments/somu-drive/evidence.png"]
    assert "evidence" in [a["kind"] for a in data["application"]["attachments"]]
    assert village.yakkan("validate").code == 0


def test_a_command_commits_only_its_own_files(village: Village) -> None:
    village.apply()
    (village.path / "memo.txt").write_text("unrelated work in progress\n", encoding="utf-8")
    village.git("add", "memo.txt")
    village.ok(
        "check", "somu-drive", "--role", "applicant", "--mark", "1=ok", "--date", "2026-03-20"
    )
    assert village.git("show", "--name-only", "--format=", "HEAD").split() == [
        "records/somu/somu-drive.yaml"
    ]
    assert village.status() == "A  memo.txt\n"


def test_a_broken_record_does_not_hide_the_others(village: Village) -> None:
    village.apply("somu-drive")
    village.apply("somu-mail")
    path = village.path / "records" / "somu" / "somu-mail.yaml"
    path.write_text(path.read_text("utf-8").replace("users_count: 12", "users_count: x"), "utf-8")
    result = village.yakkan("list", "--json")
    assert result.code == 1
    assert [r["id"] for r in json.loads(result.stdout)] == ["somu-drive"]
    assert "records/somu/somu-mail.yaml:" in result.stderr
    shown = village.yakkan("show", "somu-mail")
    assert shown.code == 1
    assert "records/somu/somu-mail.yaml:28:3: application.users_count" in shown.stderr
    assert "Traceback" not in shown.output


def _apply_from(village: Village, name: str, count: str, service_id: str) -> tuple[object, str]:
    text = village.application_file(service_id).read_text("utf-8")
    assert "users_count: 12\n" in text
    path = village.write(name, text.replace("users_count: 12\n", f"users_count: {count}\n"))
    result = village.yakkan(
        "apply",
        "--from",
        str(path),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    line = text[: text.index("users_count:")].count("\n") + 1
    return result, f"{name}:{line}:"


def test_a_count_written_as_a_clerk_writes_it_is_read(village: Village) -> None:
    """`users_count: 12人`, １２人 or "12" in an `apply --from` file is the number 12; what
    is not a number is refused in Japanese with the file, line and field."""
    for count, service_id in (
        ("12人", "somu-drive"),
        ("１２人", "somu-mail"),
        ('"12"', "somu-box"),
    ):
        result, _ = _apply_from(village, f"{service_id}.yaml", count, service_id)
        assert result.code == 0, result.output
        record = village.record_text(service_id)
        assert "users_count: 12\n" in record, record
    head = village.head()
    result, place = _apply_from(village, "bad.yaml", "十二人", "somu-cal")
    assert result.code == 1
    assert place in result.stderr and "application.users_count" in result.stderr, result.stderr
    assert "Traceback" not in result.output and "Input should" not in result.output
    assert re.search(r"[ぁ-んァ-ン一-龥]", result.stderr.split("application.users_count")[1])
    assert village.head() == head and village.status() == ""
