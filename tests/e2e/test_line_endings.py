"""Records and attachments stay byte-exact whatever a clone's line-ending settings
(issue 9 item 9): a clone with core.autocrlf=true, Windows' default, raises no alarm."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.test_init import SPEC
from tests.village import CONFIG, Village, clean_env, make_village

TEXT_TERMS = b"Terms of service\nline two\nline three\n"


def _clone(village: Village, target: Path) -> Village:
    subprocess.run(
        ["git", "clone", "-q", "-c", "core.autocrlf=true", str(village.path), str(target)],
        env=clean_env(),
        check=True,
        capture_output=True,
    )
    return Village(target, village.files)


def _apply_with_text_attachment(village: Village) -> None:
    terms = village.files / "terms.txt"
    terms.write_bytes(TEXT_TERMS)
    village.ok(
        "apply", "--from", str(village.application_file()),
        "--attach", f"signup={village.files / 'signup.png'}",
        "--attach", f"terms={terms}", "--date", "2026-03-20",
    )  # fmt: skip


def test_init_writes_gitattributes(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    fresh = tmp_path / "fresh"
    village_result = Village(tmp_path, village.files).ok("init", str(fresh), "--install", SPEC)
    assert "Traceback" not in village_result.output
    lines = (fresh / ".gitattributes").read_text("utf-8").splitlines()
    assert "attachments/** -text" in lines
    assert "*.yaml text eol=lf" in lines
    assert "records/** text eol=lf" in lines
    tracked = subprocess.run(
        ["git", "ls-files", ".gitattributes"], cwd=fresh, capture_output=True, text=True
    ).stdout
    assert tracked.strip() == ".gitattributes"


def test_autocrlf_clone_of_an_initialised_village_is_byte_exact(tmp_path: Path) -> None:
    base = make_village(tmp_path)
    origin = tmp_path / "origin"
    Village(tmp_path, base.files).ok("init", str(origin), "--install", SPEC)
    village = Village(origin, base.files)
    (origin / "yakkan.yaml").write_text(CONFIG, encoding="utf-8")
    village.git("commit", "-q", "-am", "our people")
    _apply_with_text_attachment(village)

    clone = _clone(village, tmp_path / "clone")
    attachment = clone.path / "attachments" / "somu-drive" / "terms.txt"
    assert attachment.read_bytes() == TEXT_TERMS
    assert b"\r" not in (clone.path / "records" / "somu" / "somu-drive.yaml").read_bytes()
    clone.ok("validate")
    clone.ok("fmt", "--check")


def test_autocrlf_clone_without_gitattributes_reads_through_git(village: Village) -> None:
    # A village made before `init` wrote .gitattributes: git converts the text files of
    # the clone to CRLF. validate and fmt read what git holds, so no false alarm.
    _apply_with_text_attachment(village)
    clone = _clone(village, village.path.parent / "clone")
    attachment = clone.path / "attachments" / "somu-drive" / "terms.txt"
    assert b"\r\n" in attachment.read_bytes()  # the premise: git did convert it
    validated = clone.yakkan("validate")
    assert validated.code == 0, validated.output
    checked = clone.yakkan("fmt", "--check")
    assert checked.code == 0, checked.output
    assert clone.status() == ""

    # A real change is still caught.
    attachment.write_bytes(b"swapped terms\r\n")
    assert clone.yakkan("validate").code == 1
