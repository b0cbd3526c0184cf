"""Reads answered from the record cache alone (cli/fast.py, issue 23.2) answer exactly as
the typer commands do, import neither typer nor pydantic nor the records' schema, and step
aside for anything they do not understand and for any record the cache cannot vouch for.

The typer path is run as `python -c "…main(ARGS)"` (cli.main never takes a fast path);
the installed entry point as `python -X importtime -m yakkan_cli ARGS`, which also lists
every module it imported. Which path answered is read from that list, never from a clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_record_cache import APPROVAL, RECORDS, age, write_records
from tests.factories import record_data
from tests.terminal import on_a_terminal
from tests.village import Result, Village
from yakkan_cli.cli import fast
from yakkan_cli.model import Record
from yakkan_cli.store.repo import dump_record

WHEN = "2027-06-01T10:00:00+09:00"
# What a read answered from the cache must not import.
SCHEMAS = ("pydantic", "typer", "yakkan_cli.model.record", "yakkan_cli.model.config", "yaml")

# A page from the cache is written without rich in a pipe (cli.story.print_page): what a
# record may hold that rich could treat otherwise is here. Markup and emoji codes, the
# reordering marks the schema lets through (output.visible escapes them), zero-width and
# combining characters, wide and astral characters, blank lines, leading and trailing
# spaces, and Japanese long enough to wrap at 80 columns on a terminal.
_MARKUP = "[bold]太字[/bold] [/x] [red on white]赤[/] :smile: [link=https://x.example]リンク[/link]"
_ODD = "\u200f\u061c\u200e zero\u200bwidth e\u0301 🙂\ufe0f 𠮷 ｶﾀｶﾅ \\x1b[31m"
_LONG = "庁内の会議資料を事前に共有し、紙の印刷と配布にかかる時間と費用を減らすため、" * 6
EXTRA: list[dict[str, object]] = [
    record_data(
        id="somu-hostile",
        department="somu",
        state="active",
        approval=APPROVAL,
        service={"provider": f"株式会社{_MARKUP}", "name": f"箱 {_MARKUP} {_ODD}"},
        application={
            "purpose": f"{_LONG}\n\n  字下げした行  \n{_MARKUP}\n{_ODD}   ",
            "alternative": _LONG,
            "attachments": [],
        },
        checks=[
            {
                "item": 1,
                "applicant": "ok",
                "responsible": "ng",
                "applicant_note": f"{_LONG}\n{_MARKUP}",
                "evidence": ["attachments/somu-hostile/[bold]証跡 🙂.png"],
            }
        ],
        notes=[{"on": "2026-05-01", "by": "suzuki", "text": f"{_MARKUP}\n {_LONG} "}],
    ),
    record_data(
        id="kikaku-withdrawn",
        department="kikaku",
        state="withdrawn",
        application={"attachments": []},
        closure={"by": "yamada", "on": "2026-04-02", "reason": f"取下げ {_MARKUP}"},
    ),
]

# Every shape the fast path answers, and some of its spellings. Each is run both ways.
ANSWERED: list[list[str]] = [
    ["due", "--json"],
    ["due", "--json", "--as-of", "2027-06-01"],
    ["due", "--as-of=2027-01-15", "--json", "--within", "3660"],
    ["due", "--json", "--within=0"],
    ["-C", "records", "due", "--json", "--as-of", "2028-12-31"],
    ["list", "--json"],
    ["list"],
    ["-C", "records/somu", "list"],
    ["register", "--format", "csv"],
    ["register", "--as-of", "2026-01-01", "--format=csv"],
    ["validate"],
    ["validate", "--json"],
    ["-C", "attachments", "validate", "--json"],
    ["show", "somu-active"],
    ["show", "somu-active", "--as-of", "2027-06-20"],
    ["show", "--as-of=2030-01-01", "kikaku-ended"],
    ["-C", "records", "show", "somu-suspended"],
    ["show", "kikaku-rejected"],
    ["show", "somu-approved"],
    ["show", "somu-suspended", "--as-of", "2026-01-01"],
    ["show", "kikaku-ended", "--as-of=2026-12-07"],
    ["show", "somu-hostile"],
    ["show", "--as-of", "2031-02-28", "somu-hostile"],
    ["show", "kikaku-withdrawn"],
    ["due"],
    ["due", "--as-of", "2027-06-20"],
    ["due", "--within", "0", "--as-of", "2026-01-01"],
    ["-C", "records", "due", "--within=3660", "--as-of", "2030-01-01"],
]

# Command lines the fast path leaves to typer: options it does not take, values it does not
# read as typer would, or a usage error for typer to word.
LEFT_TO_TYPER: list[list[str]] = [
    ["due", "--exit-code"],
    ["due", "--ics", "due.ics"],
    ["due", "--json", "--as-of", "2027-02-30"],
    ["due", "--json", "--as-of", "令和9年6月1日"],
    ["due", "--json", "--as-of", "２０２７-０６-０１"],
    ["due", "--json", "--within", "-1"],
    ["due", "--json", "--within", "3661"],
    ["due", "--json", "--within", "+5"],
    ["due", "--json", "--json"],
    ["due", "--json", "--as-of"],
    ["due", "--json=yes"],
    ["due", "--json", "--mine"],
    ["due", "--json", "--department", "somu"],
    ["list", "--json", "--state", "active"],
    ["list", "extra"],
    ["list", "--"],
    ["register"],
    ["register", "--format", "xlsx"],
    ["register", "--format", "csv", "-o", "out.csv"],
    ["--no-cache", "list", "--json"],
    ["--wait", "1", "list", "--json"],
    ["-C"],
    ["-Crecords", "list"],
    ["-C", "", "list"],
    ["-C", "--json", "list"],
    ["show", "somu-active", "--json"],
    ["show"],
    ["show", "somu-active", "somu-approved"],
    ["show", "../somu-active"],
    ["show", "Somu-active"],
    ["validate", "records/somu/somu-active.yaml"],
    ["validate", "--json", "--json"],
    ["list", "--help"],
]


def _typer_path(args: list[str]) -> list[str]:
    code = "import sys\nfrom yakkan_cli.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    return [sys.executable, "-c", code, *args]


def _both(
    village: Village,
    args: list[str],
    environ: dict[str, str] | None = None,
    stdin: int | None = None,
) -> tuple[Result, Result, set[str]]:
    """`yakkan ARGS` through the entry point (and the modules it imported), and through
    typer, in the same repository with the same environment."""
    env = {**village._env("yamada", WHEN), **(environ or {})}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "yakkan_cli", *args],
        cwd=village.path,
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    stderr = "".join(
        line
        for line in proc.stderr.splitlines(keepends=True)
        if not line.startswith("import time:")
    )
    typer_proc = subprocess.run(
        _typer_path(args),
        cwd=village.path,
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return (
        Result(proc.returncode, proc.stdout, stderr),
        Result(typer_proc.returncode, typer_proc.stdout, typer_proc.stderr),
        imported,
    )


def _write_records(village: Village) -> None:
    write_records(village)
    for data in EXTRA:
        path = village.path / "records" / str(data["department"]) / f"{data['id']}.yaml"
        path.write_text(dump_record(Record.model_validate(data)), encoding="utf-8")
    # validate's findings beyond the records and the attachment whose sha256 is not the
    # recorded one: a file read as no record, a .gitattributes under records/; and a record
    # that does not load, which every read names on stderr (the index keeps its error).
    (village.path / "records" / "somu" / "somu-broken.yaml").write_text(
        "id: somu-broken\nstate: active\n", "utf-8"
    )
    (village.path / "records" / "somu" / "notes.yml").write_text("x: 1\n", "utf-8")
    (village.path / "records" / ".gitattributes").write_text("* -text\n", "utf-8")
    village.hand_commit("yamada", "records by hand")


def _aged(village: Village, shown: list[str] | None = None) -> None:
    """Once every file is older than the racy slack, the cache may vouch for it by stat;
    the full path then writes the index and, for each record shown (every one unless
    told), its page."""
    age(village)
    village.yakkan("list", "--json", when=WHEN)
    for service_id in shown or [str(data["id"]) for data in [*RECORDS, *EXTRA]]:
        village.yakkan("show", service_id, when=WHEN)


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Village]:
    """The records written once per test process, in a village for each use, all made at
    once: the one wait of the racy slack (_aged, from the files' own timestamps) serves
    every one of them."""
    from tests.village import copy_village, make_village

    root = tmp_path_factory.mktemp("fast")
    village = make_village(root / "warm")
    _write_records(village)
    return {
        "warm": village,
        "edited": copy_village(village, root / "edited"),
        "no index": copy_village(village, root / "no-index"),
    }


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def warm(written: dict[str, Village]) -> Village:
    village = written["warm"]
    _aged(village)
    return village


@pytest.mark.parametrize("args", ANSWERED, ids=" ".join)
def test_a_read_from_the_cache_is_typers_answer_without_the_schemas(
    warm: Village, args: list[str]
) -> None:
    fast_result, typer_result, imported = _both(warm, args)
    assert (fast_result.code, fast_result.stdout, fast_result.stderr) == (
        typer_result.code,
        typer_result.stdout,
        typer_result.stderr,
    )
    assert fast_result.output, "a read that printed nothing proves nothing"
    assert "Traceback" not in fast_result.stderr
    loaded = sorted(m for m in SCHEMAS if m in imported)
    assert loaded == [], f"yakkan {' '.join(args)} did not take the fast path: {loaded}"
    if "show" in args or ("--json" not in args and args[-1] in ("list", "due")):
        # In a pipe the page and the tables are written as rich would write them, without
        # rich's console.
        assert "rich.console" not in imported


@pytest.mark.parametrize(
    ("environ", "styled"),
    [
        ({"NO_COLOR": ""}, False),
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
        ({"NO_COLOR": "", "FORCE_COLOR": ""}, False),
        ({"NO_COLOR": "", "TTY_COMPATIBLE": "1"}, True),
        ({"NO_COLOR": "", "TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False),
    ],
    ids=str,
)
def test_a_page_from_the_cache_is_typers_whatever_rich_is_told(
    warm: Village, environ: dict[str, str], styled: bool
) -> None:
    """rich reads these before it looks at the stream: told it writes to a terminal, it
    styles a pipe too; the page from the cache is then printed through rich as well."""
    for args in (["show", "somu-hostile"], ["due", "--as-of", "2027-06-20"], ["list"]):
        fast_result, typer_result, imported = _both(warm, args, environ)
        assert fast_result == typer_result
        assert "pydantic" not in imported
        assert ("\x1b[1m" in fast_result.stdout) == styled, args


@pytest.mark.parametrize(
    ("columns", "terminal_in"),
    [("30", None), ("0", None), ("500", None), ("٣٠", None), (None, 33), ("x", 41), (None, None)],
    ids=str,
)
def test_a_table_in_a_pipe_is_typers_at_any_width(
    warm: Village, columns: str | None, terminal_in: int | None
) -> None:
    """In a pipe rich folds nothing but draws the rule under the headers no wider than its
    idea of the screen: COLUMNS when all digits, else a terminal on stdin, else 80. The
    table from the cache, written without rich, draws the same rule."""
    import fcntl
    import pty
    import struct
    import termios

    environ = {"COLUMNS": columns} if columns is not None else {}
    main = child = None
    if terminal_in is not None:
        main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, terminal_in, 0, 0))
    try:
        env = {k: v for k, v in warm._env("yamada", WHEN).items() if k != "COLUMNS"}
        rules = set()
        for args in (["due", "--as-of", "2027-06-20"], ["list"], ["show", "somu-hostile"]):
            fast_result, typer_result, imported = _both_in(warm, args, env | environ, child)
            assert fast_result == typer_result
            # COLUMNS=0: rich writes no line at all, and prints what the cache answered.
            assert ("rich.console" in imported) == (columns == "0")
            rules |= {len(line) for line in fast_result.stdout.splitlines() if "──" in line}
        assert rules or columns == "0", "no rule drawn"
    finally:
        for fd in (main, child):
            if fd is not None:
                os.close(fd)


def _both_in(
    village: Village, args: list[str], env: dict[str, str], stdin: int | None
) -> tuple[Result, Result, set[str]]:
    """`_both` with exactly this environment (COLUMNS left out when not given)."""
    original = village._env
    village._env = lambda *_: env  # type: ignore[method-assign]
    try:
        return _both(village, args, stdin=stdin)
    finally:
        village._env = original  # type: ignore[method-assign]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=" ".join)
def test_what_the_fast_path_does_not_understand_goes_to_typer(args: list[str]) -> None:
    assert fast.parse(args) is None


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--json", "--within", "-1"],
        ["list", "--json", "--state", "active"],
        ["due", "--department", "somu"],
        # A pending form's page holds what stops its approval and what changed since the
        # double-check (git): never kept, always read whole.
        ["show", "somu-applied"],
        ["show", "kikaku-ending"],
        ["show", "somu-nothing"],
    ],
    ids=" ".join,
)
def test_typer_answers_what_the_fast_path_left(warm: Village, args: list[str]) -> None:
    fast_result, typer_result, imported = _both(warm, args)
    assert fast_result == typer_result
    assert "typer" in imported


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["-C", "records", "list"],
        ["show", "somu-active"],
        ["show", "kikaku-ended"],
        ["show", "somu-hostile"],
        ["show", "--as-of", "2027-06-20", "kikaku-withdrawn"],
        ["validate"],
        ["due"],
        ["due", "--as-of", "2027-06-20"],
    ],
    ids=" ".join,
)
def test_the_table_on_an_80_column_terminal_is_typers(warm: Village, args: list[str]) -> None:
    env = warm._env("yamada", WHEN)
    shown = on_a_terminal(warm.path, env, *args)
    by_typer = on_a_terminal(warm.path, env, *args, command=_typer_path([]))
    assert shown == by_typer
    assert "somu-active" in shown or args[-1] in shown


def test_the_shapes_are_options_typer_defines() -> None:
    """typer stays the definition: each option the fast path reads is one the typer
    command defines, taking a value where typer's takes one (a count where it takes an
    integer), and the limits are the typer commands' own."""
    import typer.main

    from yakkan_cli.cli import due
    from yakkan_cli.cli.app import app

    root = typer.main.get_command(app)
    assert "-C" in next(p for p in root.params if p.name == "directory").opts
    for name, shape in fast.SHAPES.items():
        command = root.commands[name]  # type: ignore[attr-defined]
        params = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        for option, kind in shape.options.items():
            assert option in params, f"{name} {option} is not typer's"
            param = params[option]
            takes = param.type_descriptor.annotation  # type: ignore[attr-defined]
            assert not param.multiple, (name, option)
            assert param.is_flag == (kind == fast.FLAG), (name, option)  # type: ignore[attr-defined]
            expected = {fast.FLAG: bool, fast.DAY: str, fast.DAYS: int}.get(kind, str)
            assert takes is expected, (name, option, takes)
        for option in shape.required:
            assert option in shape.options
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        if shape.service_id:
            assert [(p.nargs, p.type_descriptor.annotation) for p in arguments] == [(1, str)]  # type: ignore[attr-defined]
    assert fast.MAX_WITHIN_DAYS == due.MAX_WITHIN_DAYS


