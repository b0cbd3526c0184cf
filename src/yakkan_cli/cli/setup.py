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
) -> None:
    from yakkan_cli.actions.init import init_repository
    from yakkan_cli.cli.output import say

    _platform(platform, ("github", "gitlab"))
    base: Path | None = (ctx.obj or {}).get("directory")
    target = (directory or base or Path.cwd()).resolve()
    result = init_repository(target, organization=org, platform=platform, install=install)
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
    from yakkan_cli.cli.output import print_json

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
            typer.echo(f"{mark} {check.message}")
            if not check.ok and check.fix:
                typer.echo("    " + t("doctor.fix", command=check.fix))
        typer.echo("")
        typer.echo(t("doctor.manual_title", platform=result.platform.value))
        for line in result.manual:
            typer.echo(f"  - {line}")
    if not result.ok:
        raise typer.Exit(1)


def demo(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help=t("help.arg.demo_dir"), file_okay=False)
    ],
) -> None:
    from yakkan_cli.actions.demo import build_demo, check_target
    from yakkan_cli.cli.output import say

    target = directory.resolve()
    check_target(target)
    say(t("cli.demo_building", path=target))
    result = build_demo(target)
    say(t("cli.demo_done", path=result.root, commits=result.commits))


def register(app: typer.Typer) -> None:
    app.command("init", help=t("help.init"))(init)
    app.command("codeowners", help=t("help.codeowners"))(codeowners)
    app.command("doctor", help=t("help.doctor"))(doctor)
    app.command("demo", help=t("help.demo"))(demo)
