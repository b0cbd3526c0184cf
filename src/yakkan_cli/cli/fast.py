"""Reads answered from the record cache alone: no typer, no pydantic, no YAML.

A warm `due --json` spent most of its time importing typer, pydantic and the records'
schemas, not reading (issue 23.2). The record cache already holds, for every record, the
summary `due`, `list`, `validate` and `register` compute from, and beside them what they
read of yakkan.yaml (store.cache.codec.PlainConfig); for `show`, the page a full `show`
kept (store.cache.pages); in a village that imported an ISMAP list, what `due`, `register`
and `validate` read of each list's newest snapshot (store.cache.lists). When a command line
is one of the shapes in `SHAPES` and the cache vouches for every record and snapshot it
reads (store.cache.kept, PageCache.kept, store.cache.lists.kept_lists), the answer is
computed here by the same functions the typer commands call (`actions.due.due_over`,
`actions.register.register_over`, `actions.validation.validation_over`,
`rules.schedule.tasks_of`, `cli.views`, `cli.story.page.show_kept`, `cli.output`) and printed;
otherwise `answer` returns None before writing anything and typer runs the command as
always (a cold or stale cache, a snapshot imported or changed since it was kept,
`--no-cache`, any other option or value).

typer stays the definition of the command line: `SHAPES` names a subset of each command's
options, and tests/e2e/test_fast_reads.py holds it to the typer app (every option here is
one typer defines for that command, with the same kind of value) and holds the output, the
stderr and the exit code of every shape to what the full path prints for the same command
line, in a pipe and on an 80-column terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from yakkan_cli.errors import YakkanError

if TYPE_CHECKING:
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.store.cache.lists import Outcome

MAX_WITHIN_DAYS = 3660  # cli.due.MAX_WITHIN_DAYS (a test holds them equal)

# What each option takes: a flag, an ISO day, a count of days, or one fixed word.
FLAG, DAY, DAYS = "flag", "day", "days"


class Shape(NamedTuple):
    """The options of one command answered here: each with the kind of value it takes,
    and those that must be given (the others keep their default)."""

    options: dict[str, str]  # option → FLAG, DAY, DAYS or the one word accepted
    required: frozenset[str]
    service_id: bool = False  # takes one argument: a service id (model.ids)


SHAPES: dict[str, Shape] = {
    "due": Shape({"--json": FLAG, "--as-of": DAY, "--within": DAYS}, frozenset()),
    "list": Shape({"--json": FLAG}, frozenset()),
    "register": Shape({"--format": "csv", "--as-of": DAY}, frozenset({"--format"})),
    "validate": Shape({"--json": FLAG}, frozenset()),
    "show": Shape({"--as-of": DAY}, frozenset(), service_id=True),
}

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_COUNT = re.compile(r"[0-9]{1,6}", re.ASCII)


class Request(NamedTuple):
    command: str
    directory: str | None
    options: dict[str, str]  # option → its text ("" for a flag)
    argument: str | None = None


def parse(args: list[str]) -> Request | None:
    """The command line as one of `SHAPES`, or None for anything else (typer's to say)."""
    directory: str | None = None
    rest = list(args)
    if rest[:1] == ["-C"] and len(rest) > 2:
        directory = rest[1]
        rest = rest[2:]
        if not directory or directory.startswith("-"):
            return None
    if not rest or rest[0] not in SHAPES:
        return None
    command, shape = rest[0], SHAPES[rest[0]]
    options: dict[str, str] = {}
    arguments: list[str] = []
    words = iter(rest[1:])
    for word in words:
        if shape.service_id and not word.startswith("-"):
            arguments.append(word)
            continue
        name, eq, value = word.partition("=")
        kind = shape.options.get(name)
        if kind is None or name in options:
            return None
        if kind == FLAG:
            if eq:
                return None
            options[name] = ""
            continue
        if not eq:
            given = next(words, None)
            if given is None:
                return None
            value = given
        if not _valid(kind, value):
            return None
        options[name] = value
    if not shape.required <= options.keys():
        return None
    if shape.service_id:
        from yakkan_cli.model.ids import is_service_id

        if len(arguments) != 1 or not is_service_id(arguments[0]):
            return None
        return Request(command, directory, options, arguments[0])
    return Request(command, directory, options)


def _valid(kind: str, value: str) -> bool:
    if kind == DAY:
        if not _ISO_DAY.fullmatch(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if kind == DAYS:
        return bool(_COUNT.fullmatch(value)) and int(value) <= MAX_WITHIN_DAYS
    return value == kind


def answer(args: list[str]) -> int | None:
    """The exit code, when the record cache answered `args`; None (nothing written) when
    the full command line must run."""
    if os.environ.get("YAKKAN_NO_CACHE", "") not in ("", "0"):
        return None
    request = parse(args)
    if request is None:
        return None
    try:
        return _run(request)
    except YakkanError:
        # Whatever the full path would refuse (no repository, a bad YAKKAN_TODAY …), it
        # refuses in its own words.
        return None


def _where(start: Path) -> tuple[Path, Path] | None:
    """The work tree holding `start` and its git common dir, as `vcs.git.discover` and
    `Git.common_dir` find them, in one run of git; None when git says anything else."""
    import subprocess

    from yakkan_cli.vcs.git.run import environment

    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--git-common-dir"],
            cwd=start,
            capture_output=True,
            env=environment(),
            check=False,
        )
        lines = proc.stdout.decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if proc.returncode != 0 or len(lines) != 3 or lines[2]:
        return None
    # The common dir as git prints it is relative to where git ran, when it is relative.
    return Path(lines[0].strip()), (start / lines[1]).resolve()


def _run(request: Request) -> int | None:
    from yakkan_cli.store.cache.kept import kept_records

    start = Path(request.directory) if request.directory is not None else Path.cwd()
    if not start.is_dir():
        return None
    where = _where(start)
    if where is None:
        return None
    root, common_dir = where
    try:
        config = (root / "yakkan.yaml").read_bytes()
    except OSError:
        return None
    if request.command == "show":
        return _show(request, root, common_dir, config)
    kept = kept_records(root, common_dir, config)
    if kept is None:
        return None
    settings, records = kept
    from yakkan_cli.cli import output
    from yakkan_cli.store.listing import lists_imported

    errors: list[YakkanError]
    write: Callable[[], None]
    # The imported ISMAP lists (issue 22) decide some tasks, the register's columns and
    # some of validate's findings: their snapshots as the cache kept them (store.cache.lists),
    # or the full path, which reads them with their schema, when it cannot vouch for one.
    lists: list[tuple[IsmapList, Outcome]] = []
    if request.command != "list" and lists_imported(root):
        from yakkan_cli.store.cache.kept import CACHE_FOLDER
        from yakkan_cli.store.cache.lists import kept_lists

        found = kept_lists(root, common_dir / CACHE_FOLDER, config)
        if found is None:
            return None
        lists = found
    if request.command == "due":
        from yakkan_cli.actions.due import due_over
        from yakkan_cli.rules.schedule import snapshot_tasks

        within = request.options.get("--within")
        day = _day(request, settings.timezone)
        # As actions.due.due: a snapshot that does not read is said, and no list is used.
        broken = [outcome for _, outcome in lists if isinstance(outcome, YakkanError)]
        read = {} if broken else {which: s for which, s in lists if not isinstance(s, YakkanError)}
        report = due_over(
            records,
            settings,
            as_of=day,
            within=None if within is None else int(within),
            lists=read,
            list_tasks=lambda used: snapshot_tasks(read, used, settings, day),
            errors_before=broken[:1],
        )
        errors = report.errors
        if "--json" in request.options:
            write = lambda: output.print_json_list(item.document() for item in report.items)  # noqa: E731
        else:
            from yakkan_cli.cli.views import due_table

            write = lambda: due_table(report, plain=output.plain_stdout())  # noqa: E731
        code = 0
    elif request.command == "list":
        from yakkan_cli.cli.views import list_item, records_table

        listed = [r for r in records if not isinstance(r, YakkanError)]
        errors = [r for r in records if isinstance(r, YakkanError)]
        if "--json" in request.options:
            write = lambda: output.print_json_list(map(list_item, listed))  # noqa: E731
        else:
            write = lambda: records_table(listed, settings, plain=output.plain_stdout())  # noqa: E731
        code = 1 if errors else 0
    elif request.command == "validate":
        from yakkan_cli.actions.validation import validation_over
        from yakkan_cli.cli.views import print_validation

        checks = settings.checks

        def stored(rel: str) -> bytes | None:
            # Asked only of an attachment whose bytes differ from its sha256 (autocrlf).
            from yakkan_cli.vcs.git.repository import Git

            return Git(root).stored_if_unchanged(rel)

        result = validation_over(
            records,
            len(records),
            root,
            stored,
            whole=True,
            settings=lambda: (list(checks[0]), list(checks[1])),
            lists=lambda: lists,
        )
        errors = []
        code = 0

        def write() -> None:
            nonlocal code
            code = print_validation(result, as_json="--json" in request.options)

    else:
        if any(isinstance(outcome, YakkanError) for _, outcome in lists):
            # A snapshot that does not read stops the register: typer's path says so.
            return None
        from yakkan_cli.actions.register import register_over
        from yakkan_cli.forms.register import to_csv

        register = register_over(
            records,
            settings,
            as_of=_day(request, settings.timezone),
            lists={which: s for which, s in lists if not isinstance(s, YakkanError)},
        )
        errors = register.errors
        data = to_csv(register)
        write = lambda: output.write_document(data, None, binary=False)  # noqa: E731
        code = 1 if errors else 0
    from yakkan_cli.cli.instant import utf8_streams

    utf8_streams()
    try:
        for err in errors:
            output.print_error(err)
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        # `yakkan list --json | head`: the reader left; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


def _day(request: Request, timezone: str) -> date:
    """`--as-of`, or the village's today as the full path reads it (actions.clock)."""
    as_of = request.options.get("--as-of")
    if as_of is not None:
        return date.fromisoformat(as_of)
    from yakkan_cli.actions.clock import today
    from yakkan_cli.model.zones import zone_named

    return today(zone_named(timezone))


def _show(request: Request, root: Path, common_dir: Path, config: bytes) -> int | None:
    """`show ID` from the page its last full `show` kept (store.cache.pages), when the
    record's stat data vouches for it; what comes next is worked out today, from the
    summary kept with it, by the same rules and printed by the same code."""
    from yakkan_cli.cli.story.cache import page_code
    from yakkan_cli.cli.story.page import show_kept
    from yakkan_cli.rules.schedule import soonest_first, tasks_of
    from yakkan_cli.store.cache.codec import decode_config, decode_summary
    from yakkan_cli.store.cache.index import stamp_of
    from yakkan_cli.store.cache.kept import CACHE_FOLDER
    from yakkan_cli.store.cache.pages import PageCache
    from yakkan_cli.store.listing import department_dirs

    pages = PageCache.open(common_dir / CACHE_FOLDER, root, config, page_code())
    name = f"{request.argument}.yaml"
    found = [path for path in (d / name for d in department_dirs(root)) if path.is_file()]
    if len(found) != 1:
        return None
    rel = found[0].relative_to(root).as_posix()
    try:
        kept = pages.kept(rel, stamp_of(found[0].stat()))
        if kept is None:
            return None
        summary, settings = decode_summary(kept[0]), decode_config(pages.settings)
    except (OSError, TypeError, ValueError, IndexError, KeyError):
        return None
    day = _day(request, settings.timezone)
    steps = soonest_first(tasks_of(summary.schedule, settings, day))
    from yakkan_cli.cli.instant import utf8_streams

    utf8_streams()
    service = f"{summary.provider} {summary.name}"
    try:
        show_kept(service, summary.id, summary.state.value, rel, kept[1], steps, settings, day)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