def test_a_record_edited_by_hand_is_read_again(written: dict[str, Village]) -> None:
    """The fast path answers only for files the cache vouches for: an edit, even one that
    keeps the size and the mtime, is seen at once (through the full path), and the answer
    after it is typer's."""
    village = written["edited"]
    _aged(village, shown=["somu-active"])  # what the reads below read
    reads = [["list", "--json"], ["show", "somu-active"]]
    before = {}
    for args in reads:
        before[args[0]], _, imported = _both(village, args)
        assert "pydantic" not in imported
    path = village.path / "records" / "somu" / "somu-active.yaml"
    stat = path.stat()
    text = path.read_text("utf-8")
    assert "Google" in text
    path.write_text(text.replace("Google", "Goggle", 1), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for args in reads:
        after, by_typer, imported = _both(village, args)
        assert after == by_typer
        assert after.stdout != before[args[0]].stdout
        assert "Goggle" in after.stdout
        assert "pydantic" in imported  # read again, not answered from what was kept


def test_without_an_index_the_full_path_answers(written: dict[str, Village]) -> None:
    village = written["no index"]
    for args in (["list", "--json"], ["show", "somu-active"]):
        fast_result, typer_result, imported = _both(village, args)
        assert fast_result == typer_result
        assert "pydantic" in imported


def test_validate_from_the_cache_names_what_lies_beside_the_records(warm: Village) -> None:
    fast_result, typer_result, imported = _both(warm, ["validate"])
    assert fast_result == typer_result
    assert "pydantic" not in imported
    assert fast_result.code == 1
    for named in ("notes.yml", ".gitattributes", "attachments/somu-active/signup.png"):
        assert named in fast_result.stderr


# --- a village on 自治体機密性 that imported an ISMAP list (issue 22) -------------------------
#
# The list's newest snapshot decides tasks of `due`, columns of `register` and findings of
# `validate`; the fast path reads the plain copy the full path kept of it
# (store.cache.lists), never the snapshot with its schema.

ISMAP_SETUP = "classification: {scheme: jichitai}\nsecurity_administrators: [tanaka]\n"
ISMAP_HEADINGS = "登録番号,クラウドサービス名称,事業者名,登録日,有効期限,備考"
ISMAP_ROWS = [
    "C21-0012-2,クラウドメール Pro,株式会社 南風,2022/04/01,2027/08/31,",
    # Ends within warn_days of WHEN: a task of the department's managers.
    "C22-0100-1,ファイル共有サービス,美ら海システム株式会社,2022/09/01,2027/06/10,",
]
ENDING = "C22-0100-1"


def _listed(service_id: str, department: str, registration: str, lst: str = "ismap") -> Any:
    return record_data(
        id=service_id,
        department=department,
        state="active",
        scheme="jichitai",
        approval=APPROVAL,
        service={"ismap": {"list": lst, "registration": registration}},
        application={
            "information": [{"name": "問い合わせ内容", "class": 2, "personal": True}],
            "attachments": [],
        },
    )


ISMAP_RECORDS = [
    _listed("somu-fresh", "somu", "C21-0012-2"),
    _listed("somu-ending", "somu", ENDING),
    _listed("kikaku-missing", "kikaku", "C29-9999-9"),  # not in the list
    _listed("kikaku-liu", "kikaku", "L22-0003-1", "ismap-liu"),  # a list never imported
]

ISMAP_ANSWERED: list[list[str]] = [
    ["due", "--json"],  # the list stale (retrieved 2027-03-01), a registration ending soon
    ["due", "--json", "--as-of", "2027-03-15"],  # the list fresh, nothing ending
    ["due", "--as-of", "2027-06-05"],
    ["register", "--format", "csv"],
    ["register", "--format", "csv", "--as-of", "2027-03-15"],
    ["validate"],
    ["validate", "--json"],
    ["list"],
    ["show", "somu-ending"],
]


def _ismap_village(village: Village, *, shown: bool = True) -> Village:
    """`village` (from `ismap_written`) with its records aged past the racy slack, and the
    full path run once (it keeps the list's plain copy); `shown`: each record's page kept."""
    _aged_lists(village)
    for data in ISMAP_RECORDS if shown else []:
        village.yakkan("show", str(data["id"]), when=WHEN)
    return village


def _ismap_written(root: Path) -> Village:
    """A village on 自治体機密性 whose security administrator imported the ISMAP list on
    2027-03-02 (retrieved 2027-03-01)."""
    from tests.village import make_village

    village = make_village(root)
    village.append("yakkan.yaml", ISMAP_SETUP)
    for data in ISMAP_RECORDS:
        path = village.path / "records" / str(data["department"]) / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record(Record.model_validate(data)), encoding="utf-8")
    village.hand_commit("tanaka", "the scheme, its security administrator, records by hand")
    file = village.files / "ismap.csv"
    rows = ["ISMAPクラウドサービスリスト", "", ISMAP_HEADINGS, *ISMAP_ROWS]
    file.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    imported = village.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", "2027-03-01",
        as_="tanaka", when="2027-03-02T09:00:00+09:00",
    )  # fmt: skip
    assert imported.code == 0, imported.output
    return village


