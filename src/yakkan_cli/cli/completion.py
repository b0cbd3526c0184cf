"""Shell completion of what a clerk would otherwise have to look up: record ids, people and
departments from the records repository the command would work on (`-C DIR` or the current
folder). Completion never fails loudly: a folder that is not a records repository, or a
yakkan.yaml that does not load, simply offers nothing.

And `--install-completion [SHELL]` / `--show-completion [SHELL]`, which set it up.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t

# typer's options that set completion up: flags when typer detects the shell, so a word
# after them (`--install-completion foo`) was read as the command, never looked at, and the
# detected shell's completion installed instead. `take_shell` takes that word as the shell
# asked for, and `shell_callback` refuses one typer writes no completion for.
SHELL_OPTIONS = ("install_completion", "show_completion")
_ASKED = "yakkan.shell"


def _root(ctx: Any) -> Path | None:
    """The records repository: the nearest folder holding yakkan.yaml, upwards from -C DIR
    (when given before the command) or the current folder."""
    from yakkan_cli.store.repo import CONFIG_FILE

    directory = None
    if ctx is not None:
        directory = (ctx.find_root().params or {}).get("directory")
    start = Path(directory or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def record_ids(ctx: Any, incomplete: str) -> list[str]:
    from yakkan_cli.store.repo import RecordsRepo

    root = _root(ctx)
    if root is None:
        return []
    ids = sorted({path.stem for path in RecordsRepo(root).record_paths()})
    # `--services a,b,…`: the id being typed is the one after the last comma.
    head, comma, last = incomplete.rpartition(",")
    return [f"{head}{comma}{i}" for i in ids if i.startswith(last)]


def _config(ctx: Any) -> Any:
    from yakkan_cli.store.repo import RecordsRepo

    root = _root(ctx)
    if root is None:
        return None
    try:
        return RecordsRepo(root).load_config()
    except (YakkanError, OSError):
        return None


def people(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Person ids with their names as the help a shell shows beside each choice."""
    config = _config(ctx)
    if config is None:
        return []
    return [(p.id, p.name) for p in config.people if p.id.startswith(incomplete)]


def departments(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    config = _config(ctx)
    if config is None:
        return []
    return [(d.id, d.name) for d in config.departments if d.id.startswith(incomplete)]


def completer_for(param: Any) -> Any:
    """The completion function that fits a parameter by what it names, or None."""
    metavar = str(getattr(param, "metavar", None) or "")
    name = str(getattr(param, "name", None) or "")
    if metavar.startswith(("ID", "記録ID")) or name in ("service_id", "services"):
        return record_ids
    if "PERSON" in metavar or name in ("person", "administrator", "to", "assignee"):
        return people
    if name == "department":
        return departments
    return None


def take_shell(ctx: Any, params: Sequence[Any], args: list[str]) -> list[str]:
    """`args` without the shell written after `--install-completion`/`--show-completion`
    (or after `=`), which is kept in `ctx.meta` for `shell_callback`. Only the options
    before the command are read (the words after it are the command's), stepping over the
    values of those that take one (`-C DIR`)."""
    flags = {o for p in params if p.name in SHELL_OPTIONS and p.is_flag for o in p.opts}
    valued = {
        o
        for p in params
        if getattr(p, "param_type_name", "") == "option" and not p.is_flag and not p.count
        for o in p.opts
    }
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        name, equals, value = args[i].partition("=")
        if name in flags:
            if equals:
                ctx.meta[_ASKED] = value
                return [*args[:i], name, *args[i + 1 :]]
            if i + 1 < len(args) and not args[i + 1].startswith("-"):
                ctx.meta[_ASKED] = args[i + 1]
                return [*args[: i + 1], *args[i + 2 :]]
            return args
        i += 2 if args[i] in valued else 1
    return args


def shell_callback(ctx: Any, param: Any, value: Any) -> Any:
    """Install or show the completion of the shell asked for (`take_shell`; a value when
    typer's shell detection is off) or else the detected one, said in Japanese; a shell
    typer writes no completion for is a usage error."""
    if not value or ctx.resilient_parsing:
        return value
    import typer
    from typer._completion_shared import Shells, _get_shell_name, get_completion_script, install

    asked = value if isinstance(value, str) else ctx.meta.get(_ASKED)
    shell = asked if asked is not None else _get_shell_name()
    supported = [s.value for s in Shells]
    if shell not in supported:
        raise UsageProblem(
            t("cli.completion_no_shell", shell=shell or "?", shells=", ".join(supported))
        )
    if param.name == "show_completion":
        prog = ctx.find_root().info_name
        variable = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
        # The script as it is, to be copied or redirected: never folded to a screen.
        script = get_completion_script(prog_name=prog, complete_var=variable, shell=shell)
        sys.stdout.write(script + "\n")
        raise typer.Exit(0)
    from yakkan_cli.cli.output import write_message

    shell, path = install(shell=shell)
    write_message(t("cli.completion_installed", shell=shell, path=path), sys.stdout)
    raise typer.Exit(0)
