"""The folder `yakkan site -o DIR` writes: never over someone's files, never half-written.

A site is built whole in a sibling folder `.DIR.yakkan-new` and then put in place by two
renames (the old site aside as `.DIR.yakkan-old`, the new one in), so a crash leaves either
the old site or the new one whole. A folder is a previous site when it holds the manifest
`.yakkan-site.json` and no file the manifest does not list: only then is it replaced. An
empty folder may be used; any other is refused, naming a file that is not the site's.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.store.files import os_reason

MANIFEST = ".yakkan-site.json"
_GENERATOR = "yakkan site"


def _read_manifest(folder: Path) -> set[str] | None:
    """The files a site folder's manifest lists, or None when it is not a site's."""
    try:
        document = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("generator") != _GENERATOR:
        return None
    files = document.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return set(files)


def _foreign(folder: Path, listed: set[str]) -> str | None:
    """The first file or link under `folder` that a site with `listed` files did not write."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == MANIFEST or (path.is_dir() and not path.is_symlink()):
            continue
        if rel not in listed or path.is_symlink():
            return rel
    return None


def check_target(target: Path) -> None:
    """Refuse a DIR that is a file, a link, or a folder with files of its own."""
    if target.is_symlink():
        raise YakkanError(t("site.target_link", path=target))
    if target.exists() and not target.is_dir():
        raise YakkanError(t("site.target_file", path=target))
    if not target.is_dir() or not any(target.iterdir()):
        return
    listed = _read_manifest(target)
    if listed is None:
        first = sorted(p.name for p in target.iterdir())[0]
        raise YakkanError(t("site.target_not_site", path=target, file=first))
    foreign = _foreign(target, listed)
    if foreign is not None:
        raise YakkanError(t("site.target_foreign", path=target, file=foreign))


def _aside(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.yakkan-{what}")


def _recover(target: Path) -> None:
    """What a run killed between its two renames left: the old site goes back in place."""
    old, new = _aside(target, "old"), _aside(target, "new")
    if old.is_dir() and not old.is_symlink() and _read_manifest(old) is not None:
        if not target.exists():
            old.rename(target)
        elif _foreign(old, _read_manifest(old) or set()) is None:
            shutil.rmtree(old)
    if new.is_dir() and not new.is_symlink() and (new / MANIFEST).is_file():
        shutil.rmtree(new)


class SiteFolder:
    """Files of the site being built; `commit` puts them in place of DIR."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.root = _aside(target, "new")
        self.files: list[str] = []

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:  # "x": two pages can never share a path unnoticed
            handle.write(data)
        self.files.append(rel)

    def copy(self, rel: str, source: Path) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.files.append(rel)

    def _manifest(self, *, files: list[str]) -> bytes:
        document = {"generator": _GENERATOR, "files": sorted(files)}
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    def commit(self) -> None:
        (self.root / MANIFEST).write_bytes(self._manifest(files=self.files))
        target, old = self.target, _aside(self.target, "old")
        if target.exists():
            target.rename(old)
        try:
            self.root.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
        if old.exists():
            shutil.rmtree(old)


@contextmanager
def site_folder(target: Path) -> Iterator[SiteFolder]:
    """A new site for `target`, removed again unless the block finishes (then swapped in)."""
    # normpath, not resolve(): `..` is taken away, but a link named as DIR must be seen
    # (and refused), not followed.
    target = Path(os.path.normpath(target.absolute()))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        check_target(target)
        folder = SiteFolder(target)
        folder.root.mkdir()
        # The manifest first, listing nothing: a folder left by a killed run is then known
        # as ours and removed by the next run (see `_recover`).
        (folder.root / MANIFEST).write_bytes(folder._manifest(files=[]))
    except OSError as exc:
        raise YakkanError(
            t("site.cannot_write", path=exc.filename or target, reason=os_reason(exc))
        ) from None
    try:
        yield folder
        folder.commit()
    except OSError as exc:
        raise YakkanError(
            t("site.cannot_write", path=exc.filename or target, reason=os_reason(exc))
        ) from None
    finally:
        if folder.root.exists():
            shutil.rmtree(folder.root, ignore_errors=True)
