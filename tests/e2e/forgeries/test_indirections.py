"""A8 (issue 19.7): git as it is. `git replace` and a grafts file show every git reader
another history than the one stored; yakkan reads the objects as they are, so the forgery
underneath is still found, and the indirection itself is named by `audit`, `verify` and
`doctor`. A `.gitattributes` under records/ or attachments/ is a finding of its commit."""

from __future__ import annotations

import json

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import NotFound, found, report
from tests.village import Village

APPROVAL = (
    "approval:\n  approved_by: sato\n  approved_on: '2026-08-01'\n  procedure_version: '1.0'\n"
)
MESSAGE = "approve(somu-box): 承認\n\nYakkan-Action: approve\nYakkan-Service: somu-box\n"


def _forged_approval(year: Village) -> str:
    """yamada approves somu-box in sato's name, by hand: S3.1 and S5.3 at that commit."""
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, APPROVAL)
    return year.hand_commit("yamada", MESSAGE.strip(), trailers="")


def _replaced(village: Village, *args: str, forged: str) -> None:
    data = report(village, *args)
    if not any(f["commit"] == forged and f["rule"] == "A8" for f in data["findings"]):
        raise NotFound(f"{args}: the replace ref is not named: {data['findings']}")


def test_replace_ref_dresses_a_forged_approval_as_an_honest_one(year: Village) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    forged = _forged_approval(year)
    # The same tree and parent, authored by sato: every git reader now shows this one.
    tree = year.git("rev-parse", f"{forged}^{{tree}}").strip()
    honest = year.git(
        "commit-tree", tree, "-p", f"{forged}~1", "-m", MESSAGE + "Yakkan-Actor: sato\n",
        as_="sato",
    ).strip()  # fmt: skip
    year.git("replace", forged, honest)
    assert "sato@example.jp" in year.git("log", "-1", "--format=%ae", forged)
    _replaced(year, "verify", f"{base}..HEAD", forged=forged)
    found(year, base, forged, ("S3.1", "S5.3"), "somu-box")
    _replaced(year, "audit", forged=forged)
    _replaced(year, "audit", "--full", forged=forged)
    doctor = year.yakkan("doctor", "--json")
    checks = {c["check"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert doctor.code == 1 and forged[:12] in checks["replace"]["message"]
    # `history` reads the commit as stored too: yamada made it.
    shown = year.ok("history", "somu-box", "--json").stdout
    assert forged in shown and honest not in shown


def test_grafts_file_hides_a_forged_commit(year: Village) -> None:
    base = year.head()
    forged = _forged_approval(year)
    year.ok("purpose-check", "somu-drive", "--matches", "--date", "2026-08-01", as_="suzuki")
    # The honest commit's parent, as the grafts file tells git, is the one before the forgery.
    (year.path / ".git/info").mkdir(exist_ok=True)
    (year.path / ".git/info/grafts").write_text(f"{year.head()} {base}\n", "utf-8")
    found(year, base, forged, ("S3.1", "S5.3"), "somu-box")


@pytest.mark.parametrize(
    "where",
    [
        "records/somu/.gitattributes",
        "records/.gitattributes",
        "attachments/somu-box/.gitattributes",
    ],
)
def test_nested_gitattributes_hides_a_change_from_review(year: Village, where: str) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    target = year.path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("* -diff linguist-generated=true\n", "utf-8")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", "2026-08-01", as_="suzuki")
    bad = year.hand_commit("suzuki", "差分を読みやすくする")
    found(year, base, bad, "A8", ".gitattributes")
