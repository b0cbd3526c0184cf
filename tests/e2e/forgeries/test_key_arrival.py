"""S5.3 (issue 19.2): a key is judged at the commit's arrival. git checks a signature's key
against `valid-before` at the commit's own date, which the signer sets: a key revoked in a
rotation, back-dated into its old window, would sign again. The day the commit reached the
mainline (before the merge: the day it is verified) must be inside the window too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found_then_merged
from tests.village import Village, keygen, public_key

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
BACK = "2026-06-15"


def test_a_revoked_key_signs_a_backdated_approval(year: Village, tmp_path: Path) -> None:
    old, new = keygen(tmp_path / "keys", "sato-old"), keygen(tmp_path / "keys", "sato-new")
    year.edit("yakkan.yaml", "policy:\n", "policy:\n  signed_approvals: true\n")
    (year.path / ".yakkan").mkdir()
    signers = year.path / ".yakkan/allowed_signers"
    signers.write_text(
        f'sato@example.jp valid-before="20260701" {public_key(old)}\n'
        f'sato@example.jp valid-after="20260701" {public_key(new)}\n',
        "utf-8",
    )
    year.hand_commit("sato", "署名付きの操作にし、佐藤の鍵を 7 月 1 日に更新する")
    # The old key, kept by someone, signs an approval dated inside its old window.
    year.git("switch", "-q", "-c", "pr")
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, f"approval:\n  approved_by: sato\n  approved_on: '{BACK}'\n")
    year.git("add", "-A")
    message = "approve(somu-box): 承認\n\nYakkan-Action: approve\nYakkan-Service: somu-box\n"
    year.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={old}", "commit", "-q", "-S", "-m",
        message + "Yakkan-Actor: sato\n", as_="sato", when=f"{BACK}T10:00:00+09:00",
    )  # fmt: skip
    assert "G" in year.git(
        "-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "-1", "--format=%G?"
    )  # git itself vouches for it, at the date the signer chose
    found_then_merged(year, "pr", year.head(), "S5.3", "somu-box")
