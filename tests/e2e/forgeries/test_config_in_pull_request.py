"""A1: a pull request edits yakkan.yaml and then acts under its own config. `verify` must
judge every commit of the range by the config as BASE has it, and `audit` each commit by
the mainline's config before the merge; changing config and records in one range is a
finding of its own. The pull requests go through a bare remote and the clerk's clone."""

from __future__ import annotations

from tests.e2e.forgeries.found import named_in, report, rule_in
from tests.village import Village, clone, origin

DAY = "2026-08-01"


def pull_request(year: Village) -> Village:
    """The clerk's clone of the village's remote, on a new branch `pr`."""
    clerk = clone(year, origin(year), "clerk")
    clerk.git("switch", "-q", "-c", "pr")
    return clerk


def merged(
    year: Village,
    clerk: Village,
    bad: str,
    rules: tuple[str, ...],
    service: str,
    *,
    config_changed: bool = True,
) -> None:
    """verify on the pull request, then audit once it is merged with a merge commit.
    A pull request whose net change touches config and records is itself a finding.
    One `verify` and one `audit` (run twice, cold then warm, by `report`) answer for the
    forgery and for A1 alike: they judge the same range."""
    base = clerk.git("rev-parse", "origin/main").strip()
    verify = ("verify", f"{base}..HEAD")
    verified = report(clerk, *verify)
    named_in(verified, verify, bad, rules, service)
    if config_changed:
        rule_in(verified, verify, "A1")
    clerk.git("push", "-q", "origin", "pr")
    year.git("fetch", "-q", "origin")
    year.merge("origin/pr")
    audited = report(year, "audit")
    named_in(audited, ("audit",), bad, rules, service)
    if config_changed:
        rule_in(audited, ("audit",), "A1")  # named on the record the merged unit changed


def test_author_adds_himself_as_responsible_manager(year: Village) -> None:
    clerk = pull_request(year)
    clerk.edit("yakkan.yaml", "responsible: [sato, tanaka]", "responsible: [sato, tanaka, suzuki]")
    clerk.hand_commit("suzuki", "利用責任者を追加")
    clerk.ok("approve", "somu-box", "--date", DAY, as_="suzuki")
    merged(year, clerk, clerk.head(), ("S3.1",), "somu-box")


def test_manager_email_pointed_at_the_author_and_back(year: Village) -> None:
    clerk = pull_request(year)
    clerk.edit("yakkan.yaml", "email: sato@example.jp", "email: sato-old@example.jp")
    clerk.edit("yakkan.yaml", "email: suzuki@example.jp", "email: sato@example.jp")
    clerk.edit("yakkan.yaml", "email: sato-old@example.jp", "email: suzuki@example.jp")
    clerk.hand_commit("suzuki", "連絡先を更新")
    clerk.ok("approve", "somu-box", "--date", DAY, as_="suzuki")  # suzuki's address is sato's
    bad = clerk.head()
    clerk.git("checkout", "origin/main", "--", "yakkan.yaml")
    clerk.hand_commit("suzuki", "連絡先を戻す")
    # Net of the pull request, yakkan.yaml is unchanged: only the approval is judged.
    merged(year, clerk, bad, ("S3.1", "S5.3", "D4"), "somu-box", config_changed=False)


def test_department_head_swapped(year: Village) -> None:
    """With suzuki as head on the branch, tanaka (the real head) double-checks and approves."""
    clerk = pull_request(year)
    clerk.edit("yakkan.yaml", "head: tanaka", "head: suzuki")
    clerk.hand_commit("tanaka", "所属長を変更")
    clerk.apply("somu-new", date=DAY)
    # Judged by BASE's config, the form names someone who is not the head (A3): the
    # application that let tanaka double-check his own department's form is the forgery.
    applied = clerk.head()
    clerk.mark_all("somu-new", "applicant", "yamada", DAY)
    clerk.mark_all("somu-new", "responsible", "tanaka", DAY)
    clerk.ok("approve", "somu-new", "--date", DAY, as_="tanaka")
    merged(year, clerk, applied, ("A3", "S3.1"), "somu-new")


def test_class_limit_raised(year: Village) -> None:
    clerk = pull_request(year)
    clerk.edit("yakkan.yaml", "policy:\n", "policy:\n  max_class_without_exception: 1\n")
    clerk.hand_commit("sato", "例外不要の分類を変更")
    clerk.apply("somu-new", info_class=2, date=DAY)
    clerk.mark_all("somu-new", "applicant", "yamada", DAY)
    clerk.mark_all("somu-new", "responsible", "sato", DAY)
    clerk.ok("approve", "somu-new", "--date", DAY, as_="sato")  # no --exception-reason
    merged(year, clerk, clerk.head(), ("A5",), "somu-new")
