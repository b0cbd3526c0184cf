"""policy.signed_approvals: approvals are SSH-signed commits by a key in
.yakkan/allowed_signers, as the base of the range has it. Keys are made here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.village import Village

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


def keygen(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def public(key: Path) -> str:
    return " ".join(key.with_suffix(".pub").read_text().split()[:2])


@pytest.fixture
def signed(village: Village, tmp_path: Path) -> tuple[Village, Path]:
    keys = tmp_path / "keys"
    keys.mkdir()
    sato, stray = keygen(keys, "sato"), keygen(keys, "stray")
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("policy:\n", "policy:\n  signed_approvals: true\n"),
        "utf-8",
    )
    (village.path / ".yakkan").mkdir()
    (village.path / ".yakkan/allowed_signers").write_text(
        f"sato@example.jp {public(sato)}\n", "utf-8"
    )
    village.git("config", "gpg.format", "ssh")
    village.git("config", "user.signingkey", str(sato))
    village.git("add", "-A")
    village.git("commit", "-q", "-m", "署名付き承認にする", as_="sato")
    return village, stray


def findings(village: Village, *args: str) -> list[dict[str, str]]:
    result = village.yakkan(*args, "--json")
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert result.code == (1 if report["findings"] else 0)
    return list(report["findings"])


def test_signed_approval_passes(signed: tuple[Village, Path]) -> None:
    village, _ = signed
    base = village.head()
    village.approved()
    allowed = village.path / ".yakkan/allowed_signers"
    signature = village.git(
        "-c", f"gpg.ssh.allowedSignersFile={allowed}", "log", "-1", "--format=%G?"
    )
    assert signature.strip() == "G"
    assert findings(village, "audit") == []
    assert findings(village, "verify", f"{base}..HEAD") == []


def test_unsigned_approval_is_found(signed: tuple[Village, Path]) -> None:
    village, _ = signed
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    base = village.head()
    path = village.path / "records/somu/somu-drive.yaml"
    text = path.read_text("utf-8").replace("state: applied", "state: approved")
    path.write_text(text + "approval:\n  approved_by: sato\n  approved_on: '2026-04-01'\n", "utf-8")
    village.clock = "2026-04-01T10:00:00+09:00"  # committed on the day it claims (A6)
    village.git(
        "commit",
        "-q",
        "-am",
        "approve(somu-drive): 承認\n\nYakkan-Action: approve\n"
        "Yakkan-Service: somu-drive\nYakkan-Actor: sato\n",
        as_="sato",
    )
    bad = village.head()
    for args in (("audit",), ("verify", f"{base}..HEAD")):
        found = findings(village, *args)
        assert [(f["commit"], f["rule"]) for f in found] == [(bad, "S5.3")]
        assert "署名がありません" in found[0]["message"]


def test_approval_signed_by_an_unknown_key_is_found(signed: tuple[Village, Path]) -> None:
    village, stray = signed
    village.git("switch", "-q", "-c", "apply/somu-drive")
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    # The branch vouches for its own key: verify reads allowed_signers from the base.
    signers = village.path / ".yakkan/allowed_signers"
    signers.write_text(signers.read_text("utf-8") + f"sato@example.jp {public(stray)}\n", "utf-8")
    village.git("commit", "-q", "-am", "鍵を追加", as_="sato")
    village.git("config", "user.signingkey", str(stray))
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    approve = village.head()
    found = findings(village, "verify", "main..HEAD")
    # The branch changed .yakkan/ and acted on a record: a finding of its own (A1).
    assert {f["rule"] for f in found if f["rule"] != "S5.3"} == {"A1"}
    found = [f for f in found if f["rule"] != "A1"]
    assert [(f["commit"], f["rule"]) for f in found] == [(approve, "S5.3")]
    assert "allowed_signers" in found[0]["message"]
