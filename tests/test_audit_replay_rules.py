"""The replay engine's pure rules, from tables (no git, no files): A1 config in force,
A2 merges, A4 paths, A7 signatures, A8 robustness, A9 accepted findings, the clock of
retention."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.factories import config, record, termination
from yakkan_cli.model import AcceptedFinding
from yakkan_cli.rules.audit import CommitInfo, Finding, RecordVersion
from yakkan_cli.rules.audit.accepted import matches, partition
from yakkan_cli.rules.audit.config_in_force import (
    Placement,
    UnitChanges,
    audit_placements,
    mainline_of,
    mixed_findings,
    range_placements,
)
from yakkan_cli.rules.audit.merges import merge_findings
from yakkan_cli.rules.audit.paths import (
    attachment_owner,
    is_config_path,
    is_record_path,
    record_path,
    safe_attachment_path,
)
from yakkan_cli.rules.audit.retention import removal_day, retained_until
from yakkan_cli.rules.audit.signatures import must_sign, signature_findings
from yakkan_cli.rules.lifecycle import Action

# A mainline m1 → m2 → m3 (merge of b2) → m4 (merge of c1, whose branch merged m2 in:
# an "update branch" merge u), with a branch b1 → b2 forked from m1.
GRAPH: dict[str, tuple[str, ...]] = {
    "m1": (),
    "m2": ("m1",),
    "b1": ("m1",),
    "b2": ("b1",),
    "m3": ("m2", "b2"),
    "c1": ("m2",),
    "u": ("c1", "m3"),
    "c2": ("u",),
    "m4": ("m3", "c2"),
}


def test_mainline_of_follows_first_parents() -> None:
    assert mainline_of("m4", GRAPH) == ["m1", "m2", "m3", "m4"]
    assert mainline_of("b2", GRAPH) == ["m1", "b1", "b2"]


@pytest.mark.parametrize(
    ("commit", "judge", "arrival"),
    [
        ("m1", None, "m1"),  # the first commit: no config before it
        ("m2", "m1", "m2"),  # on the mainline: its parent's config
        ("b1", "m2", "m3"),  # brought by m3: the config at m3's first parent
        ("b2", "m2", "m3"),
        ("m3", "m2", "m3"),
        ("c1", "m3", "m4"),
        ("u", "m3", "m4"),  # the update-branch merge arrives with its branch
        ("c2", "m3", "m4"),
        ("m4", "m3", "m4"),
    ],
)
def test_audit_placements(commit: str, judge: str | None, arrival: str) -> None:
    placed = audit_placements(mainline_of("m4", GRAPH), GRAPH)
    assert placed[commit] == Placement(judge, arrival, arrival)
    assert set(placed) == set(GRAPH)


def test_range_placements_judge_everything_by_base() -> None:
    assert range_placements(["x", "y"], "base") == {
        "x": Placement("base", None, "base"),
        "y": Placement("base", None, "base"),
    }


@pytest.mark.parametrize(
    ("config_paths", "record_paths", "expected"),
    [
        ([], ["records/somu/a.yaml"], []),
        (["yakkan.yaml"], [], []),
        (["yakkan.yaml"], ["records/somu/a.yaml"], ["a"]),
        ([".yakkan/allowed_signers"], ["attachments/b/t.pdf", "records/somu/a.yaml"], ["b", "a"]),
        (["yakkan.yaml"], ["records/somu/a.yaml", "attachments/a/t.pdf"], ["a"]),
    ],
)
def test_mixed_findings(
    config_paths: list[str], record_paths: list[str], expected: list[str]
) -> None:
    unit = UnitChanges()
    for path in config_paths:
        unit.add("c" * 40, path, config=True)
    for path in record_paths:
        unit.add("r" * 40, path, config=False)
    found = mixed_findings(unit)
    assert sorted(f.service or "" for f in found) == sorted(expected)
    assert all(f.rule == "A1" and f.commit == "r" * 40 for f in found)
    assert all("cccccccccc" in f.message for f in found)


@pytest.mark.parametrize(
    ("parents", "differing", "expected"),
    [
        (2, [], []),
        (2, ["records/somu/a.yaml"], [("records/somu/a.yaml", "a")]),
        (2, ["attachments/a/t.pdf", "yakkan.yaml"], [("attachments/a/t.pdf", "a"),
                                                     ("yakkan.yaml", None)]),
        (2, None, [("", None)]),
        (3, [], [("", None)]),
        (3, ["records/somu/a.yaml"], [("records/somu/a.yaml", "a")]),  # octopus names it
    ],
)  # fmt: skip
def test_merge_findings(
    parents: int, differing: list[str] | None, expected: list[tuple[str, str | None]]
) -> None:
    found = merge_findings("m" * 40, parents, differing)
    assert [(f.path, f.service) for f in found] == expected
    assert all(f.rule == "A2" and f.commit == "m" * 40 for f in found)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("records/somu/a-b.yaml", ("somu", "a-b")),
        ("records/somu/a.yml", None),
        ("records/a.yaml", None),
        ("records/somu/sub/a.yaml", None),
        ("records/.hidden/a.yaml", None),
        ("records/somu/.a.yaml", None),
    ],
)
def test_record_path(path: str, expected: tuple[str, str] | None) -> None:
    found = record_path(path)
    assert (None if found is None else (found.department, found.service_id)) == expected


@pytest.mark.parametrize(
    ("path", "config", "record"),
    [
        ("yakkan.yaml", True, False),
        (".yakkan/allowed_signers", True, False),
        (".yakkan/accepted-findings.yaml", True, False),
        ("records/somu/a.yaml", False, True),
        ("attachments/a/terms.pdf", False, True),
        ("records/.gitkeep", False, False),
        ("attachments/.gitkeep", False, False),
        ("templates/application.html.j2", False, False),
    ],
)
def test_config_and_record_paths(path: str, config: bool, record: bool) -> None:
    assert is_config_path(path) is config
    assert is_record_path(path) is record


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("attachments/somu-drive/terms.pdf", True),
        ("attachments/somu-drive/規約 2026.pdf", True),
        ("attachments/../yakkan.yaml", False),
        ("attachments/somu-drive/../other/x.pdf", False),
        ("attachments/somu-drive/..", False),
        ("attachments/somu-drive/sub/x.pdf", False),
        ("attachments/other/x.pdf", False),
        ("/etc/passwd", False),
        ("attachments/somu-drive/a\nb", False),
        ("attachments/somu-drive/", False),
    ],
)
def test_safe_attachment_path(path: str, safe: bool) -> None:
    assert safe_attachment_path(path, "somu-drive") is safe


def test_attachment_owner() -> None:
    assert attachment_owner("attachments/somu-drive/t.pdf") == "somu-drive"
    assert attachment_owner("attachments/t.pdf") is None


# --- A9 -------------------------------------------------------------------------------------

FINDING = Finding(
    "abcdef1234" + "0" * 30, "records/somu/somu-drive.yaml", "somu-drive", "S3.1", "x"
)


def entry(**changes: str) -> AcceptedFinding:
    data = {"commit": "abcdef1", "rule": "S3.1", "record": "somu-drive", "reason": "確認済み",
            "by": "sato", "on": "2026-04-10"} | changes  # fmt: skip
    return AcceptedFinding.model_validate(data)


@pytest.mark.parametrize(
    ("changes", "accepted"),
    [
        ({}, True),
        ({"commit": "ABCDEF1234"}, True),
        ({"record": "records/somu/somu-drive.yaml"}, True),
        ({"commit": "abcdef2"}, False),
        ({"rule": "D4"}, False),
        ({"record": "somu-other"}, False),
    ],
)
def test_accepted_matches(changes: dict[str, str], accepted: bool) -> None:
    assert matches(entry(**changes), FINDING) is accepted
    still, done = partition([FINDING], [entry(**changes)])
    assert (len(done), len(still)) == ((1, 0) if accepted else (0, 1))


# --- A7 -------------------------------------------------------------------------------------

WHEN = datetime(2026, 4, 1, 10, tzinfo=UTC)


def commit(author: str, action: str | None, signature: str = "N", signer: str = "") -> CommitInfo:
    trailers = {"Yakkan-Action": action} if action else {}
    return CommitInfo("c" * 40, ("p" * 40,), f"{author}@example.jp", WHEN, "s", trailers,
                      signature=signature, signer=signer)  # fmt: skip


APPLIED = record(state="applied", checks=[{"item": i, "applicant": "ok"} for i in range(1, 9)])
MARKED = record(state="applied")
APPROVED = record(state="approved", approval={"approved_by": "sato", "approved_on": "2026-04-01"})
SUSPENDED = APPROVED.model_copy(update={"state": APPROVED.state.__class__("suspended")}, deep=True)
SIGNED = config(signed_actions=True)


def rules_of(c: CommitInfo, before: object, after: object, cfg: object, actor: str) -> list[str]:
    out: list[str] = []
    version = RecordVersion("somu-drive", "p", "p", before, after)  # type: ignore[arg-type]
    signature_findings(c, version, cfg, actor, lambda rule, _: out.append(rule))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize(
    ("c", "before", "after", "cfg", "actor", "expected"),
    [
        (commit("sato", "approve"), MARKED, APPROVED, SIGNED, "sato", ["S5.3"]),
        (commit("sato", "approve", "G"), MARKED, APPROVED, SIGNED, "sato", []),
        (commit("sato", "approve", "U"), MARKED, APPROVED, SIGNED, "sato", ["S5.3"]),
        (commit("sato", "approve", "G", "tanaka@example.jp"), MARKED, APPROVED, SIGNED, "sato",
         ["S5.3"]),
        (commit("sato", "check"), APPLIED, MARKED, SIGNED, "sato", ["A7"]),  # responsible marks
        (commit("sato", "suspend"), APPROVED, SUSPENDED, SIGNED, "sato", ["A7"]),
        (commit("sato", "dispose"), APPROVED, None, SIGNED, "sato", ["A7"]),
        (commit("suzuki", "suspend"), APPROVED, SUSPENDED, SIGNED, "suzuki", []),  # no manager
        (commit("yamada", "check"), MARKED, MARKED, SIGNED, "yamada", []),
        (commit("sato", "approve"), MARKED, APPROVED, config(signed_approvals=True), "sato",
         ["S5.3"]),
        (commit("sato", "check"), APPLIED, MARKED, config(signed_approvals=True), "sato", ["A7"]),
        (commit("sato", "approve"), MARKED, APPROVED, config(), "sato", []),
    ],
)  # fmt: skip
def test_signature_findings(
    c: CommitInfo, before: object, after: object, cfg: object, actor: str, expected: list[str]
) -> None:
    assert rules_of(c, before, after, cfg, actor) == expected


@pytest.mark.parametrize(
    ("action", "departments", "actor", "policy", "expected"),
    [
        (Action.APPROVE, ["somu"], "sato", {"signed_actions": True}, True),
        (Action.CHECK, ["somu"], "sato", {"signed_approvals": True}, True),
        (Action.ALERT, ["kikaku", "somu"], "sato", {"signed_actions": True}, True),
        (Action.APPROVE, ["kikaku"], "sato", {"signed_actions": True}, False),
        (Action.BACKUP, ["somu"], "sato", {"signed_actions": True}, False),
        (Action.APPLY, ["somu"], "yamada", {"signed_actions": True}, False),
        (Action.APPROVE, ["somu"], "sato", {}, False),
    ],
)
def test_must_sign(
    action: Action, departments: list[str], actor: str, policy: dict[str, bool], expected: bool
) -> None:
    assert must_sign(action, config(**policy), departments, actor) is expected


# --- the mainline's clock -------------------------------------------------------------------

ENDED = record(state="terminated", approval={"approved_by": "sato", "approved_on": "2026-04-01"},
               termination=termination(end_on="2027-03-31", approved_by="sato",
                                       approved_on="2027-04-01"))  # fmt: skip


@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (None, date(2030, 4, 1)),  # from the approval's own date
        (date(2027, 3, 1), date(2030, 4, 1)),  # an earlier arrival never shortens it
        (date(2027, 9, 15), date(2030, 9, 15)),  # merged months later: counted from then
    ],
)
def test_retained_until_counts_from_the_arrival(arrived: date | None, expected: date) -> None:
    assert retained_until(ENDED, config().policy, arrived) == expected


def test_removal_day_is_the_mainline_clock() -> None:
    author = datetime(2031, 1, 1, tzinfo=UTC)
    committed = datetime(2026, 5, 1, tzinfo=UTC)
    merged = datetime(2026, 6, 1, tzinfo=UTC)
    c = CommitInfo("c" * 40, (), "sato@example.jp", author, "s")
    assert removal_day(c) == date(2031, 1, 1)  # nothing else known: the author date
    c = CommitInfo("c" * 40, (), "sato@example.jp", author, "s", committer_date=committed)
    assert removal_day(c) == date(2026, 5, 1)
    c = CommitInfo("c" * 40, (), "sato@example.jp", author, "s", committer_date=committed,
                   arrived=merged)  # fmt: skip
    assert removal_day(c) == date(2026, 6, 1)


def test_every_action_trailer_is_kept_in_order() -> None:
    from yakkan_cli.vcs.history import _trailers

    block = "Yakkan-Action: check\nYakkan-Service: a\nYakkan-Action: approve\nYakkan-Actor: sato\n"
    trailers, actions = _trailers(block)
    assert actions == ("check", "approve")  # a squash of two actions
    assert trailers["Yakkan-Action"] == "check" and trailers["Yakkan-Actor"] == "sato"


@pytest.mark.parametrize(
    ("out", "enough"),
    [
        ("git version 2.39.5\n", True),
        ("git version 2.38.0", True),
        ("git version 2.37.7 (Apple Git-143)", False),
        ("git version 2.45.1.windows.1", True),
        ("git version 1.9", False),
        ("nonsense", False),
    ],
)
def test_git_new_enough_for_merge_tree(out: str, enough: bool) -> None:
    from yakkan_cli.vcs.graph import MIN_GIT, parse_version

    assert (parse_version(out) >= MIN_GIT) is enough
