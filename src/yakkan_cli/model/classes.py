"""The information classes of each scale, standard library only: the record's schema
validates against them, and a read answered from the record cache (cli/fast.py) reads them
without importing pydantic."""

from __future__ import annotations

from yakkan_cli.model.enums import Scheme

InfoClass = int | str
"""An information item's class: 1–4 on 重要性分類 (1 = Ⅰ, the most important), or one of
3A 3B 3C 2 1 on 自治体機密性 (3A the most confidential; written `3A`, `2`, `1` in YAML).
Which values a record may hold is decided by the record's scheme (Record._classes)."""

JUYOSEI_CLASSES: tuple[InfoClass, ...] = (1, 2, 3, 4)
"""重要性分類 Ⅰ–Ⅳ, the most important first."""
JICHITAI_CLASSES: tuple[InfoClass, ...] = ("3A", "3B", "3C", 2, 1)
"""自治体機密性 3A…1, the most confidential first."""
JICHITAI_LETTERED = frozenset(c for c in JICHITAI_CLASSES if isinstance(c, str))


def classes_of(scheme: Scheme) -> tuple[InfoClass, ...]:
    """The classes an item may hold on `scheme`, the highest first."""
    return JICHITAI_CLASSES if scheme is Scheme.JICHITAI else JUYOSEI_CLASSES
