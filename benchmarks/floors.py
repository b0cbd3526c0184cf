"""The floors every command is compared with, measured in the same run on the same files.

- `python -c pass`: starting the interpreter, nothing else;
- reading the bytes: a Python process that reads every record file, and does nothing with it;
- composing the YAML nodes: libyaml's `CSafeLoader` composes every record file's node tree
  (what any YAML-based reader must at least do; no Python objects are constructed);
- the prototype (issue 14's): load a summary of every record from one pickle and compute
  `due` with the same pure schedule rule yakkan uses (`rules.schedule.tasks_of`). The
  summary of a record is its `rules.schedule.schedule_facts`: the plain data the rule reads
  (state, dates, the last review, backup and purpose check), made from the repository's
  files before the clock starts. What it prints is checked against `yakkan due --json`
  (same tasks), so the floor does the same work, minus reading the files;
- `git log -p`: git itself printing the history `audit` replays.
"""

from __future__ import annotations

import json
import pickle
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

PASS = "pass"

READ_BYTES = """
import sys
from pathlib import Path
total = 0
for path in sorted(Path(sys.argv[1]).glob("records/*/*.yaml")):
    total += len(path.read_bytes())
print(total)
"""

COMPOSE = """
import sys
from pathlib import Path
import yaml
n = 0
for path in sorted(Path(sys.argv[1]).glob("records/*/*.yaml")):
    yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
    n += 1
print(n)
"""

PROTOTYPE = """
import json, pickle, sys
from datetime import timedelta
from yakkan_cli.rules.schedule import tasks_of
with open(sys.argv[1], "rb") as f:
    config, as_of, summaries = pickle.load(f)
horizon = as_of + timedelta(days=config.policy.warn_days)
tasks = [t for r in summaries for t in tasks_of(r, config, as_of) if t.due <= horizon]
tasks.sort(key=lambda t: (t.due, t.service, t.task))
json.dump(
    [
        {
            "service": t.service,
            "department": t.department,
            "task": t.task,
            "due": t.due.isoformat(),
            "days_overdue": t.days_overdue(as_of),
            "assignees": list(t.assignees),
            "detail": t.detail,
        }
        for t in tasks
    ],
    sys.stdout,
    ensure_ascii=False,
)
"""


def python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


def write_summary(repo: Path, as_of: date, target: Path) -> None:
    """The prototype's pickle, made from the records in `repo` (untimed)."""
    from yakkan_cli.model import Config, Record
    from yakkan_cli.rules.schedule import schedule_facts

    def load(path: Path) -> Any:
        return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    config = Config.model_validate(load(repo / "yakkan.yaml"))
    summaries = [
        schedule_facts(Record.model_validate(load(path)))
        for path in sorted(repo.glob("records/*/*.yaml"))
    ]
    with target.open("wb") as out:
        pickle.dump((config, as_of, summaries), out, protocol=pickle.HIGHEST_PROTOCOL)


def same_tasks(prototype_stdout: bytes, due_stdout: bytes) -> bool:
    """Whether the prototype found the very tasks `yakkan due --json` printed."""

    def keys(stdout: bytes) -> list[tuple[str, str, str, str]]:
        items = json.loads(stdout)
        return sorted((i["service"], i["task"], i["due"], i.get("detail", "")) for i in items)

    return keys(prototype_stdout) == keys(due_stdout)
