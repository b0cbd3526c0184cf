"""Every message fits a screen of 80 columns (issue 18 item 7).

A village is walked through the year by the installed yakkan — apply, both columns of
checks, approval, the risk briefing, operations, mistakes and refusals of every kind,
termination — each command run on a pseudo-terminal of 80 columns, as a clerk would see
it, and again through a pipe. On the screen no line is wider than 80 display columns, none
begins with a closing mark (、。」） …) or ends with an opening one (「（), a command of
次の手順 stands whole on its own indented line, and nothing is lost: the screen says the
same words as the pipe. The pipe is as it always was: one line a message, whatever its
width (the test proves that many of them are wider than the screen).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_interactive import Terminal
from tests.terminal import on_a_terminal
from tests.village import Village, copy_village, make_village, yakkan_command
from yakkan_cli.forms.fold import NO_END, NO_START, width_of

WIDTH = 80
DAY = "2026-04-01"

# (who acts, the command). Run in this order on one village; what each says is read.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    # the application and its mistakes
    ("yamada", ("apply", "--from", "{files}/somu-box.yaml", "--date", "2026-03-20")),
    ("yamada", ("apply", "--from", "{files}/somu-box.yaml", "--date", "2026-03-20")),
    ("yamada", ("apply", "--from", "{files}/broken.yaml", "--date", "2026-03-20")),
    ("yamada", ("attach", "somu-box", "nonsense={files}/terms.pdf")),
    ("yamada", ("attach", "somu-box", "terms={files}/missing.pdf")),
    ("yamada", ("attach", "somu-box", "terms={files}/terms.pdf", "--date", "2026-03-20")),
    ("yamada", ("attach", "somu-box", "signup={files}/signup.png", "--date", "2026-03-20")),
    ("yamada", ("approve", "somu-box", "--date", "2026-03-21", "--yes")),
    ("sato", ("approve", "somu-box", "--date", "2026-03-21", "--yes")),
    ("sato", ("check", "somu-box", "--role", "responsible", "--mark", "1=ok")),
    ("yamada", ("check", "somu-box", "--mark", "9=ok")),
    ("yamada", ("check", "somu-box", "--mark", "1=ng")),
    ("yamada", ("check", "somu-box", *(f"--mark={n}=ok" for n in range(1, 9)))),
    ("sato", ("check", "somu-box", "--mark", "2=ng:約款の第12条が前の版と変わっていない")),
    ("sato", ("show", "somu-box")),
    ("stranger", ("check", "somu-box", "--mark", "1=ok")),
    ("sato", ("check", "somu-box", *(f"--mark={n}=ok" for n in range(1, 9)))),
    ("yamada", ("reject", "somu-box", "--reason", "不要", "--yes")),
    ("sato", ("approve", "somu-box", "--date", "2026-03-10", "--yes")),
    ("sato", ("approve", "somu-box", "--date", DAY, "--yes")),
    ("yamada", ("review", "somu-box", "--date", DAY)),
    ("suzuki", ("acknowledge", "somu-box", "--date", DAY)),
    ("suzuki", ("backup-log", "somu-box", "--method", "手動", "--location", "庁内", "--date", DAY)),
    ("suzuki", ("purpose-check", "somu-box", "--matches", "--date", DAY)),
    ("suzuki", ("review", "somu-box", "--date", DAY, "--yes")),
    ("suzuki", ("review", "somu-box", "--overseas", "--date", DAY, "--yes")),
    ("sato", ("resume", "somu-box", "--date", DAY)),
    ("sato", ("resume", "somu-box", "--note", "国内に戻ったことを確かめた", "--date", DAY)),
    ("sato", ("suspend", "somu-box", "--reason", "点検のため", "--date", DAY)),
    ("sato", ("resume", "somu-box", "--note", "点検が済んだ", "--date", DAY)),
    ("sato", ("reassign", "somu-box", "--administrator", "nobody", "--date", DAY)),
    ("sato", ("alert", "--title", "他団体の漏えい", "--services", "somu-box", "--date", DAY)),
    ("yamada", ("terminate", "somu-box", "--reason", "契約終了", "--end", "2026-04-30")),
    ("yamada", ("dispose", "somu-box", "--date", DAY, "--yes")),
    # reading, at a day with tasks due
    ("yamada", ("due", "--as-of", "2026-08-01")),
    ("yamada", ("list",)),
    ("yamada", ("history", "somu-box")),
    ("yamada", ("show", "somu-box", "--as-of", "2026-08-01")),
    ("yamada", ("verify",)),
    # the parser's mistakes
    ("yamada", ("show", "nope")),
    ("yamada", ("show", "Somu_Box")),
    ("yamada", ("apporve", "somu-box")),
    ("yamada", ("list", "--bogus")),
    ("yamada", ("due", "--within", "abc")),
    ("yamada", ("due", "--as-of", "2026-02-30")),
    ("yamada", ("due", "--as-of", "あした")),
    ("yamada", ("list", "--state", "unknown-state")),
    ("yamada", ("render", "somu-box", "--format", "pdf", "-o", "{files}/terms.pdf/x.pdf")),
    ("yamada", ("apply", "--like", "somu-box")),
    ("yamada", ("-C", "/nonexistent", "list")),
]

BOX = """\
id: somu-box
department: somu
service:
  provider: Box, Inc.
  name: Box（エンタープライズプランの共有フォルダと外部コラボレーター招待機能）
  description: 会議資料を外部の委員と共有し、審議会の前に意見を集めるために使う
  category: file_storage
  terms_url: https://www.box.com/ja-jp/legal/termsofservice-and-acceptable-use-policy
  data_location: domestic
