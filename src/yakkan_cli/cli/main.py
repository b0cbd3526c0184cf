"""Entry point: runs the Typer app and turns every outcome into DESIGN §5's exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import typer

from yakkan_cli import interrupts
from yakkan_cli.cli.instant import utf8_streams
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

# The click that typer runs on: typer >= 0.22 vendors its own copy (typer._click) and no
# longer depends on click, older typer uses click itself. `typer.BadParameter` lives in that
# click's exceptions module either way, so its base classes are the ones raised at runtime.
_click_exceptions = sys.modules[typer.BadParameter.__module__]
ClickException: type[Exception] = _click_exceptions.ClickException
UsageError: type[Exception] = _click_exceptions.UsageError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _log_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yakkan"


def _report_bug(exc: BaseException) -> None:
    """A bug: one short line on stderr, the traceback in a log file for the maintainers."""
    import traceback  # only a bug needs it: not at start-up

    log = _log_dir() / "yakkan.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)))
            handle.write("\n")
        where = str(log)
    except OSError:
        where = "-"
    from yakkan_cli.cli.output import write_message

    write_message(t("cli.internal_error", kind=type(exc).__name__, log=where))


def main(argv: list[str] | None = None) -> int:
    utf8_streams()
    from yakkan_cli.cli.app import app

    interrupts.running()
    try:
        return _run(app, argv)
    finally:
        interrupts.decided()


def run_here(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[int, str]:
    """Run one yakkan command line in this process as if it were started on its own: in
    `cwd`, with exactly `env` as its environment, stdin at end of file (so it never asks),
    stdout and stderr collected and returned. Everything is put back afterwards.

    `yakkan demo` runs its steps this way: the same parse, rules and commit as the
    installed command, without paying a Python start-up and the imports for each step.
    """
    import io

    from yakkan_cli.cli.app import app

    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    output = io.StringIO()
    try:
        with Path(os.devnull).open(encoding="utf-8") as nothing, interrupts.nested_command():
            os.environ.clear()
            os.environ.update(env)
            os.chdir(cwd)
            sys.stdin, sys.stdout, sys.stderr = nothing, output, output
            code = _run(app, list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return code, output.getvalue()


def _run(app: typer.Typer, argv: list[str] | None) -> int:
    from yakkan_cli.cli.help import ReaderLeft
    from yakkan_cli.cli.output import print_error, write_message

    try:
        result = app(args=argv, prog_name="yakkan", standalone_mode=False)
        # Flushed here, where a reader that left is still the quiet BrokenPipeError below,
        # not an error at interpreter exit.
        sys.stdout.flush()
    except YakkanError as err:
        print_error(err)
        return err.exit_code
    except typer.Abort:
        write_message(t("cli.interrupted"))
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        write_message(t("cli.interrupted"))
        return EXIT_INTERRUPTED
    except typer.Exit as exc:
        return int(exc.exit_code)
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # the help page itself
        else:
            from yakkan_cli.cli.usage import show_usage_error

            show_usage_error(exc)
        return EXIT_USAGE
    except ClickException as exc:
        exc.show()  # type: ignore[attr-defined]
        return int(exc.exit_code)  # type: ignore[attr-defined]
    except (BrokenPipeError, ReaderLeft):
        # `yakkan list | head`: the reader left; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A machine's fault that reaches here unnamed (a read-only folder for `init`, a
        # full disk under git's own files …) is still the user's to fix, not a bug.
        from yakkan_cli.store.files import machine_error

        named = machine_error(exc)
        if named is None:
            _report_bug(exc)
            return EXIT_INTERNAL
        print_error(named)
        return named.exit_code
    except Exception as exc:
        if interrupts.came_unsettled():
            write_message(t("cli.interrupted"))
            return EXIT_INTERRUPTED
        _report_bug(exc)
        return EXIT_INTERNAL
    if result == EXIT_INTERRUPTED:
        # typer turns Ctrl-C inside a command into a silent return of 130: say it.
        write_message(t("cli.interrupted"))
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
