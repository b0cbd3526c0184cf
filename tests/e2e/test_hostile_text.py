"""Issue 9, as a hostile record, a hostile pull request or an unlucky clerk would meet it.

Each test does what the issue's "Why" describes, with the installed yakkan in a real
repository, and checks the outcome: a clear Japanese refusal (exit 1 or 2, no traceback,
nothing changed), or the command simply working.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.village import APPLICATION, Result, Village, yakkan_command

ESC = "\x1b"


def refused(village: Village, phrase: str, *args: str, as_: str = "yamada") -> Result:
    head, status = village.head(), village.status()
    result = village.yakkan(*args, as_=as_)
    assert result.code in (1, 2), result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output and "内部エラー" not in result.output
    assert village.head() == head
    assert village.status() == status
    return result


def active(village: Village, service_id: str) -> None:
    village.approved(service_id)
    village.ok("acknowledge", service_id, "--date", "2026-04-02", as_="suzuki")


def commit_by_hand(village: Village, rel: str, text: str) -> None:
    target = village.path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    village.git("add", rel)
    village.git("commit", "-q", "-m", f"hand edit of {rel}")


# --- a service name or text holding escapes or markup -----------------------------------------


def test_terminal_escapes_in_an_application_are_refused_with_their_place(
    village: Village,
) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3).replace(
        "name: Google ドライブ", 'name: "Google \\e]0;pwned\\a\\e[2J"'
    )
    source = village.write("hostile.yaml", text)
    result = refused(village, "U+001B", "apply", "--from", str(source), "--date", "2026-03-20")
    assert f"{source}:5:3: service.name: " in result.stderr
    assert ESC not in result.output
    assert village.subjects() == ["init: yakkan.yaml"]


def test_a_record_with_escapes_committed_by_hand_is_named_not_printed(village: Village) -> None:
    village.apply("somu-drive")
    rel = "records/somu/somu-drive.yaml"
    text = village.record_text("somu-drive").replace(
        "description: 会議資料を外部の委員と共有する",
        'description: "共有\\e[2J\\e]0;title\\a\\u202e"',
    )
    assert text != village.record_text("somu-drive")
    commit_by_hand(village, rel, text)
    for args in (["validate"], ["show", "somu-drive"], ["list"], ["due", "--as-of", "2026-04-01"]):
        result = village.yakkan(*args)
        # `due` reports a record it cannot read and goes on with the others (exit 0).
        assert result.code == (0 if args[0] == "due" else 1), (args, result.output)
        assert ESC not in result.output and "\u202e" not in result.output, args
        assert "Traceback" not in result.output
        assert "service.description" in result.stderr, (args, result.stderr)
        assert "U+001B" in result.stderr


def test_escapes_in_the_config_are_refused_with_their_place(village: Village) -> None:
    config = (village.path / "yakkan.yaml").read_text("utf-8")
    commit_by_hand(
        village, "yakkan.yaml", config.replace("name: 総務課", 'name: "総務課\\e[2J\\u202e"')
    )
    result = village.yakkan("list")
    assert result.code == 1
    assert "yakkan.yaml:" in result.stderr and "departments[0].name" in result.stderr
    assert ESC not in result.output and "\u202e" not in result.output


def test_a_file_name_with_escapes_is_written_out(village: Village) -> None:
    village.apply("somu-drive")
    hostile = f"records/somu/x{ESC}]0;pwned\a.yaml"
    commit_by_hand(village, hostile, village.record_text("somu-drive"))
    result = village.yakkan("validate")
    assert result.code == 1, result.output
    assert "\\x1b]0;pwned\\x07" in result.stderr
    assert ESC not in result.output and "\a" not in result.output


def test_markup_in_a_name_is_kept_as_data(village: Village) -> None:
    text = APPLICATION.format(id="somu-box", info_class=3).replace(
        "name: Google ドライブ", 'name: "Box [/x] [i]斜体[/i]"'
    )
    village.ok("apply", "--from", str(village.write("box.yaml", text)), "--date", "2026-03-20")
    shown = village.ok("show", "somu-box", "--json")
    assert '"name": "Box [/x] [i]斜体[/i]"' in shown.stdout


def test_a_flag_value_with_an_escape_is_refused_field_by_field(village: Village) -> None:
    active(village, "somu-drive")
    result = refused(
        village,
        "指定した値に誤りがあります",
        "backup-log",
        "somu-drive",
        "--method",
        f"外付け{ESC}[2J",
        "--location",
        "金庫",
        "--date",
        "2026-04-30",
        as_="suzuki",
    )
    assert "method:" in result.stderr and "U+001B" in result.stderr
    assert ESC not in result.output


# --- templates from a pull request ----------------------------------------------------------------


HOSTILE_TEMPLATE = """\
# 利用申請書