application:
  purpose: 審議会の会議資料の事前共有と、委員からの意見の取りまとめ
  period: {start: 2026-04-01, end: 2027-03-31}
  administrator: suzuki
  information:
    - {name: 会議資料（公開前のもので、委員限りとされたものを含む）, class: 3, personal: false}
  users: [総務課 職員, 審議会委員]
  users_count: 12
  alternative: 庁内ファイルサーバ
"""


# The steps after which the village differs (a commit, a file): every other step is a
# refusal or a read, and leaves the village as it found it (each step's test checks that
# this list tells the truth, both ways). A process that starts at a later step walks only
# these steps to reach it.
CHANGES = frozenset({0, 5, 6, 11, 12, 13, 16, 19, 21, 22, 23, 24, 25, 27, 28, 29, 31})


class Walk:
    """The village as it stands before each step, walked once per test process.

    Each step's test reads its own step, in a pipe and on a screen of 80 columns, both
    from the village as it stands before the step; the steps can so run on any worker, in
    any order. The village before step n is the one before step n-1 with step n-1 done (in
    a pipe: that run is the pipe's answer for step n-1, kept), or the same village when
    step n-1 changes nothing. A step that changes the village runs on a copy of it (twice:
    pipe and screen); one that changes nothing runs in it, and the digests before and
    after prove it changed nothing."""

    def __init__(self, root: Path) -> None:
        self.root = root
        first = make_village(root / "before-0")
        (first.files / "somu-box.yaml").write_text(BOX, encoding="utf-8")
        (first.files / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
        self.before: dict[int, Village] = {0: first}
        # step → (what a pipe got, digest of the village before, digest after)
        self.piped: dict[int, tuple[str, str, str]] = {}
        self.copies = 0

    def village_before(self, n: int) -> Village:
        """The village as it stands before step `n` (changed by no step: copied first)."""
        known = max(k for k in self.before if k <= n)
        for k in range(known, n):
            if k in CHANGES:
                self.pipe(k)
            else:
                self.before[k + 1] = self.before[k]
        return self.before[n]

    def _run_on(self, n: int, name: str) -> tuple[Village, Village, str]:
        """(the village before step `n`, the one to run it in, digest of the first)."""
        before = self.village_before(n)
        if n not in CHANGES:
            return before, before, _state(before)
        self.copies += 1
        return before, copy_village(before, self.root / f"{name}-{self.copies}"), _state(before)

    def pipe(self, n: int) -> tuple[str, str, str]:
        """What a pipe got for step `n`, and digests of the village before and after it."""
        if n not in self.piped:
            before, village, state = self._run_on(n, f"pipe-{n}")
            person, filled, when = _filled(before, n)
            result = village.yakkan(*filled, as_=person, when=when)
            self.piped[n] = (result.stdout + result.stderr, state, _state(village))
            if n in CHANGES:
                self.before[n + 1] = village
        return self.piped[n]

    def screen(self, n: int) -> tuple[str, str, str]:
        """What the screen of 80 columns showed for step `n`, and digests of the village
        before and after it."""
        before, village, state = self._run_on(n, f"screen-{n}")
        # The same words as the pipe's: the files named are those of the village before.
        person, filled, when = _filled(before, n)
        shown = on_a_terminal(village.path, village._env(person, when), *filled, columns=WIDTH)
        return shown, state, _state(village)


def _filled(village: Village, n: int) -> tuple[str, tuple[str, ...], str]:
    person, args = STEPS[n]
    filled = tuple(a.replace("{files}", str(village.files)) for a in args)
    return person, filled, _when(filled)


def _state(village: Village) -> str:
    """A digest of everything a step may change: the files of the repository (its record
    cache and git's index aside: reads refresh them) and of the folder of files."""
    digest = hashlib.sha256()
    for base in (village.path, village.files):
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base).as_posix()
            if rel == ".git/index" or rel.startswith(".git/yakkan/"):
                continue
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            if path.is_file() and not path.is_symlink():
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    return Walk(tmp_path_factory.mktemp("fit"))


def _when(args: tuple[str, ...]) -> str:
    if "--date" in args[:-1]:
        return f"{args[args.index('--date') + 1]}T10:00:00+09:00"
    return "2026-03-20T10:00:00+09:00"


def _a_bullet(line: str, piped: str) -> bool:
    """A list item's 「・」 (as the pipe has it too), not a mark left at a line's start."""
    return line.lstrip().startswith("・") and any(
        other.startswith(line.rstrip()) for other in piped.splitlines()
    )


def _words(text: str) -> str:
    """What a text says, without the line breaks and spaces a fold adds or takes, and
    without the brackets a step's command loses when it goes to its own line."""
    text = re.sub(r"^(\s*・.*)（(yakkan [^（）]+)）$", r"\1\2", text, flags=re.M)
    return re.sub(r"\s+", "", text)


def _step_id(n: int) -> str:
    return f"{n:02d}-{STEPS[n][0]}-{STEPS[n][1][0]}"


@pytest.mark.parametrize("n", range(len(STEPS)), ids=_step_id)
def test_each_step_fits_80_columns_and_says_what_the_pipe_says(walk: Walk, n: int) -> None:
    """For one step, what were three tests over every step:
    test_no_line_on_the_screen_is_wider_than_80_columns_or_starts_badly,
    test_the_screen_says_what_the_pipe_says and
    test_each_command_of_next_steps_stands_whole_on_its_own_line (its count of the
    commands shown is in the test below). Also: the step changes the village exactly
    when CHANGES says so, which lets a walk skip the others."""
    piped, before, after = walk.pipe(n)
    screen, before_screen, after_screen = walk.screen(n)
    command = " ".join(STEPS[n][1])
    assert (after != before) == (n in CHANGES), (command, piped)
    # On the screen the step did what it did in the pipe (the walk goes on from the pipe's).
    assert (before_screen, after_screen) == (before, after), (command, screen)

    problems = []
    for line in screen.splitlines():
        if width_of(line) > WIDTH:
            problems.append(f"{command}: {width_of(line)} columns: {line}")
        if line.strip()[:1] in NO_START and not _a_bullet(line, piped):
            problems.append(f"{command}: begins with a closing mark: {line}")
        if line.rstrip()[-1:] in NO_END:
            problems.append(f"{command}: ends with an opening mark: {line}")
    assert not problems, "\n".join(problems)

    assert _words(screen) == _words(piped), (command, screen, piped)

    for step in _next_steps(piped):
        assert re.search(rf"^ {{6}}{re.escape(step)}$", screen, flags=re.M), (command, screen)


def _next_steps(piped: str) -> list[str]:
    """The commands of 次の手順 a pipe got, each on its line in brackets."""
    return re.findall(r"^  ・.*（(yakkan [^（）]+)）$", piped, flags=re.M)


def test_the_pipe_is_unfolded_and_many_messages_are_wider_than_the_screen(walk: Walk) -> None:
    """Without this the test above could pass on messages that were all short (and on
    steps that named no command to run next: at least five are named, each found whole on
    its own line of the screen by the test above)."""
    pipes = [(" ".join(args), walk.pipe(n)[0]) for n, (_, args) in enumerate(STEPS)]
    wide = [command for command, piped in pipes if _widest(piped) > WIDTH]
    assert len(wide) >= 10, wide
    shown = sum(len(_next_steps(piped)) for _, piped in pipes)
    assert shown >= 5


def _widest(text: str) -> int:
    return max((width_of(line) for line in text.splitlines()), default=0)


def test_a_pipe_gets_the_message_byte_for_byte(tmp_path: Path) -> None:
    """The pipe's 次の手順 keeps each step on one line with its command in brackets."""
    village = make_village(tmp_path)
    (village.files / "somu-box.yaml").write_text(BOX, encoding="utf-8")
    proc = subprocess.run(
        [*yakkan_command(), "apply", "--from", str(village.files / "somu-box.yaml")],
        cwd=village.path,
        env=village._env("yamada", "2026-03-20T10:00:00+09:00") | {"COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^  ・山田 太郎: .*（yakkan attach somu-box [^）]+）$", proc.stderr, re.M)


ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_a_long_question_is_folded_above_the_line_the_answer_is_typed_on(tmp_path: Path) -> None:
    """A confirmation naming a long service folds like any message: whole phrases, no line
    wider than the screen, the last line the one the answer is typed after."""
    village = make_village(tmp_path)
    (village.files / "somu-box.yaml").write_text(BOX, encoding="utf-8")
    village.ok(
        "apply",
        "--from",
        str(village.files / "somu-box.yaml"),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    reason = "審議会の委員が外部のサービスを使えないことが分かったため"
    term = Terminal(
        village,
        ["reject", "somu-box", "--reason", reason, "--date", "2026-03-21"],
        person="sato",
    )
    term.child.expect_exact("よろしいですか")
    term.child.send("いいえ\r")
    assert term.end() == 1
    # The line editor redraws its line after moving the cursor: each escape ends a piece.
    screen = ESCAPE.sub("\r", term.screen.getvalue())
    lines = [line for line in re.split(r"\r?\n|\r", screen) if line.strip()]
    question = [line for line in lines if "審議会" in line or "よろしいですか" in line]
    assert len(question) >= 2, lines  # folded: the question is wider than 80 columns
    for line in lines:
        assert width_of(line) <= WIDTH, line
        assert line.strip()[:1] not in NO_START, line
    assert _words(reason) in _words(screen)
    assert "somu-box" in village.record_text("somu-box") and "state: applied" in (
        village.record_text("somu-box")
    )
