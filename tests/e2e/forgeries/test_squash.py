"""A9: an honest pull request merged by squash. The one commit that carries all its
actions gets one clear finding; the village reviews it and accepts it in
`.yakkan/accepted-findings.yaml` (itself a config change, in a pull request of its own),
after which `audit` lists it apart and passes."""

from __future__ import annotations

import json

from tests.e2e.forgeries.found import NotFound, report
from tests.village import Village, clone, origin

DAY = "2026-08-01"
ACCEPTED = """\
accepted:
  - commit: {commit}
    rule: A9
    record: somu-new
    reason: 検証済みのプルリクエストを誤ってスカッシュでマージした
    by: sato
    'on': '2026-08-02'
"""


def test_squashed_pull_request_is_one_finding_then_accepted(year: Village) -> None:
    clerk = clone(year, origin(year), "clerk")
    clerk.git("switch", "-q", "-c", "pr")
    clerk.apply("somu-new", date=DAY)
    clerk.mark_all("somu-new", "applicant", "yamada", DAY)
    clerk.mark_all("somu-new", "responsible", "sato", DAY)
    clerk.ok("approve", "somu-new", "--date", DAY, as_="sato")
    assert report(clerk, "verify", "origin/main..HEAD")["ok"] is True  # an honest branch
    clerk.git("push", "-q", "origin", "pr")

    # Merged with "Squash and merge": one commit by the maintainer, every message in it.
    year.git("fetch", "-q", "origin")
    base = year.head()
    messages = year.git("log", "--reverse", "--format=%B", "main..origin/pr")
    year.git("merge", "-q", "--squash", "origin/pr", as_="sato")
    squash = year.hand_commit("sato", f"somu-new の申請 (#1)\n\n{messages}")
    for args in (("verify", f"{base}..HEAD"), ("audit",)):
        findings = report(year, *args)["findings"]
        if [(f["commit"], f["rule"]) for f in findings] != [(squash, "A9")]:
            raise NotFound(f"{args}: {findings}")
        assert findings[0]["service"] == "somu-new"

    # The village accepts the reviewed finding through a pull request of its own.
    year.git("switch", "-q", "-c", "accept")
    (year.path / ".yakkan").mkdir()
    (year.path / ".yakkan/accepted-findings.yaml").write_text(
        ACCEPTED.format(commit=squash), "utf-8"
    )
    year.hand_commit("sato", "スカッシュされたマージを受け入れる")
    year.merge("accept")
    result = year.ok("audit", "--json")
    audit = json.loads(result.stdout)
    assert audit["ok"] is True and audit["findings"] == []
    assert [(f["commit"], f["rule"]) for f in audit["accepted"]] == [(squash, "A9")]
