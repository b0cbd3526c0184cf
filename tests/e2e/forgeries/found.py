"""Asking `verify` and `audit` whether they name a forgery."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.village import Village


class NotFound(AssertionError):
    """The replay ran cleanly but did not report the forgery (its rule is not there yet)."""


def needs(rule: str, branch: str, raises: type[AssertionError] = NotFound) -> pytest.MarkDecorator:
    """The mark of a test whose finding comes with `rule` from another branch of issue 8.

    Strict: once the rule is merged the test passes, the mark fails it, and the lead
    removes the mark. Only `raises` (a missing finding) is expected meanwhile."""
    return pytest.mark.xfail(
        strict=True, raises=raises, reason=f"needs rule {rule} (branch {branch})"
    )


def any_rule(village: Village, args: tuple[str, ...], rule: str, commit: str | None = None) -> None:
    """`rule` is reported somewhere in the range, or at `commit` (a finding about a range
    or a merge as a whole, which need not name one record)."""
    rule_in(report(village, *args), args, rule, commit)


def rule_in(
    data: dict[str, Any], args: tuple[str, ...], rule: str, commit: str | None = None
) -> None:
    """`any_rule` over a report already made (one run answers for several rules)."""
    if not any(f["rule"] == rule and commit in (None, f["commit"]) for f in data["findings"]):
        raise NotFound(f"yakkan {' '.join(args)}: no {rule}: {data['findings']}")


def _once(village: Village, *args: str) -> dict[str, Any]:
    result = village.yakkan(*args, "--json")
    assert "Traceback" not in result.output, result.output
    assert result.code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["ok"] is (result.code == 0), result.output
    return data


def report(village: Village, *args: str) -> dict[str, Any]:
    """`yakkan ARGS --json`: no traceback, exit 0 or 1 as the findings say.

    `audit` runs twice: the second run takes what the first judged clean from its memo
    (`<git common dir>/yakkan/audit/`) and must name every finding the first named — a
    forgery is never remembered as clean."""
    data = _once(village, *args)
    if args[:1] == ("audit",) and "--full" not in args:
        warm = _once(village, *args)
        assert warm["remembered"] + warm["judged"] == warm["commits"], warm
        for key in ("ok", "commits", "versions", "findings", "accepted"):
            assert warm[key] == data[key], f"warm audit differs in {key}: {warm} != {data}"
    return data


def assert_named(
    village: Village, args: tuple[str, ...], commit: str, rules: tuple[str, ...], service: str
) -> list[dict[str, Any]]:
    return named_in(report(village, *args), args, commit, rules, service)


def named_in(
    data: dict[str, Any], args: tuple[str, ...], commit: str, rules: tuple[str, ...], service: str
) -> list[dict[str, Any]]:
    """`assert_named` over a report already made (one run answers for several rules)."""
    if data["ok"]:
        raise NotFound(f"yakkan {' '.join(args)} found nothing")
    hits = [f for f in data["findings"] if f["commit"] == commit and f["rule"] in rules]
    if not hits:
        raise NotFound(f"yakkan {' '.join(args)}: no {rules} at {commit[:10]}: {data['findings']}")
    named = [f for f in hits if f["service"] == service or service in (f["path"] or "")]
    assert named, f"{rules} at {commit[:10]} does not name {service}: {hits}"
    return named


def verify_finds(
    village: Village, base: str, commit: str, rules: str | tuple[str, ...], service: str
) -> list[dict[str, Any]]:
    """`verify BASE..HEAD --json` exits 1 and names the commit, the record and the rule."""
    wanted = (rules,) if isinstance(rules, str) else rules
    return assert_named(village, ("verify", f"{base}..HEAD"), commit, wanted, service)


def audit_finds(
    village: Village, commit: str, rules: str | tuple[str, ...], service: str
) -> list[dict[str, Any]]:
    wanted = (rules,) if isinstance(rules, str) else rules
    return assert_named(village, ("audit",), commit, wanted, service)


def found(
    village: Village, base: str, commit: str, rules: str | tuple[str, ...], service: str
) -> None:
    """`verify BASE..HEAD` reports the forgery; when it was made on a pull request's
    branch, that branch is merged into main with a merge commit; then `audit` reports it
    too, and nothing was left changed."""
    verify_finds(village, base, commit, rules, service)
    branch = village.git("branch", "--show-current").strip()
    if branch != "main":
        village.merge(branch)
    audit_finds(village, commit, rules, service)
    assert village.status() == ""


def found_then_merged(
    village: Village,
    branch: str,
    commit: str,
    rules: str | tuple[str, ...],
    service: str,
    *,
    base: str = "main",
) -> str:
    """On the pull request's branch `verify main..HEAD` names the forgery; merged into
    main with a merge commit, `audit` still names it. Returns the merge commit."""
    village.git("switch", "-q", branch)
    verify_finds(village, village.git("rev-parse", base).strip(), commit, rules, service)
    merge = village.merge(branch)
    audit_finds(village, commit, rules, service)
    assert village.status() == ""
    return merge
