"""Setting a repository up: init, codeowners."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yakkan_cli.cli.common import workspace
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t


def _platform(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageProblem(t("cli.bad_platform", value=value, choices=", ".join(allowed)))
    return value


def codeowners(
    ctx: typer.Context,
    platform: Annotated[
        str,
        typer.Option("--platform", help=t("help.opt.platform"), metavar="github|gitlab|gitea"),
    ] = "github",
    write: Annotated[bool, typer.Option("--write", help=t("help.opt.write"))] = False,
    check: Annotated[bool, typer.Option("--check", help=t("help.opt.codeowners_check"))] = False,
) -> None:
    from yakkan_cli.actions.codeowners import Platform
    from yakkan_cli.actions.codeowners import check as check_file
    from yakkan_cli.actions.codeowners import codeowners as build
    from yakkan_cli.actions.codeowners import write as write_file
    from yakkan_cli.cli.output import say

    chosen = Platform(_platform(platform, tuple(p.value for p in Platform)))
    ws = workspace(ctx)
    owners = build(ws, chosen)
    for warning in owners.warnings:
        say(warning)
    if write and check:
        raise UsageProblem(t("cli.codeowners_write_or_check"))
    if check:
        check_file(ws, owners)
        say(t("codeowners.current", path=owners.location))
    elif write:
        target = write_file(ws, owners)
        say(t("cli.codeowners_written", path=ws.repo.rel(target)))
    else:
        typer.echo(owners.text, nl=False)


def lock(
    ctx: typer.Context,
    index_url: Annotated[
        str | None, typer.Option("--index-url", help=t("help.opt.index_url"), metavar="URL")
    ] = None,
    upgrade: Annotated[bool, typer.Option("--upgrade", help=t("help.opt.upgrade"))] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=t("help.opt.lock_output"), dir_okay=False),
    ] = None,
) -> None:
    from yakkan_cli.actions.lock import LOCK_FILE, addition_from
    from yakkan_cli.actions.lock import lock as make_lock
    from yakkan_cli.cli.output import say
    from yakkan_cli.errors import YakkanError
    from yakkan_cli.vcs.git.discover import discover

    if output is None:
        base: Path | None = (ctx.obj or {}).get("directory")
        try:
            root = discover(base or Path.cwd()).root
        except YakkanError:
            raise UsageProblem(t("cli.lock_where")) from None
        output = root / LOCK_FILE
    result = make_lock(output, index_url=index_url, upgrade=upgrade)
    say(t("lock.written", path=result.path, count=result.packages))
    add = addition_from(result.path, Path.cwd())
    if add is None:
        say(t("cli.lock_next_outside", path=result.path))
    else:
        say(t("cli.lock_next", git=add.git, path=add.path))


def init(
    ctx: typer.Context,
    directory: Annotated[
        Path | None, typer.Argument(metavar="[DIR]", help=t("help.arg.init_dir"), file_okay=False)
    ] = None,
    org: Annotated[str | None, typer.Option("--org", help=t("help.opt.org"))] = None,
    platform: Annotated[
        str, typer.Option("--platform", help=t("help.opt.platform"), metavar="github|gitlab")
    ] = "github",
    install: Annotated[
        str | None, typer.Option("--install", help=t("help.opt.install"), metavar="SPEC")
    ] = None,
    index_url: Annotated[
        str | None, typer.Option("--index-url", help=t("help.opt.index_url"), metavar="URL")
    ] = None,
) -> None:
    from yakkan_cli.actions.init import init_repository
    from yakkan_cli.cli.output import say

    _platform(platform, ("github", "gitlab"))
    base: Path | None = (ctx.obj or {}).get("directory")
    target = (directory or base or Path.cwd()).resolve()
    result = init_repository(
        target, organization=org, platform=platform, install=install, index_url=index_url
    )
    say(t("cli.init_done", path=result.root, commit=result.commit[:10]))
    say(t("install.written", spec=result.spec))
    for warning in result.warnings:
        say(warning)


def doctor(
    ctx: typer.Context,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform", help=t("help.opt.doctor_platform"), metavar="github|gitlab|gitea"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> None:
    from yakkan_cli.actions.codeowners import Platform
    from yakkan_cli.actions.doctor import diagnose
    from yakkan_cli.cli.output import print_json, print_line

    chosen = None
    if platform is not None:
        chosen = Platform(_platform(platform, tuple(p.value for p in Platform)))
    result = diagnose(workspace(ctx), chosen)
    if as_json:
        print_json(
            {
                "ok": result.ok,
                "platform": result.platform.value,
                "checks": [c.as_dict() for c in result.checks],
                "manual": result.manual,
            }
        )
    else:
        # Plain lines, nothing cut: read in a terminal and in CI logs alike.
        for check in result.checks:
            mark = t("doctor.ok_mark") if check.ok else t("doctor.ng_mark")
            print_line(f"{mark} {check.message}")
            if not check.ok and check.fix:
                print_line("    " + t("doctor.fix", command=check.fix))
        print_line("")
        print_line(t("doctor.manual_title", platform=result.platform.value))
        for line in result.manual:
            print_line(f"  - {line}")
    if not result.ok:
        raise typer.Exit(1)


def demo(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help=t("help.arg.demo_dir"), file_okay=False)
    ],
) -> None:
    from yakkan_cli.actions.demo import build_demo, check_target
    from yakkan_cli.cli.main import run_here
    from yakkan_cli.cli.output import say

    def progress(number: int, total: int, step: str) -> None:
        # One line a step, as it starts: the person at the terminal sees it move.
        say(t("demo.progress", number=number, total=total, step=step))

    target = directory.resolve()
    check_target(target)
    # The folder as the person typed it: `cd 練習村` works from where they are.
    say(t("cli.demo_building", path=directory))
    # Each step in this process: no start-up per step, and no terminal for it to ask on.
    result = build_demo(target, runner=run_here, progress=progress)
    say(t("cli.demo_done", path=directory, commits=result.commits))


def register(app: typer.Typer) -> None:
    app.command("lock", help=t("help.lock"))(lock)
    app.command("init", help=t("help.init"))(init)
    app.command("codeowners", help=t("help.codeowners"))(codeowners)
    app.command("doctor", help=t("help.doctor"))(doctor)
    app.command("demo", help=t("help.demo"))(demo)
