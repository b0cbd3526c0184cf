"""The layout of a records repository (DESIGN §2) and loading/saving its files."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Attachment, AttachmentKind, Config, Record
from yakkan_cli.model.base import is_service_id
from yakkan_cli.model.record.attachments import ATTACHMENTS_FOLDER, attachment_path_problem
from yakkan_cli.rules.consistency import record_problems
from yakkan_cli.rules.summary import AttachmentRef, RecordSummary, attachment_refs, summarize
from yakkan_cli.store.cache import RecordCache, Stamp, content_digest, stamp_of
from yakkan_cli.store.files import fault, faults_named, sha256_of

# Re-exported: the layout's names, as every caller spelled them before store.listing.
from yakkan_cli.store.listing import RECORDS_DIR as RECORDS_DIR
from yakkan_cli.store.listing import Summarized as Summarized
from yakkan_cli.store.listing import attachment_ref_problems, department_dirs, record_names
from yakkan_cli.store.yaml import (
    MAX_BYTES,
    dump_yaml,
    parse_model,
    problem_messages,
    visible,
)

CONFIG_FILE = "yakkan.yaml"
ATTACHMENTS_DIR = ATTACHMENTS_FOLDER  # one spelling of the folder, the model's (A8)
TEMPLATES_DIR = "templates"
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def require_service_id(service_id: str) -> None:
    """Refuse, before any file is looked at, what is not a service id."""
    if not is_service_id(service_id):
        raise YakkanError(t("store.bad_id", id=visible(service_id)))


def _prune(value: Any) -> Any:
    """Drop empty values so a record holds only what was said, in the model's key order."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def record_document(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = _prune(record.model_dump(mode="json", by_alias=True))
    return data


def dump_record(record: Record) -> str:
    return dump_yaml(record_document(record))


@dataclass(frozen=True)
class LoadedRecord:
    record: Record
    path: Path  # absolute
    rel: str  # relative to the repository root, POSIX separators


