"""A1: yakkan.yaml removed (or made invalid) for a while, something forged meanwhile, then
restored; and a record made invalid for one commit so the next commit's forgery is not
compared with anything. Nothing may ever be skipped: the last valid config and version
are used, and the gap itself is a finding."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found, verify_finds
from tests.village import Village

BOX = RECORD.format("somu-box")
APPROVAL = (
    "approval:\n  approved_by: yamada\n  approved_on: '2026-08-01'\n  procedure_version: '1.0'\n"
)


def self_approval(village: Village) -> str:
    """yamada, the applicant and no manager, approves his own application by hand."""
    village.edit(BOX, "state: applied", "state: approved")
    village.append(BOX, APPROVAL)
    return village.hand_commit("yamada", "承認", trailers="approve somu-box yamada")


def test_config_removed_then_restored(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.git("rm", "-q", "yakkan.yaml")
    gone = year.hand_commit("yamada", "設定を整理")
    bad = self_approval(year)
    year.git("checkout", base, "--", "yakkan.yaml")
    year.hand_commit("yamada", "設定を戻す")
    found(year, base, bad, "S3.1", "somu-box")
    found(year, base, gone, ("D3", "A1"), "yakkan.yaml")


def test_config_invalid_then_restored(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.edit("yakkan.yaml", "schema_version: 1", "schema_version: [")
    broken = year.hand_commit("yamada", "設定を編集中")
    bad = self_approval(year)
    year.git("checkout", base, "--", "yakkan.yaml")
    year.hand_commit("yamada", "設定を直す")
    found(year, base, bad, "S3.1", "somu-box")
    found(year, base, broken, ("D3", "A1"), "yakkan.yaml")


def test_record_invalid_for_one_commit(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.edit(BOX, "state: applied", "state: applied-")
    year.hand_commit("yamada", "編集中")
    year.edit(BOX, "state: applied-", "state: applied")
    bad = self_approval(year)
    found(year, base, bad, "S3.1", "somu-box")


def test_verify_from_a_base_whose_config_is_invalid(year: Village) -> None:
    """`verify` reads the config in force from BASE's own tree; when BASE's yakkan.yaml is
    invalid it walks the mainline for the last valid one, so a forgery in the pull
    request is still judged by every rule (not by none)."""
    good = year.head()
    year.edit("yakkan.yaml", "schema_version: 1", "schema_version: [")
    year.hand_commit("yamada", "設定を編集中")
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.git("checkout", good, "--", "yakkan.yaml")
    year.hand_commit("yamada", "設定を直す")
    bad = self_approval(year)
    verify_finds(year, base, bad, "S3.1", "somu-box")
