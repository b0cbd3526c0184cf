"""What is wrong with a YAML file and where: `YamlProblem`, its `source:line:column`, and
the first checks on the raw bytes (size cap, UTF-8)."""

from __future__ import annotations

import yaml

from yakkan_cli.errors import YakkanError

# Re-exported: where every reader of YAML problems found it (it needs no YAML itself).
from yakkan_cli.errors import visible as visible
from yakkan_cli.messages import t

MAX_BYTES = 1_048_576
"""Largest file accepted by `load_yaml`: a record is a few kilobytes."""

try:
    yaml.CSafeLoader  # noqa: B018 - probing for libyaml
    LIBYAML = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    LIBYAML = False


class YamlProblem(YakkanError):
    """A file that is not acceptable YAML for yakkan, with the place of the fault."""

    def __init__(self, source: str, line: int, column: int, description: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {description}")
        self.source = source
        self.line = line
        self.column = column
        self.description = description


def line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    offset = max(0, min(offset, len(data)))
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def yaml_problem(exc: yaml.YAMLError, source: str, text: str) -> YamlProblem:
    """PyYAML's error as ours, at the place it names."""
    if isinstance(exc, yaml.reader.ReaderError):
        data = text.encode("utf-8", "replace")
        # libyaml counts bytes of the UTF-8 text, PyYAML characters
        offset = exc.position if LIBYAML else len(text[: exc.position].encode("utf-8", "replace"))
        line, column = line_column(data, offset)
        description = t("store.bad_character", problem=exc.reason, code=f"{exc.character:#x}")
        return YamlProblem(source, line, column, description)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if exc.context == "expected a single document in the stream":
            return YamlProblem(source, line, column, t("store.many_documents"))
        problem = exc.problem or exc.context or type(exc).__name__
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        return YamlProblem(source, line, column, t("store.syntax", problem=problem))
    return YamlProblem(source, 1, 1, t("store.syntax", problem=str(exc)))  # pragma: no cover


def decode(text: str | bytes, source: str, max_bytes: int = MAX_BYTES) -> str:
    """The text of a file, refused when it is over `max_bytes` or not UTF-8."""
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate
            before = text[: exc.start].encode("utf-8", "replace")
            line, column = line_column(before, len(before))
            raise YamlProblem(source, line, column, t("store.not_utf8")) from None
    else:
        data = text
    if len(data) > max_bytes:
        raise YamlProblem(source, 1, 1, t("store.too_large", size=len(data), limit=max_bytes))
    if isinstance(text, str):
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_column(data, exc.start)
        raise YamlProblem(source, line, column, t("store.not_utf8")) from None
