"""Benchmark: `yakkan audit --json` over a generated history, against `git log -p`.

The history (RECORDS records × COMMITS commits each: apply, the two check columns,
approve, then monthly backup-log entries) is written with one `git fast-import`, not by
running yakkan tens of thousands of times. Each timing is the best of three runs.

    python benchmarks/bench_audit.py [RECORDS] [COMMITS]

prints a Markdown table and writes benchmarks/results-audit.md.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
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
  applied_on: '2020-01-01'
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
"""
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


def version(n: int, step: int) -> tuple[str, str, str]:
    """(person, action, text) of record `n` after its `step`-th commit."""
    rid = f"svc-{n:05d}"
    if step == 0:
        return "yamada", "apply", HEAD.format(id=rid, n=n, state="applied") + _checks(False, False)
    if step == 1:
        return "yamada", "check", HEAD.format(id=rid, n=n, state="applied") + _checks(True, False)
    if step == 2:
        return "sato", "check", HEAD.format(id=rid, n=n, state="applied") + _checks(True, True)
    text = HEAD.format(id=rid, n=n, state="approved") + _checks(True, True)
    text += "approval:\n  approved_by: sato\n  approved_on: '2020-02-01'\n"
    if step == 3:
        return "sato", "approve", text
    text += "backups:\n"
    for month in range(step - 3):
        day = date(2020, 3, 1) + timedelta(days=31 * month)
        text += f"- on: '{day}'\n  by: suzuki\n  method: エクスポート\n  location: 庁内サーバ\n"
    return "suzuki", "backup-log", text


def build(repo: Path, records: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    out: list[bytes] = []
    clock = [1_577_836_800]  # 2020-01-01
    marks = [0]

    def commit(person: str, message: str, path: str, payload: str) -> None:
        marks[0] += 1
        clock[0] += 60
        ident = f"{PEOPLE[person]} <{person}@example.jp> {clock[0]} +0900".encode()
        body = message.encode()
        blob = payload.encode()
        out.append(b"commit refs/heads/main\nmark :%d\n" % marks[0])
        out.append(b"author " + ident + b"\ncommitter " + ident + b"\n")
        out.append(b"data %d\n" % len(body) + body + b"\n")
        if marks[0] > 1:
            out.append(b"from :%d\n" % (marks[0] - 1))
        out.append(f"M 100644 inline {path}\n".encode())
        out.append(b"data %d\n" % len(blob) + blob + b"\n")

    commit("sato", "init\n", "yakkan.yaml", CONFIG)
    for step in range(commits):
        for n in range(records):
            person, action, text = version(n, step)
            rid = f"svc-{n:05d}"
            message = (
                f"{action}({rid}): benchmark\n\nYakkan-Action: {action}\n"
                f"Yakkan-Service: {rid}\nYakkan-Actor: {person}\n"
            )
            commit(person, message, f"records/somu/{rid}.yaml", text)
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
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else 50
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
    (HERE / "results-audit.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
