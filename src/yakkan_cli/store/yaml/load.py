"""`load_yaml`: a file's bytes to plain data, fast when the file is sound, careful when not."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from yakkan_cli.store.yaml.errors import MAX_BYTES, decode
from yakkan_cli.store.yaml.fast import read_fast
from yakkan_cli.store.yaml.nodes import read_nodes


@contextmanager
def collector_paused() -> Iterator[None]:
    """Holds back Python's cycle collector while one file is read and validated.

    Reading a record allocates a few thousand objects and none of them form cycles, but the
    collector runs every 700 allocations and, every so often, walks every object the
    process holds: with the records already read kept for the command, reading and
    validating 1,000 records took twice as long as with it paused. Paused per file, it
    runs between files as usual, so whatever a file left behind is still collected.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_yaml(text: str | bytes, source: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """The data of a one-document YAML file whose top level is a mapping.

    Raises YamlProblem (a YakkanError) for anything else, with `source:line:column`.
    """
    decoded = decode(text, source, max_bytes)
    with collector_paused():
        data = read_fast(decoded)
        return data if data is not None else read_nodes(decoded, source)