{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}
{{{{ os.popen('touch {marker}').read() }}}}
"""


@pytest.mark.parametrize("opted_in", [False, True])
def test_a_template_from_a_pull_request_runs_nothing(village: Village, opted_in: bool) -> None:
    village.apply("somu-drive")
    marker = village.files / "pwned"
    commit_by_hand(
        village, "templates/_macros.md.j2", "{% macro x() %}{{ ''.__class__ }}{% endmacro %}\n"
    )
    commit_by_hand(village, "templates/application.md.j2", HOSTILE_TEMPLATE.format(marker=marker))
    if opted_in:
        config = (village.path / "yakkan.yaml").read_text("utf-8")
        commit_by_hand(village, "yakkan.yaml", config + "templates:\n  use_repository: true\n")
    result = village.yakkan("render", "somu-drive", "--format", "md")
    assert not marker.exists()
    assert "Traceback" not in result.output
    if opted_in:
        assert result.code == 1, result.output
        assert "テンプレート" in result.stderr
        assert "application.md.j2 の 3 行目" in result.stderr
        assert "許されていない操作" in result.stderr
        assert result.stdout == ""
    else:
        # Not opted in: the repository's templates are not even read; the packaged form is.
        assert result.code == 0, result.output
        assert "利用申請書" in result.stdout and "Google ドライブ" in result.stdout


# --- ids used as globs or paths -------------------------------------------------------------------


def test_an_id_is_never_a_glob(village: Village) -> None:
    active(village, "somu-a")
    village.apply("somu-old")
    before = village.record_text("somu-a")
    for args in (
        ["backup-log", "somu-[a]", "--method", "m", "--location", "l", "--date", "2026-04-30"],
        ["dispose", "somu-o*", "--date", "2040-01-01"],
        ["check", "somu-?", "--mark", "1=ok"],
        ["alert", "--title", "t", "--services", "somu-*", "--date", "2026-04-30"],
        ["show", "somu-*"],
        ["history", "somu-[a]"],
        ["render", "somu-o*"],
    ):
        result = refused(village, "サービス ID の形ではありません", *args, as_="sato")
        assert result.stdout == ""
    assert village.record_text("somu-a") == before
    assert (village.path / "records/somu/somu-old.yaml").is_file()
    # The id itself still works.
    village.ok(
        "backup-log",
        "somu-a",
        "--method",
        "m",
        "--location",
        "l",
        "--date",
        "2026-04-30",
        as_="suzuki",
    )


@pytest.mark.parametrize("bad", ["../x", "../../yakkan", "somu/../somu-a", "/etc/passwd"])
def test_an_id_is_never_a_path(village: Village, bad: str) -> None:
    village.apply("somu-a")
    refused(village, "サービス ID の形ではありません", "show", bad)
    refused(village, "サービス ID の形ではありません", "render", bad)


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replacement", "phrase"),
    [
        ("users_count: " + "1" + "0" * 30, "31 桁"),
        ("users_count: " + "7" * 5000, "5000 桁"),
        ("users_count: 100001", "100000 以下"),
        ("users_count: 0", "1 以上"),
    ],
)
def test_numbers_are_bounded(village: Village, replacement: str, phrase: str) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3).replace("users_count: 12", replacement)
    source = village.write("numbers.yaml", text)
    result = refused(village, phrase, "apply", "--from", str(source), "--date", "2026-03-20")
    assert f"{source}:17:" in result.stderr


def test_a_long_integer_in_a_committed_record_is_exit_1(village: Village) -> None:
    village.apply("somu-drive")
    text = village.record_text("somu-drive").replace(
        "users_count: 12", "users_count: " + "9" * 5000
    )
    commit_by_hand(village, "records/somu/somu-drive.yaml", text)
    result = village.yakkan("validate")
    assert result.code == 1 and "5000 桁" in result.stderr, result.output
    assert "records/somu/somu-drive.yaml:" in result.stderr


def test_python_field_names_are_not_keys(village: Village) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3).replace("class:", "class_:")
    source = village.write("alias.yaml", text)
    result = refused(village, "未知の項目", "apply", "--from", str(source), "--date", "2026-03-20")
    assert "class_" in result.stderr


# --- the terminal, the pipe, the repository -------------------------------------------------------


def _run(village: Village, *args: str, env: dict[str, str], **kwargs: object) -> int:
    proc = subprocess.run([*yakkan_command(), *args], cwd=village.path, env=env, **kwargs)  # type: ignore[call-overload]
    return int(proc.returncode)


@pytest.mark.parametrize(
    "setting",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LANG": "C", "LC_ALL": "C"}],
)
def test_a_stdout_that_cannot_write_japanese_gets_utf8(
    village: Village, setting: dict[str, str]
) -> None:
    village.apply("somu-drive")
    env = {**village._env("yamada", None), **setting}
    for args in (["list"], ["show", "somu-drive"], ["show", "nope"]):
        proc = subprocess.run(
            [*yakkan_command(), *args], cwd=village.path, env=env, capture_output=True, check=False
        )
        out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
        assert "Traceback" not in err and "内部エラー" not in err, err
        if args[-1] == "nope":
            assert proc.returncode == 1 and "見つかりません" in err
        else:
            assert proc.returncode == 0, err
            assert "総務課" in out


@pytest.mark.parametrize("args", [["list"], ["show", "somu-drive"], ["schema"], ["due"]])
def test_a_reader_that_left_is_not_an_error(village: Village, args: list[str]) -> None:
    village.apply("somu-drive")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before yakkan writes its first byte
    try:
        proc = subprocess.run(
            [*yakkan_command(), *args, "--as-of", "2026-04-01"]
            if args == ["due"]
            else [*yakkan_command(), *args],
            cwd=village.path,
            env=village._env("yamada", None),
            stdout=write,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert proc.stderr == b""


def test_a_detached_head_is_refused_for_writes(village: Village) -> None:
    active(village, "somu-drive")
    village.git("checkout", "-q", "--detach")
    result = refused(
        village,
        "git switch -c",
        "backup-log",
        "somu-drive",
        "--method",
        "m",
        "--location",
        "l",
        "--date",
        "2026-04-30",
        as_="suzuki",
    )
    assert "detached HEAD" in result.stderr
    assert village.yakkan("show", "somu-drive").code == 0  # reading is fine


def test_a_bare_repository_is_named_as_such(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    bare = tmp_path / "bare.git"
    village.git("clone", "-q", "--bare", str(village.path), str(bare))
    result = village.yakkan("-C", str(bare), "list")
    assert result.code == 1
    assert "bare リポジトリ" in result.stderr and "git clone" in result.stderr
