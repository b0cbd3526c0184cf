"""Ctrl-C, decided by yakkan rather than by wherever Python happens to be.

`install` is the first thing the entry point does, before any heavy import: until the
command starts, an interrupt prints 「中断しました」 and exits 130 at once (no traceback
from a half-done import). While a command runs, it is Python's KeyboardInterrupt, which
the command's own handling turns into exit 130 after putting back what it wrote. Inside
`deferred()` (writing the files of a commit and making it) an interrupt waits: a commit
is either not begun or landed, and a landed commit is reported as the success it is.
Standard library and the message catalog only, so that it runs before anything else is
imported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType

from yakkan_cli.messages import t

EXIT_INTERRUPTED = 130


class _State:
    running = False  # a command is under way: raise KeyboardInterrupt for it to handle
    settled = False  # the command's commit landed: what is left only reports it
    deferred = 0  # depth of `deferred()` blocks: hold the interrupt back
    pending = False  # an interrupt came while held back
    seen = False  # an interrupt came at all (held back, dropped or raised)


_state = _State()


def _say_interrupted() -> None:
    with contextlib.suppress(OSError):  # stderr closed: exit all the same
        os.write(2, (t("cli.interrupted") + "\n").encode("utf-8"))


def _handler(signum: int, frame: FrameType | None) -> None:
    _state.seen = True
    if _state.settled:
        return
    if _state.deferred:
        _state.pending = True
        return
    if _state.running:
        raise KeyboardInterrupt
    _say_interrupted()
    os._exit(EXIT_INTERRUPTED)


_python_unraisable = sys.unraisablehook


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    # A KeyboardInterrupt raised where Python cannot pass it on (the weakref callback of an
    # import lock, a __del__) is dropped by Python with 「Exception ignored … Traceback」
    # on stderr, and the command goes on to its own outcome. That outcome is what the
    # clerk must read, not a traceback: drop it quietly, as Python does.
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        return
    _python_unraisable(unraisable)


def came_unsettled() -> bool:
    """Did an interrupt come while the command's outcome was still open? Then an error that
    follows is its echo: pydantic, building a validator in Rust, reports a KeyboardInterrupt
    as a SchemaError, and such a run was interrupted, not broken."""
    return _state.seen and not _state.settled


def install() -> None:
    """Take over SIGINT, even when the caller started us with it ignored: from here on
    an interrupt always ends in a known state. (Before this line, Python's own start-up
    can only be shielded by starting yakkan with SIGINT ignored, which the tests do.)"""
    signal.signal(signal.SIGINT, _handler)
    sys.unraisablehook = _unraisable


def running() -> None:
    """From now on an interrupt is a KeyboardInterrupt for the command to handle."""
    _state.running = True


def decided() -> None:
    """The command's outcome is decided: ignore Ctrl-C for the rest of the process.

    (Python's shutdown would otherwise put the default action back, and a late Ctrl-C
    would kill a process that has already reported its result.)
    """
    if signal.getsignal(signal.SIGINT) is _handler:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def settle() -> None:
    """The command's change is committed: from now on Ctrl-C changes nothing, so the
    command ends with the success it reports rather than exit 130."""
    _state.settled = True


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C back until the block is over: it either completes or fails on its own.

    An interrupt that came meanwhile is dropped: the block's outcome (a landed commit, or
    the error that stopped it) is what the command reports.
    """
    _state.deferred += 1
    try:
        yield
    finally:
        _state.deferred -= 1
        if not _state.deferred:
            _state.pending = False


@contextlib.contextmanager
def nested_command() -> Iterator[None]:
    """Run another command inside this one (the steps of `yakkan demo`): it starts as a
    fresh process would (running, nothing settled) and afterwards this command's own
    state and SIGINT handler are as they were (the inner `decided()` ignores SIGINT).

    A Ctrl-C the inner command held back or dropped (it came while its commit landed)
    still stops the outer one: KeyboardInterrupt once the inner command is over.
    """
    saved = (_state.running, _state.settled, _state.deferred, _state.pending, _state.seen)
    handler = signal.getsignal(signal.SIGINT)
    _state.running, _state.settled, _state.deferred, _state.pending = True, False, 0, False
    _state.seen = False
    try:
        yield
    finally:
        seen = _state.seen
        _state.running, _state.settled, _state.deferred, _state.pending, _state.seen = saved
        signal.signal(signal.SIGINT, handler)
    if seen:
        raise KeyboardInterrupt
