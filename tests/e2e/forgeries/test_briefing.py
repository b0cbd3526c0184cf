"""S5.3 (issue 19.8): two people at the briefing. The responsible manager who approved a
service explains its four risks to the service administrator, who understands them: the
approver can neither make himself the administrator nor acknowledge the briefing himself.
`reassign` and `acknowledge` refuse it; made by hand with plain git, `verify` and `audit`
name it."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found
from tests.village import Village

DAY = "2026-08-01"
BOX = RECORD.format("somu-box")
HIMSELF = (
    "reassignments:\n"
    f"- 'on': '{DAY}'\n  by: sato\n  administrator: sato\n  previous: suzuki\n"
    "  reason: 人事異動\n"
)
SELF_BRIEFED = f"  risk_acknowledged_by: sato\n  risk_acknowledged_on: '{DAY}'\n"


def test_the_approver_makes_himself_administrator_and_acknowledges(year: Village) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("approve", "somu-box", "--date", DAY, as_="sato")
    refused = year.yakkan(
        "reassign", "somu-box", "--administrator", "sato", "--date", DAY, as_="sato"
    )
    assert refused.code == 1 and "承認した利用責任者" in refused.stderr, refused.output
    assert "Traceback" not in refused.output
    # By hand: the reassignment, then the acknowledgement, each with yakkan's trailers.
    year.append(BOX, HIMSELF)
    moved = year.hand_commit("sato", "管理担当者を付け替え", trailers="reassign somu-box sato")
    refused = year.yakkan("acknowledge", "somu-box", "--date", DAY, "--yes", as_="sato")
    assert refused.code == 1 and "承認した利用責任者" in refused.stderr, refused.output
    assert year.status() == ""
    year.edit(BOX, "  procedure_version: '1.0'\n", "  procedure_version: '1.0'\n" + SELF_BRIEFED)
    year.edit(BOX, "state: approved", "state: active")
    briefed = year.hand_commit("sato", "リスク説明の確認", trailers="acknowledge somu-box sato")
    found(year, base, moved, "S5.3", "somu-box")
    found(year, base, briefed, "S5.3", "somu-box")


def test_an_acknowledgement_without_a_trailer_is_found_from_its_fields(year: Village) -> None:
    base = year.head()
    year.ok("approve", "somu-box", "--date", DAY, as_="sato")
    year.edit(BOX, "  procedure_version: '1.0'\n", "  procedure_version: '1.0'\n" + SELF_BRIEFED)
    year.edit(BOX, "state: approved", "state: active")
    briefed = year.hand_commit("sato", "確認")
    found(year, base, briefed, "S5.3", "somu-box")


def test_an_administrator_named_on_the_form_who_approves_cannot_acknowledge(
    year: Village,
) -> None:
    form = year.application_file("somu-self").read_text("utf-8")
    (year.files / "somu-self.yaml").write_text(
        form.replace("administrator: suzuki", "administrator: sato"), "utf-8"
    )
    year.ok(
        "apply", "--from", str(year.files / "somu-self.yaml"),
        "--attach", f"signup={year.files / 'signup.png'}",
        "--attach", f"terms={year.files / 'terms.pdf'}", "--date", DAY,
    )  # fmt: skip
    year.mark_all("somu-self", "applicant", "yamada", DAY)
    year.mark_all("somu-self", "responsible", "sato", DAY)
    year.ok("approve", "somu-self", "--date", DAY, as_="sato")
    refused = year.yakkan("acknowledge", "somu-self", "--date", DAY, "--yes", as_="sato")
    assert refused.code == 1 and "承認した利用責任者" in refused.stderr, refused.output
    # The way out: another administrator, who is briefed and acknowledges.
    year.ok("reassign", "somu-self", "--administrator", "suzuki", "--date", DAY, as_="sato")
    year.ok("acknowledge", "somu-self", "--date", DAY, "--yes", as_="suzuki")
    assert year.yakkan("audit").code == 0
