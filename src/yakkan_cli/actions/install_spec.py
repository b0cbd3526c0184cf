"""Where a records repository's CI gets yakkan from (issue 10): one pip requirement, pinned.

The generated workflows and the pre-commit hooks install yakkan with the spec `init`
writes into them. A bare `yakkan==X.Y` from the public index would let whoever registers
that name there decide what runs in every village's CI, so the spec must name a source:
a VCS URL at a full commit, a wheel/sdist URL with its sha256, or an exact version from the
village's own index (given explicitly with `--install`). Without `--install`, `init` derives
the spec from how the running yakkan was installed (PEP 610's `direct_url.json`).
"""

from __future__ import annotations

import json
import re
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

NAME = "yakkan"
_COMMIT = re.compile(r"@[0-9a-f]{40}$")
_SHA256 = re.compile(r"#sha256=[0-9a-f]{64}$")
_REACHABLE = ("git+https://", "git+ssh://", "https://")


def check_spec(spec: str, index_url: str | None = None) -> str:
    """The spec as it will be written, or a clear refusal. It goes into YAML and shell lines:
    only a single-line pip requirement naming yakkan, with no quote of either kind. A bare
    version is taken only with the index it comes from (`index_url`, the village's own):
    on the public index whoever registers the name decides what runs."""
    text = spec.strip()
    if not text or any(c in text for c in "'\"`$\\\n\r\t") or len(text) > 500:
        raise YakkanError(t("install.bad_spec", spec=spec))
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        raise YakkanError(t("install.bad_spec_detail", spec=spec, reason=str(exc))) from None
    if requirement.name.lower() != NAME:
        raise YakkanError(t("install.not_yakkan", spec=spec))
    if requirement.url is not None and not requirement.url.startswith(_REACHABLE):
        # file://, a local path or plain http: not something every runner reaches, nor
        # something a reviewer can tell apart from another build.
        raise YakkanError(t("install.unreachable", spec=spec))
    if not is_pinned(text):
        raise YakkanError(t("install.not_pinned", spec=spec))
    if requirement.url is None and index_url is None:
        raise YakkanError(t("install.needs_index", spec=spec))
    return text


def check_index(url: str) -> str:
    """The index URL as it will be written into CI (an https URL, no quote, one line)."""
    text = url.strip()
    if (
        not text.startswith("https://")
        or any(c in text for c in "'\"`$\\\n\r\t ")
        or len(text) > 500
    ):
        raise YakkanError(t("install.bad_index", url=url))
    return text


def _exact_version(requirement: Requirement) -> bool:
    specifiers = list(requirement.specifier)
    return (
        len(specifiers) == 1
        and specifiers[0].operator in ("==", "===")
        and ("*" not in specifiers[0].version)
    )


def is_pinned(spec: str) -> bool:
    """Does the spec name one exact build: a commit, a hashed archive, or one version?"""
    try:
        requirement = Requirement(spec)
    except InvalidRequirement:
        return False
    if requirement.url is None:
        return _exact_version(requirement)
    url = requirement.url
    if url.startswith("git+"):
        return bool(_COMMIT.search(url))
    return bool(_SHA256.search(url))


def spec_from_direct_url(raw: str | None, version: str) -> str:
    """The spec for the yakkan described by `direct_url.json` (None: installed from an index)."""
    if raw is None:
        raise YakkanError(t("install.from_index", version=version))
    try:
        data = json.loads(raw)
        url = str(data["url"])
    except (ValueError, KeyError, TypeError):
        raise YakkanError(t("install.from_index", version=version)) from None
    vcs = data.get("vcs_info")
    if (
        isinstance(vcs, dict)
        and vcs.get("vcs") == "git"
        and vcs.get("commit_id")
        and url.startswith(("https://", "ssh://"))  # a clone CI can reach, not a local path
    ):
        return f"{NAME} @ git+{url}@{vcs['commit_id']}"
    archive = data.get("archive_info")
    if isinstance(archive, dict) and url.startswith("https://"):
        hashes = archive.get("hashes") or {}
        digest = hashes.get("sha256") if isinstance(hashes, dict) else None
        if not digest and isinstance(archive.get("hash"), str):
            algorithm, _, value = archive["hash"].partition("=")
            digest = value if algorithm == "sha256" else None
        if digest:
            return f"{NAME} @ {url}#sha256={digest}"
    raise YakkanError(t("install.not_installable", url=url))


def running_spec() -> str:
    """The spec of the yakkan that runs this command, or a refusal saying how to give one."""
    try:
        distribution = metadata.distribution(NAME)
    except metadata.PackageNotFoundError:
        raise YakkanError(t("install.from_index", version="?")) from None
    return spec_from_direct_url(distribution.read_text("direct_url.json"), distribution.version)