@dataclass(frozen=True)
class RecordsRepo:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def records_dir(self) -> Path:
        return self.root / RECORDS_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_text(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise YakkanError(t("store.file_too_large", path=self.rel(path), limit=MAX_BYTES))
            return path.read_bytes()
        except FileNotFoundError:
            raise YakkanError(t("store.missing_file", path=self.rel(path))) from None
        except IsADirectoryError:
            raise YakkanError(t("store.not_a_file", path=self.rel(path))) from None
        except OSError as err:
            named = fault(err, self.rel(path))
            if named is None:
                raise
            raise named from err

    # --- yakkan.yaml -----------------------------------------------------------------------
    def load_config(self) -> Config:
        return self.read_config()[0]

    def read_config(self) -> tuple[Config, bytes]:
        """yakkan.yaml, and the very bytes it was read from (the record cache's key)."""
        if not self.config_path.is_file():
            raise YakkanError(t("store.no_config", path=self.config_path))
        source = CONFIG_FILE
        text = self.read_text(self.config_path)
        config = parse_model(Config, text, source)
        problems = config.problems()
        if problems:
            raise YakkanError(
                t("store.invalid", source=source),
                details=problem_messages(problems, text.decode("utf-8"), source),
            )
        return config, text

    # --- records ---------------------------------------------------------------------------
    def record_path(self, department: str, service_id: str) -> Path:
        require_service_id(service_id)
        return self.records_dir / department / f"{service_id}.yaml"

    def department_dirs(self) -> list[Path]:
        return department_dirs(self.root)

    def record_paths(self) -> list[Path]:
        """Every `records/<folder>/<name>.yaml`, listed folder by folder (no glob)."""
        return [folder / name for folder, name in self._record_names()]

    def _record_names(self) -> Iterator[tuple[Path, str]]:
        return record_names(self.root)

    def candidates(self, service_id: str) -> list[Path]:
        """The files that hold `service_id` (one in a sound repository), by exact name.

        The id is checked first and then only ever joined to a department folder: never a
        glob (`somu-o*` matched `somu-old`) and never a path of its own (`../x`).
        """
        require_service_id(service_id)
        return [
            path
            for path in (folder / f"{service_id}.yaml" for folder in self.department_dirs())
            if path.is_file()
        ]

    def find(self, service_id: str) -> Path:
        matches = self.candidates(service_id)
        if not matches:
            raise YakkanError(t("store.unknown_record", id=service_id))
        if len(matches) > 1:
            raise YakkanError(
                t("store.ambiguous_record", id=service_id),
                details=[self.rel(p) for p in matches],
            )
        return matches[0]

    def load_path(self, path: Path, config: Config) -> LoadedRecord:
        return self._parse(path, self.rel(path), self.read_text(path), config)

    def _parse(self, path: Path, rel: str, text: bytes, config: Config) -> LoadedRecord:
        # A file name comes from whoever committed the file; messages quote it with its
        # control characters written out. (Ids never hold any, so the comparisons of
        # `record_problems` come out the same.)
        source = visible(rel, limit=300)
        record = parse_model(Record, text, source)
        problems = record_problems(
            record, config, stem=visible(path.stem), folder=visible(path.parent.name)
        )
        if problems:
            raise YakkanError(
                t("store.invalid", source=source),
                details=problem_messages(problems, text.decode("utf-8"), source),
            )
        return LoadedRecord(record, path, rel)

    def load(self, service_id: str, config: Config) -> LoadedRecord:
        return self.load_path(self.find(service_id), config)

    def load_stamped(
        self, service_id: str, config: Config
    ) -> tuple[LoadedRecord, Stamp | None, bytes]:
        """`load`, with the file's stat data taken before it was read and the digest of the
        very bytes parsed: what store.cache.pages keeps a page under."""
        path = self.find(service_id)
        try:
            stamp: Stamp | None = stamp_of(path.stat())
        except OSError:
            stamp = None  # reading it says what is wrong
        text = self.read_text(path)
        return self._parse(path, self.rel(path), text, config), stamp, content_digest(text)

    def iter_records(self, config: Config) -> Iterator[LoadedRecord | YakkanError]:
        """Every record, or the error that stops it from loading, in path order."""
        for path in self.record_paths():
            try:
                yield self.load_path(path, config)
            except YakkanError as err:
                yield err

    def summaries(
        self,
        config: Config,
        cache: RecordCache | None = None,
        paths: Sequence[Path] | None = None,
    ) -> Iterator[Summarized | YakkanError]:
        """Every record (or those at `paths`) as its summary, or the error that stops it
        from loading, in order: what `iter_records` gives, reduced to rules.summary.

        With a cache, a file is read only when its stat data does not vouch for the entry
        kept of it, and parsed only when its content is not the one kept; what is parsed is
        kept for the next command. Without one, each record is parsed, summarized and let go,
        so memory stays flat in the number of records.
        """
        if paths is None:
            # Every one is records/<folder>/<name>: its paths made as strings, which costs
            # less than the rest of a warm `due` (relative_to, Path objects) for each record.
            root = str(self.root)
            for folder, name in self._record_names():
                rel = f"{RECORDS_DIR}/{folder.name}/{name}"
                yield self._summary(f"{root}/{rel}", rel, config, cache)
        else:
            for path in paths:
                yield self._summary(str(path), self.rel(path), config, cache)
        if cache is not None:
            cache.save(complete=paths is None)

    def _summary(
        self, where: str, rel: str, config: Config, cache: RecordCache | None
    ) -> Summarized | YakkanError:
        stamp = None
        if cache is not None:
            try:
                stamp = stamp_of(os.stat(where))  # noqa: PTH116 - a string: no Path to make
            except OSError:
                stamp = None  # reading it says what is wrong
            if stamp is not None and (kept := cache.by_stamp(rel, stamp)) is not None:
                return self._outcome(kept, rel)
        path = Path(where)
        try:
            text = self.read_text(path)
        except YakkanError as err:
            return err  # about the file, not its content: never kept
        keep = cache if stamp is not None else None
        digest = content_digest(text) if keep is not None else b""
        if (
            keep is not None
            and stamp is not None
            and (kept := keep.by_content(rel, stamp, digest)) is not None
        ):
            return self._outcome(kept, rel)
        result: RecordSummary | YakkanError
        try:
            result = summarize(self._parse(path, rel, text, config).record)
        except YakkanError as err:
            result = err
        if keep is not None and stamp is not None:
            keep.store(rel, stamp, digest, result)
        return self._outcome(result, rel)

    def _outcome(self, result: RecordSummary | YakkanError, rel: str) -> Summarized | YakkanError:
        return result if isinstance(result, YakkanError) else Summarized(result, self.root, rel)

    # --- attachments -----------------------------------------------------------------------
    def attachments_dir(self, service_id: str) -> Path:
        require_service_id(service_id)
        return self.root / ATTACHMENTS_DIR / service_id

    def plan_attachment(
        self,
        service_id: str,
        kind: AttachmentKind,
        source: Path,
        planned: Mapping[str, str | None],
        *,
        replace: Collection[str] = (),
    ) -> Attachment:
        """Where `source` goes under attachments/<id>/, never over a different file: one on
        disk, or one the same change already plans (`planned`: path → sha256), unless its
        path is one of `replace` (the pending form's own attachments, `yakkan attach`).
        The copy itself is made when the change is written (see `atomic_copy`)."""
        if not source.is_file():
            raise YakkanError(t("store.attachment_missing", path=source))
        with faults_named(source):
            if source.stat().st_size > MAX_ATTACHMENT_BYTES:
                raise YakkanError(
                    t("store.attachment_too_large", path=source, limit=MAX_ATTACHMENT_BYTES)
                )
            digest = sha256_of(source)
        folder = self.attachments_dir(service_id)
        # A8: a name the record could not hold (a control character, a backslash) is
        # refused here, before anything is planned.
        problem = attachment_path_problem(
            f"{ATTACHMENTS_DIR}/{service_id}/{source.name}", service_id
        )
        if problem:
            raise YakkanError(problem, details=[t("store.attachment_rename", path=source)])

        def content(target: Path) -> str | None:
            rel = self.rel(target)
            if rel in planned:
                return planned[rel]
            return sha256_of(target) if target.is_file() else None

        target = folder / source.name
        counter = 1
        while (
            (found := content(target)) is not None
            and found != digest
            and self.rel(target) not in replace
        ):
            counter += 1
            target = folder / f"{source.stem}-{counter}{source.suffix}"
        return Attachment(kind=kind, path=self.rel(target), sha256=digest)

    def attachment_problems(
        self, loaded: LoadedRecord, stored: Callable[[str], bytes | None] | None = None
    ) -> list[str]:
        """Attachments that are missing or whose content no longer matches its sha256.

        `stored` gives what git holds for a path the work tree has only converted (line
        endings of a core.autocrlf clone): that content is what the sha256 was taken of.
        """
        return self.attachment_ref_problems(loaded.rel, attachment_refs(loaded.record), stored)

    def attachment_ref_problems(
        self,
        rel: str,
        refs: Sequence[AttachmentRef],
        stored: Callable[[str], bytes | None] | None = None,
    ) -> list[str]:
        """`attachment_problems` of the record at `rel` that names `refs` (rules.summary)."""
        return attachment_ref_problems(self.root, rel, refs, stored)
