"""Test-only: a Ctrl-C that lands inside a model's validation, as pydantic answers it.

Put on the PYTHONPATH of one `yakkan` process by tests/e2e/test_interrupt.py, never
installed. With `YAKKAN_TEST_INTERRUPT_VALIDATION=Model:N`, the N-th validation of
`Model` made while the command runs sends the process SIGINT from inside the validation:
yakkan's own handler raises KeyboardInterrupt there. pydantic-core, when the interrupt
lands in its Rust code, does not pass it on: it comes back as a ValidationError of a
sound value (seen: "String should match pattern" for a person id, the pattern itself
unprintable). Where exactly it lands cannot be chosen from outside, so the hook gives
back that answer itself, after the real signal went through yakkan's real handler.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import pydantic
from pydantic_core import ValidationError

_WANTED = os.environ.get("YAKKAN_TEST_INTERRUPT_VALIDATION", "")
_MODEL, _, _NTH = _WANTED.partition(":")
_seen = 0
_validate = pydantic.BaseModel.model_validate.__func__  # type: ignore[attr-defined]


def _as_pydantic_answers(model: str) -> ValidationError:
    return ValidationError.from_exception_data(
        model,
        [
            {
                "type": "string_pattern_mismatch",
                "loc": ("approval", "approved_by"),
                "input": "takahashi",
                "ctx": {"pattern": "^[a-z][a-z0-9_.-]*$"},
            }
        ],
    )


def _model_validate(cls: type[pydantic.BaseModel], obj: Any, *args: Any, **kwargs: Any) -> Any:
    global _seen
    from yakkan_cli import interrupts

    if cls.__name__ == _MODEL and interrupts._state.running:
        _seen += 1
        if _seen == int(_NTH):
            print("interrupt-hook: SIGINT inside the validation", file=sys.stderr, flush=True)
            try:
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(1000):  # the handler runs at the next bytecode boundary
                    pass
            except KeyboardInterrupt:
                raise _as_pydantic_answers(cls.__name__) from None
            raise AssertionError("interrupt-hook: yakkan's handler raised nothing")
    return _validate(cls, obj, *args, **kwargs)


if _MODEL:
    pydantic.BaseModel.model_validate = classmethod(_model_validate)  # type: ignore[assignment]
