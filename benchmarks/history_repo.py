"""The history `audit` and `verify` are measured on, and the pull request merged into it.

RECORDS records × COMMITS commits each (apply with its signup and terms attachments, the
two check columns, approve, then monthly backup-log entries), written with one
`git fast-import`, not by running yakkan tens of thousands of times. It is an honest history
under every audit rule: each commit is dated the day its action says, by the person who
acts, with the trailers, the attachments and the readiness `approve` needs; the benchmark
stops if `audit` finds anything.

The tip of that history is tagged `bench-base`. A pull request is five backup-log commits
(records 0 to 4 each get the next month's backup) on a branch from `bench-base`; the branch
`bench-pr` holds one for `verify bench-base..bench-pr`, and `merge_pull_request` merges a
fresh one (distinct commit ids each time, so no memo of an earlier run can answer for it)
into `main` with a merge commit, as a forge's merge button does.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from hashlib import sha256
from pathlib import Path

from measure import clean_env, git

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


@dataclass
class _Stream:
    """A `git fast-import` stream of commits, each dated 10:00 in Japan on its action's day."""

    chunks: list[bytes] = field(default_factory=list)
    marks: int = 0

    def commit(
        self,
        ref: str,
        person: str,
        message: str,
        when: date,
        second: int,
        files: dict[str, bytes],
        parents: tuple[str, ...] = (),
    ) -> str:
        # A second apart per record: the commit is made on the day its action states, so no
        # date runs ahead of (or far behind) its commit.
        stamp = datetime(when.year, when.month, when.day, 1, 0, tzinfo=UTC).timestamp() + second
        self.marks += 1
        ident = f"{PEOPLE[person]} <{person}@example.jp> {int(stamp)} +0900".encode()
        body = message.encode()
        out = self.chunks
        out.append(b"commit %s\nmark :%d\n" % (ref.encode(), self.marks))
        out.append(b"author " + ident + b"\ncommitter " + ident + b"\n")
        out.append(b"data %d\n" % len(body) + body + b"\n")
        if parents:
            out.append(b"from %s\n" % parents[0].encode())
        for parent in parents[1:]:
            out.append(b"merge %s\n" % parent.encode())
        for path, blob in files.items():
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(b"data %d\n" % len(blob) + blob + b"\n")
        return f":{self.marks}"

    def run(self, repo: Path) -> None:
        subprocess.run(
            ["git", "fast-import", "--quiet", "--force"],
            cwd=repo,
            input=b"".join(self.chunks),
            env=clean_env(),
            check=True,
        )


def _message(action: str, rid: str, person: str, note: str = "benchmark") -> str:
    return (
        f"{action}({rid}): {note}\n\nYakkan-Action: {action}\n"
        f"Yakkan-Service: {rid}\nYakkan-Actor: {person}\n"
    )


def build(repo: Path, records: int, commits: int) -> None:
    """Write the history at `repo` (which must not exist); `commits` >= 4 (approved)."""
    if records < 5 or commits < 4:
        raise ValueError("the history needs 5 records or more and 4 commits each or more")
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "gc.auto", "0")  # no background gc in the middle of a timing
    stream = _Stream()
    last = stream.commit(
        "refs/heads/main", "sato", "init\n", date(2019, 12, 27), 0, {"yakkan.yaml": CONFIG.encode()}
    )
    for step in range(commits):
        for n in range(records):
            person, action, text = version(n, step)
            rid = f"svc-{n:05d}"
            files = {f"records/somu/{rid}.yaml": text.encode()}
            if step == 0:
                files[f"attachments/{rid}/signup.png"] = attachment(n, "signup")
                files[f"attachments/{rid}/terms.pdf"] = attachment(n, "terms")
            last = stream.commit(
                "refs/heads/main",
                person,
                _message(action, rid, person),
                day(step),
                n,
                files,
                (last,),
            )
    stream.run(repo)
    git(repo, "tag", "bench-base", "main")
    _pull_request(repo, commits, "refs/heads/bench-pr", "PR")[0].run(repo)
    git(repo, "checkout", "-q", "main")


def _pull_request(
    repo: Path, commits: int, ref: str, note: str
) -> tuple[_Stream, dict[str, bytes]]:
    """Five backup-log commits from `bench-base` on `ref`: the next month's backup of
    records 0 to 4, each by its administrator on that day. Also the files it changes."""
    stream = _Stream()
    changed: dict[str, bytes] = {}
    last = git(repo, "rev-parse", "bench-base^{commit}").strip()
    for n in range(5):
        person, action, text = version(n, commits)
        # The backup's location names the pull request: each one's blobs are new too, so
        # no cache keyed by content answers for an earlier run's.
        text = text.removesuffix("庁内サーバ\n") + f"庁内サーバ（{note}）\n"
        rid = f"svc-{n:05d}"
        files = {f"records/somu/{rid}.yaml": text.encode()}
        changed.update(files)
        last = stream.commit(
            ref, person, _message(action, rid, person, note), day(commits), n, files, (last,)
        )
    return stream, changed


def merge_pull_request(repo: Path, commits: int, run: int) -> None:
    """Merge a new five-commit pull request into `main` (checked out) with a merge commit."""
    reset(repo)
    stream, changed = _pull_request(repo, commits, f"refs/heads/bench-pr-{run}", f"PR {run}")
    tip = f":{stream.marks}"
    base = git(repo, "rev-parse", "bench-base^{commit}").strip()
    stream.commit(
        "refs/heads/main",
        "sato",
        f"Merge pull request {run}\n",
        day(commits),
        3600,
        changed,  # fast-import starts from the first parent's tree: the merge's result
        (base, tip),
    )
    stream.run(repo)
    git(repo, "reset", "-q", "--hard", "main")


def reset(repo: Path) -> None:
    """`main` back at `bench-base`, checked out, without the merged pull requests."""
    git(repo, "checkout", "-q", "-f", "main")
    git(repo, "reset", "-q", "--hard", "bench-base")
    for ref in git(repo, "for-each-ref", "--format=%(refname)", "refs/heads/bench-pr-*").split():
        git(repo, "update-ref", "-d", ref)