def _aged_lists(village: Village) -> None:
    """Past the racy slack (waited from the files' own timestamps), the full path keeps the
    index and the lists' copy."""
    age(village)
    by_typer = subprocess.run(
        _typer_path(["validate"]),
        cwd=village.path,
        env=village._env("yamada", WHEN),
        capture_output=True,
        check=False,
    )
    assert b"Traceback" not in by_typer.stderr


def _snapshot(village: Village) -> Path:
    return village.path / ".yakkan" / "ismap" / "ismap" / "snapshot.yaml"


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def ismap_written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Village]:
    """The ISMAP village built once per test process, in a copy for each use made at once:
    one wait of the racy slack (from the files' own timestamps) serves both."""
    from tests.village import copy_village

    root = tmp_path_factory.mktemp("fast-ismap")
    village = _ismap_written(root / "listed")
    return {"listed": village, "doctored": copy_village(village, root / "doctored")}


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def listed(ismap_written: dict[str, Village]) -> Village:
    return _ismap_village(ismap_written["listed"])


@pytest.mark.parametrize("args", ISMAP_ANSWERED, ids=" ".join)
def test_a_village_with_an_imported_list_is_answered_from_the_cache(
    listed: Village, args: list[str]
) -> None:
    fast_result, typer_result, imported = _both(listed, args)
    assert fast_result == typer_result
    assert "Traceback" not in fast_result.stderr and fast_result.output
    loaded = sorted(m for m in SCHEMAS if m in imported)
    assert loaded == [], f"yakkan {' '.join(args)} did not take the fast path: {loaded}"
    assert "yakkan_cli.model.ismap" not in imported


