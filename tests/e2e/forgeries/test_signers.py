"""A7 (issue 19.3): one key line, one person. An `allowed_signers` line naming two people, a
wildcard, a certificate authority, or one key listed for two people lets one person sign as
another: the commit that writes it is a finding, and `validate` and `doctor` refuse it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.forgeries.found import NotFound, report
from tests.village import Village, keygen, public_key

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
SIGNERS = ".yakkan/allowed_signers"


def config_found(village: Village, args: tuple[str, ...], commit: str, rule: str, path: str) -> str:
    """`yakkan ARGS` exits 1 naming `commit`, `rule` and the file `path`; the message."""
    data = report(village, *args)
    hits = [
        f
        for f in data["findings"]
        if f["commit"] == commit and f["rule"] == rule and f["path"] == path
    ]
    if data["ok"] or not hits:
        raise NotFound(f"yakkan {' '.join(args)}: no {rule} at {commit[:10]}: {data['findings']}")
    return str(hits[0]["message"])


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, str]:
    return {name: public_key(keygen(tmp_path / "keys", name)) for name in ("sato", "yamada")}


def _signed(year: Village, keys: dict[str, str]) -> None:
    year.edit("yakkan.yaml", "policy:\n", "policy:\n  signed_approvals: true\n")
    (year.path / ".yakkan").mkdir()
    (year.path / SIGNERS).write_text(f"sato@example.jp {keys['sato']}\n", "utf-8")
    year.hand_commit("sato", "署名付きの操作にする")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("yamada@example.jp,sato@example.jp {yamada}", "複数の人"),
        ('"yamada@example.jp,sato@example.jp" namespaces="git" {yamada}', "複数の人"),
        ("*@example.jp {yamada}", "ワイルドカード"),
        ("yamada@example.jp cert-authority {yamada}", "cert-authority"),
        ("yamada@example.jp {sato}", "同じ公開鍵"),
    ],
)
def test_a_key_line_for_more_than_one_person(
    year: Village, keys: dict[str, str], line: str, words: str
) -> None:
    _signed(year, keys)
    base = year.head()
    year.git("switch", "-q", "-c", "keys")
    signers = year.path / SIGNERS
    signers.write_text(signers.read_text("utf-8") + line.format(**keys) + "\n", "utf-8")
    bad = year.hand_commit("sato", "山田の署名鍵を登録")
    message = config_found(year, ("verify", f"{base}..HEAD"), bad, "A7", SIGNERS)
    assert words in message and f"{SIGNERS}:2:" in message
    year.merge("keys")
    assert words in config_found(year, ("audit",), bad, "A7", SIGNERS)
    # The work tree as it is: validate and doctor refuse the file too, naming the line.
    validate = year.yakkan("validate")
    assert validate.code == 1 and f"{SIGNERS}:2:" in validate.output and words in validate.output
    doctor = year.yakkan("doctor", "--json")
    checks = {c["check"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert doctor.code == 1 and checks["signers"]["ok"] is False
    assert words in checks["signers"]["message"]


def test_one_line_per_person_is_clean(year: Village, keys: dict[str, str]) -> None:
    _signed(year, keys)
    base = year.head()
    signers = year.path / SIGNERS
    signers.write_text(
        f'sato@example.jp valid-after="20260101" {keys["sato"]}\n'
        f'# 山田さん\nyamada@example.jp namespaces="git" {keys["yamada"]}\n',
        "utf-8",
    )
    year.hand_commit("sato", "山田の署名鍵を登録")
    assert report(year, "verify", f"{base}..HEAD")["findings"] == []
    assert report(year, "audit")["findings"] == []
    assert year.yakkan("validate").code == 0
    checks = {c["check"]: c for c in json.loads(year.yakkan("doctor", "--json").stdout)["checks"]}
    assert checks["signers"]["ok"] is True
