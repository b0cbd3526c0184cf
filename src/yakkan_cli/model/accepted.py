"""`.yakkan/accepted-findings.yaml`: audit findings a village reviewed and accepted (A9).

```yaml
accepted:
  - commit: 3f2c9a1e7b          # the finding's commit (at least 7 characters of its id)
    rule: A9-squash              # the finding's rule id
    record: somu-google-drive    # the finding's service id (or its path)
    reason: GitHub で squash マージしてしまった。内容は PR #12 で確認済み
    by: sato                     # a person id of yakkan.yaml
    on: 2026-05-01
```
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from yakkan_cli.model.base import IsoDate, PersonId, Schema, Text

CommitId = Annotated[str, Field(pattern=r"^[0-9a-fA-F]{7,64}$")]


class AcceptedFinding(Schema):
    commit: CommitId
    rule: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", max_length=32)]
    record: Annotated[str, Field(min_length=1, max_length=300)]
    reason: Text
    by: PersonId
    on: IsoDate


class AcceptedFindings(Schema):
    accepted: list[AcceptedFinding] = Field(default_factory=list)