def test_what_the_list_decides_is_in_the_answers(listed: Village) -> None:
    """The cases the answers above hold: a stale list, a registration ending soon, one
    missing from the list, and a list never imported; and the register's columns."""
    tasks = json.loads(listed.yakkan("due", "--json", when=WHEN).stdout)
    said = {(t["service"], t["task"], t["due"]) for t in tasks if t["task"].startswith("ismap")}
    # The number not in the list is its department's managers' to look into from the day
    # the list was retrieved (rules.schedule.registration_missing), on either path.
    missing = ("kikaku-missing", "ismap_missing", "2027-03-01")
    assert said == {
        ("somu-ending", "ismap", "2027-06-10"),
        ("ismap", "ismap_snapshot", "2027-05-30"),
        missing,
    }
    fresh = json.loads(listed.yakkan("due", "--json", "--as-of", "2027-03-15", when=WHEN).stdout)
    assert {
        (t["service"], t["task"], t["due"]) for t in fresh if t["task"].startswith("ismap")
    } == {missing}
    rows = {
        line.split(",")[0]: line
        for line in listed.yakkan("register", "--format", "csv", when=WHEN).stdout.splitlines()
    }
    assert "C21-0012-2,2027-08-31,2027-03-01" in rows["somu-fresh"]
    assert "C29-9999-9,,2027-03-01" in rows["kikaku-missing"]
    assert "L22-0003-1,," in rows["kikaku-liu"]


