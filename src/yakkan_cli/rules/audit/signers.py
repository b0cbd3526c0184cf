"""A7: one key line, one person (issue 19.3).

`.yakkan/allowed_signers` says which SSH key proves which person. ssh-keygen reads a line's
first field as a comma-separated list of patterns, so a line `sato@…,yamada@…` lets one key
sign as either, a `*` lets it sign as anyone, and `cert-authority` lets every key the CA
signs vouch for whatever principal the CA wrote. The same key on two lines for two people
is the same hole spelled differently. Each of those is refused wherever the file is read:
`validate`, `doctor`, and the audit at the commit that wrote it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import Finding

RULE_SIGNERS = "A7"
ALLOWED_SIGNERS = ".yakkan/allowed_signers"

# The key types ssh-keygen accepts in allowed_signers (the field after the options).
_KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ssh-dss",
    "ecdsa-sha2-",
    "sk-ssh-ed25519",
    "sk-ecdsa-sha2-",
)
_WILDCARDS = frozenset("*?!")


@dataclass(frozen=True)
class SignerProblem:
    line: int  # 1-based
    message: str


def _fields(line: str) -> list[str]:
    """Whitespace-separated fields, a double-quoted stretch kept whole (options may quote)."""
    out: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch.isspace() and not quoted:
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


def _is_key_type(field: str) -> bool:
    return any(field == k or (k.endswith("-") and field.startswith(k)) for k in _KEY_TYPES)


def signer_problems(text: str) -> list[SignerProblem]:
    """What makes `.yakkan/allowed_signers` (its text) name anything but one person per key."""
    problems: list[SignerProblem] = []
    owners: dict[str, tuple[str, int]] = {}  # key → (principal, first line)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = _fields(line)
        principals = fields[0].strip('"')
        names = [p for p in principals.split(",") if p]
        if len(names) != 1:
            problems.append(SignerProblem(number, t("audit.signers_many", principals=principals)))
        elif any(ch in _WILDCARDS for ch in names[0]):
            problems.append(SignerProblem(number, t("audit.signers_wildcard", principal=names[0])))
        rest = fields[1:]
        at = next((i for i, f in enumerate(rest) if _is_key_type(f)), None)
        options = rest if at is None else rest[:at]
        names_of_options = {o.split("=", 1)[0].casefold() for f in options for o in f.split(",")}
        if "cert-authority" in names_of_options:
            problems.append(SignerProblem(number, t("audit.signers_authority")))
        if at is None or at + 1 >= len(rest):
            continue  # ssh-keygen refuses such a line itself: it vouches for nobody
        key = rest[at + 1]
        principal = names[0].casefold() if len(names) == 1 else principals.casefold()
        if key in owners and owners[key][0] != principal:
            problems.append(
                SignerProblem(
                    number,
                    t("audit.signers_shared", other=owners[key][0], line=owners[key][1]),
                )
            )
        owners.setdefault(key, (principal, number))
    return problems


def signers_findings(commit: str, path: str, text: str) -> list[Finding]:
    """The problems of an allowed_signers file a commit wrote, as findings of that commit."""
    return [
        Finding(
            commit,
            path,
            None,
            RULE_SIGNERS,
            t("audit.signers_file", path=path, line=p.line, message=p.message),
        )
        for p in signer_problems(text)
    ]


_VALID_BEFORE = re.compile(r'valid-before="?(\d{8})', re.IGNORECASE)


def fingerprint(key: str) -> str | None:
    """ssh-keygen's `SHA256:…` fingerprint (git's %GK) of a base64 public key field."""
    try:
        blob = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        return None
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def key_valid_before(text: str, key: str) -> date | None:
    """The day from which the key with fingerprint `key` signs for nobody in this
    allowed_signers text (issue 19.2: judged at the commit's arrival, not only at the date
    the signer gave it); None when a line lists it without an end."""
    until: date | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = _fields(line)[1:]
        at = next((i for i, f in enumerate(fields) if _is_key_type(f)), None)
        if at is None or at + 1 >= len(fields) or fingerprint(fields[at + 1]) != key:
            continue
        found = _VALID_BEFORE.search(" ".join(fields[:at]))
        if found is None:
            return None
        try:
            day = date(int(found[1][:4]), int(found[1][4:6]), int(found[1][6:8]))
        except ValueError:
            continue
        until = day if until is None or day > until else until
    return until
