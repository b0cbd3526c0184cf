"""Forgeries of the audit trail, one module per class of issue 8, each made with plain git
the way a person would (hand edits, `git commit-tree`, `git merge`, `git rm` + restore).

Each test asserts that `verify BASE..HEAD` (before the merge) and `audit` (after it) both
exit 1 naming the record, the commit and the rule. Where the rule is not on main yet the
test is marked `xfail(strict=True, raises=NotFound)`: only a missing finding is expected,
so a forgery that could not even be built still fails, and a rule that arrives makes the
test pass unexpectedly, which tells the lead to remove the mark.
"""
