"""Benchmark: `yakkan audit --json` over a generated history, against `git log -p`.

The history (RECORDS records × COMMITS commits each: apply with its signup and terms
attachments, the two check columns, approve, then monthly backup-log entries) is written
with one `git fast-import`, not by running yakkan tens of thousands of times. It is an
honest history under every audit rule: each commit is dated the day its action says, by
the person who acts, with the trailers, the attachments and the readiness `approve` needs;
the benchmark fails if `audit` finds anything. Each timing is the best of three runs.

    python benchmarks/bench_audit.py [RECORDS] [COMMITS]     # default 1000 50

prints a Markdown table; at the default size it also writes benchmarks/results-audit.md
(a smaller run, e.g. `bench_audit.py 50 10` to try it in a few seconds, does not).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from hashlib import sha256
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = """\
schema_version: 1
organization: 恩納村
people:
  - {id: yamada, name: 山田 太郎, email: yamada@example.jp}
  - {id: sato, name: 佐藤 花子, email: sato@example.jp}
  - {id: tanaka, name: 田中 一郎, email: tanaka@example.jp}
  - {id: suzuki, name: 鈴木 次郎, email: suzuki@example.jp}
departments:
  - {id: somu, name: 総務課, head: tanaka, responsible: [sato]}
"""
HEAD = """\
schema_version: 1
id: {id}
department: somu
state: {state}
service:
  provider: 事業者 {n}
  name: サービス {n}
  description: 会議資料の共有
  category: file_storage
application:
  applicant: yamada
  applied_on: '{applied}'
  purpose: 会議資料の事前共有
  period:
    start: '2020-01-01'
  administrator: suzuki
  department_head: tanaka
  information:
  - name: 会議資料
    class: 3
    personal: false
  users:
  - 総務課 職員
  users_count: 12
  alternative: 庁内ファイルサーバ
  attachments:
  - kind: signup
    path: attachments/{id}/signup.png
    sha256: {signup}
  - kind: terms
    path: attachments/{id}/terms.pdf
    sha256: {terms}
"""
RECORDS, COMMITS = 1000, 50  # the size the README reports
PEOPLE = {"yamada": "山田 太郎", "sato": "佐藤 花子", "suzuki": "鈴木 次郎"}


def _checks(applicant: bool, responsible: bool) -> str:
    lines = ["checks:"]
    for item in range(1, 9):
        lines.append(f"- item: {item}")
        if applicant:
            lines.append("  applicant: ok")
        if responsible:
            lines.append("  responsible: ok")
    return "\n".join(lines) + "\n"


def attachment(n: int, kind: str) -> bytes:
    return f"svc-{n:05d} {kind}\n".encode()


def day(step: int) -> date:
    """The day of a record's `step`: apply, checks and approval in the first days of
    January 2020, then one backup on the first of each month."""
    if step < 4:
        return date(2020, 1, 1 + step)
    month = step - 3  # months after January 2020
    return date(2020 + month // 12, month % 12 + 1, 1)


def version(n: int, step: int) -> tuple[str, str, str]:
    """(person, action, text) of record `n` after its `step`-th commit."""
    rid = f"svc-{n:05d}"

    def head(state: str) -> str:
        return HEAD.format(
            id=rid,
            n=n,
            state=state,
            applied=day(0),
            signup=sha256(attachment(n, "signup")).hexdigest(),
            terms=sha256(attachment(n, "terms")).hexdigest(),
        )

    if step == 0:
        return "yamada", "apply", head("applied") + _checks(False, False)
    if step == 1:
        return "yamada", "check", head("applied") + _checks(True, False)
    if step == 2:
        return "sato", "check", head("applied") + _checks(True, True)
    text = head("approved") + _checks(True, True)
    text += f"approval:\n  approved_by: sato\n  approved_on: '{day(3)}'\n"
    text += "  procedure_version: '1.0'\n"
    if step == 3:
        return "sato", "approve", text
    text += "backups:\n"
    for k in range(4, step + 1):
        text += (
            f"- 'on': '{day(k)}'\n  by: suzuki\n  method: エクスポート\n  location: 庁内サーバ\n"
        )
    return "suzuki", "backup-log", text


def build(repo: Path, records: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    out: list[bytes] = []
    marks = [0]

    def commit(person: str, message: str, when: date, n: int, files: dict[str, bytes]) -> None:
        # 10:00 in Japan on the action's day, a second apart per record: the commit is made
        # on the day its action states, so no date runs ahead of (or far behind) its commit.
        stamp = datetime(when.year, when.month, when.day, 1, 0, tzinfo=UTC).timestamp() + n
        marks[0] += 1
        ident = f"{PEOPLE[person]} <{person}@example.jp> {int(stamp)} +0900".encode()
        body = message.encode()
        out.append(b"commit refs/heads/main\nmark :%d\n" % marks[0])
        out.append(b"author " + ident + b"\ncommitter " + ident + b"\n")
        out.append(b"data %d\n" % len(body) + body + b"\n")
        if marks[0] > 1:
            out.append(b"from :%d\n" % (marks[0] - 1))
        for path, blob in files.items():
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(b"data %d\n" % len(blob) + blob + b"\n")

    commit("sato", "init\n", date(2019, 12, 27), 0, {"yakkan.yaml": CONFIG.encode()})
    for step in range(commits):
        for n in range(records):
            person, action, text = version(n, step)
            rid = f"svc-{n:05d}"
            message = (
                f"{action}({rid}): benchmark\n\nYakkan-Action: {action}\n"
                f"Yakkan-Service: {rid}\nYakkan-Actor: {person}\n"
            )
            files = {f"records/somu/{rid}.yaml": text.encode()}
            if step == 0:
                files[f"attachments/{rid}/signup.png"] = attachment(n, "signup")
                files[f"attachments/{rid}/terms.pdf"] = attachment(n, "terms")
            commit(person, message, day(step), n, files)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)


def best_of(runs: int, args: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr.decode()}")
    return min(times)


def main() -> None:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else RECORDS
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else COMMITS
    yakkan = shutil.which("yakkan", path=str(Path(sys.executable).parent)) or "yakkan"
    with tempfile.TemporaryDirectory(prefix="yakkan-bench-") as folder:
        repo = Path(folder) / "repo"
        started = time.perf_counter()
        build(repo, records, commits)
        built = time.perf_counter() - started
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        floor = best_of(3, ["git", "log", "-p", "--no-color"], repo)
        audit = best_of(3, [yakkan, "audit", "--json"], repo)
    rows = [
        "| what | seconds (best of 3) |",
        "|---|---|",
        f"| `git log -p` (floor) | {floor:.2f} |",
        f"| `yakkan audit --json` | {audit:.2f} |",
        f"| ratio | {audit / floor:.1f}× |",
    ]
    text = "\n".join(
        [
            "# yakkan audit benchmark",
            "",
            f"History: {records} records × {commits} commits = {count} commits "
            f"(built with git fast-import in {built:.1f} s).",
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs.",
            "",
            *rows,
            "",
        ]
    )
    sys.stdout.write(text)
    if (records, commits) == (RECORDS, COMMITS):
        (HERE / "results-audit.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
