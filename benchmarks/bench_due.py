"""Benchmark `yakkan due` against the cost of merely parsing the same YAML files.

    python benchmarks/bench_due.py [--sizes 1000,10000] [--keep DIR]

For each size N it writes a records repository of N services (each with three years of
monthly backups and purpose checks and quarterly reviews, dumped by the project's own
`dump_record`, committed in one git commit), then measures, best of 3 wall-clock runs:

- floor: a Python subprocess that only loads every record with `yaml.CSafeLoader`;
- due:   `yakkan due --json --as-of 2029-04-01`;

and `yakkan --help`. It prints a Markdown table and writes it to benchmarks/results-due.md.
This is not a test: numbers depend on the machine; the ratio due/floor is what matters.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from yakkan_cli.model import Record
from yakkan_cli.rules.schedule import add_months
from yakkan_cli.store.repo import dump_record

HERE = Path(__file__).resolve().parent
AS_OF = "2029-04-01"
DEPARTMENTS = [f"dept{i:02d}" for i in range(10)]
VARIANTS = 12  # distinct approval dates; records of one variant differ only in their id

CONFIG = "\n".join(
    [
        "schema_version: 1",
        "organization: ベンチマーク村",
        "people:",
        *(
            f"  - {{id: p{i:02d}, name: 職員 {i:02d}, email: p{i:02d}@example.jp}}"
            for i in range(20)
        ),
        "departments:",
        *(
            f"  - {{id: {d}, name: 課{i:02d}, head: p{i:02d}, responsible: [p{i + 10:02d}]}}"
            for i, d in enumerate(DEPARTMENTS)
        ),
        "",
    ]
)

FLOOR = """
import sys, yaml
from pathlib import Path
n = 0
for path in sorted(Path(sys.argv[1]).glob("records/*/*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    n += 1
print(n)
"""


def template(department: str, index: int, variant: int) -> str:
    """The YAML of one record, as `dump_record` writes it, with a placeholder id."""
    approved = date(2026, 1 + variant % 12, 1 + (variant * 5) % 28)
    admin = f"p{index:02d}"
    record = {
        "id": "bench-placeholder",
        "department": department,
        "state": "active",
        "service": {
            "provider": "提供会社",
            "name": f"サービス {variant}",
            "description": "ベンチマーク用のサービス",
            "category": "file_storage",
            "data_location": "domestic",
        },
        "application": {
            "applicant": admin,
            "applied_on": approved.isoformat(),
            "purpose": "会議資料の共有",
            "period": {"start": approved.isoformat(), "end": "2030-03-31"},
            "administrator": admin,
            "department_head": f"p{index:02d}",
            "information": [{"name": "会議資料", "class": 3, "personal": False}],
            "users": ["職員", "委員"],
            "users_count": 10,
            "alternative": "庁内ファイルサーバ",
        },
        "checks": [{"item": i, "applicant": "ok", "responsible": "ok"} for i in range(1, 9)],
        "approval": {
            "approved_by": f"p{index + 10:02d}",
            "approved_on": approved.isoformat(),
            "risk_acknowledged_by": admin,
            "risk_acknowledged_on": approved.isoformat(),
        },
        "reviews": [
            {"on": add_months(approved, 3 * m).isoformat(), "by": admin, "note": "変更なし"}
            for m in range(1, 13)
        ],
        "purpose_checks": [
            {"on": add_months(approved, m).isoformat(), "by": admin, "matches": True}
            for m in range(1, 37)
        ],
        "backups": [
            {
                "on": add_months(approved, m).isoformat(),
                "by": admin,
                "method": "エクスポート",
                "location": "庁内ファイルサーバ",
            }
            for m in range(1, 37)
        ],
    }
    return dump_record(Record.model_validate(record))


def git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="p00@example.jp",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="p00@example.jp",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def build(root: Path, n: int) -> None:
    root.mkdir(parents=True)
    (root / "yakkan.yaml").write_text(CONFIG, encoding="utf-8")
    templates = {
        (d, v): template(d, i, v) for i, d in enumerate(DEPARTMENTS) for v in range(VARIANTS)
    }
    for k in range(n):
        department = DEPARTMENTS[k % len(DEPARTMENTS)]
        service_id = f"{department}-svc{k:05d}"
        text = templates[(department, k % VARIANTS)].replace("bench-placeholder", service_id, 1)
        folder = root / "records" / department
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{service_id}.yaml").write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"bench: {n} records")


def yakkan_exe() -> list[str]:
    exe = Path(sys.executable).parent / "yakkan"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "yakkan_cli"]


def best_of(command: list[str], cwd: Path, runs: int = 3) -> float:
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="record counts, comma-separated")
    parser.add_argument("--keep", type=Path, help="build the repositories here and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    base = args.keep or Path(tempfile.mkdtemp(prefix="yakkan-bench-"))
    rows: list[tuple[int, float, float]] = []
    try:
        for n in sizes:
            root = base / f"n{n}"
            if root.exists():
                shutil.rmtree(root)
            build(root, n)
            floor = best_of([sys.executable, "-c", FLOOR, str(root)], root)
            due = best_of([*yakkan_exe(), "due", "--json", "--as-of", AS_OF], root)
            rows.append((n, floor, due))
            print(f"N={n}: floor {floor:.2f} s, due {due:.2f} s", file=sys.stderr)
        help_time = best_of([*yakkan_exe(), "--help"], base)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs. Best of 3 wall-clock runs.",
        "",
        "| N | floor s | due s | ratio |",
        "|---:|---:|---:|---:|",
        *(f"| {n:,} | {floor:.2f} | {due:.2f} | {due / floor:.2f} |" for n, floor, due in rows),
        "",
        f"`yakkan --help`: {help_time * 1000:.0f} ms",
        "",
    ]
    table = "\n".join(lines)
    print(table)
    (HERE / "results-due.md").write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