def test_a_snapshot_changed_by_hand_is_never_answered_from_the_old_copy(
    ismap_written: dict[str, Village],
) -> None:
    """The kept copy is vouched for by the snapshot file's stat data, as a record's entry:
    an edit that keeps the size and sets the mtime back is seen (its ctime moved), the full
    path answers and keeps the new copy; a snapshot that no longer reads is said as typer
    says it, by due and validate, and register leaves it to typer."""
    village = _ismap_village(ismap_written["doctored"], shown=False)
    path = _snapshot(village)
    due = ["due", "--json"]
    before, _, imported = _both(village, due)
    assert "pydantic" not in imported and "2027-06-10" in before.stdout

    # What typer's path reads of a doctored snapshot: the entries as they now stand (the
    # manifest's sha256 is the source file's; only verify and audit recompute the entries).
    stat = path.stat()
    text = path.read_text("utf-8")
    assert text.count("valid_until: '2027-06-10'") == 1
    path.write_text(text.replace("2027-06-10", "2027-06-11"), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after, by_typer, imported = _both(village, due)
    assert after == by_typer and "pydantic" in imported
    assert "2027-06-11" in after.stdout and "2027-06-10" not in after.stdout
    _aged_lists(village)
    again, by_typer, imported = _both(village, due)
    assert again == by_typer == after and "pydantic" not in imported

    # A snapshot that no longer reads: due says so and uses no list, validate names it.
    path.write_text(text.replace("2027-06-10", "2027-13-10"), "utf-8")
    reads = [due, ["validate"], ["register", "--format", "csv"]]
    broken = {}
    for args in reads:
        broken[args[0]], by_typer, imported = _both(village, args)
        assert broken[args[0]] == by_typer and "pydantic" in imported
    assert "snapshot.yaml" in broken["due"].stderr and "ismap_snapshot" not in broken["due"].stdout
    assert "snapshot.yaml" in broken["validate"].stderr + broken["validate"].stdout
    _aged_lists(village)
    for args in reads:
        result, by_typer, imported = _both(village, args)
        assert result == by_typer == broken[args[0]]
        # A register over a snapshot that does not read stays typer's to refuse.
        assert ("pydantic" in imported) == (args[0] == "register"), args

    # A list imported since (ismap-liu, which kikaku-liu names) has no kept copy yet.
    path.write_text(text, "utf-8")
    liu = path.parents[1] / "ismap-liu"
    liu.mkdir()
    (liu / "snapshot.yaml").write_text(text.replace("list: ismap\n", "list: ismap-liu\n"), "utf-8")
    result, by_typer, imported = _both(village, due)
    assert result == by_typer and "pydantic" in imported
