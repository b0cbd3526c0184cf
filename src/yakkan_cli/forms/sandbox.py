"""The Jinja2 environment the forms' templates run in: a sandbox.

A template may come from a records repository, that is from any pull request that touches
`templates/`, and is rendered on the machine of whoever prints a form, the reviewer
included. So it runs in Jinja's ImmutableSandboxedEnvironment: it may read the values it is
given and call the filters, and nothing else (no attribute starting with `_`, so no
`__globals__`, `__subclasses__` or `__init__`; no changing lists or mappings; ranges
capped), and it reads no file outside its folder.

The sandbox stops a template from running code; it does not stop one from exhausting the
machine (`{{ 'x' * 10**12 }}`, `{{ 9 ** 9 ** 9 }}`, a string doubled line after line, three
nested loops of a hundred thousand). So a render is also confined (`confined()`): repeating
and powers are bounded where they are written, the process may grow by at most
`MEMORY_HEADROOM` bytes while the template runs (Linux and macOS, through RLIMIT_AS), and a
render that takes longer than `TIME_LIMIT` seconds is stopped (SIGALRM, main thread). A form
renders in milliseconds with a few megabytes; these bounds are far above that and far below
what would freeze a reviewer's machine.
"""

from __future__ import annotations

import contextlib
import operator
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
import jinja2.sandbox

MAX_REPEAT = 10_000_000  # items of a repeated string or list, `'x' * n`
MAX_POWER = 10_000  # exponent of `a ** b`
MEMORY_HEADROOM = 1 << 30  # bytes the process may grow by while a template runs
TIME_LIMIT = 20  # seconds a render may take


class TemplateTooCostly(jinja2.exceptions.SecurityError):
    """A template asked for more memory or time than any form needs."""


def _sized(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


class _ConfinedSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    # Intercepted operators are not folded at compile time either (jinja2.nodes.BinExpr).
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            if isinstance(right, int) and abs(right) > MAX_POWER:
                raise TemplateTooCostly(f"** {right}")
            return operator.pow(left, right)
        times = right if isinstance(left, (str, bytes, list, tuple)) else left
        if isinstance(times, int) and times * max(_sized(left), _sized(right)) > MAX_REPEAT:
            raise TemplateTooCostly(f"* {times}")
        return operator.mul(left, right)


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads nothing outside its folder.

    Jinja already refuses `..` in a template name; a symbolic link committed into a
    repository's `templates/` (to `~/.ssh/id_ed25519`, say) would still be followed and
    printed into the form. Such a template is treated as not there.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def sandboxed_environment(dirs: Sequence[Path]) -> jinja2.Environment:
    """Templates looked up in `dirs` in turn, rendered sandboxed with StrictUndefined;
    HTML templates (*.html.j2) autoescaped."""
    return _ConfinedSandbox(
        loader=jinja2.ChoiceLoader([_ConfinedLoader(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "html"), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the other bounds still hold
        yield
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        pages = int(Path("/proc/self/statm").read_bytes().split()[0])
        in_use = pages * resource.getpagesize()
    except (OSError, ValueError):  # no /proc (macOS): leave the limit as it is
        yield
        return
    cap = in_use + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already tighter than ours
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TemplateTooCostly(f"{TIME_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def confined() -> Iterator[None]:
    """Run a template render within the memory and time bounds above.

    A MemoryError raised inside is turned into TemplateTooCostly once the limit is lifted,
    so that the caller reports it as the template's fault, with the room to do so."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(_time_limit())
        stack.enter_context(_memory_limit())
        try:
            yield
        except MemoryError as exhausted:
            stack.close()
            # Keep the template's frames: the message names the line that asked for it.
            too_much = TemplateTooCostly(f"> {MEMORY_HEADROOM >> 20} MiB")
            raise too_much.with_traceback(exhausted.__traceback__) from None
