"""The former name of `yakkan_cli.store.yaml`, kept so that code written against it
(branches made before the package split) still imports; new code imports the package."""

from yakkan_cli.store.yaml import (
    MAX_BYTES,
    MAX_INT_DIGITS,
    VersionReader,
    YamlProblem,
    dump_yaml,
    field_messages,
    load_yaml,
    locate,
    parse_model,
    problem_messages,
    validation_messages,
    visible,
)

__all__ = [
    "MAX_BYTES",
    "MAX_INT_DIGITS",
    "VersionReader",
    "YamlProblem",
    "dump_yaml",
    "field_messages",
    "load_yaml",
    "locate",
    "parse_model",
    "problem_messages",
    "validation_messages",
    "visible",
]
