"""A8: attachment paths are `attachments/<id>/<file name>` and nothing else. A path with
`..`, or into another service's folder, is a finding on that record, and the replay goes on
with the others (a git error on one record must not hide every other finding)."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found
from tests.village import Village

BOX = RECORD.format("somu-box")
TERMS_SHA = "efc4ebf5f725fbbd81abf9ae32129d54920148f297ae13c40150be826d153156"


def attach_by_hand(village: Village, path: str) -> str:
    village.edit(
        BOX,
        "\nchecks:\n",
        f"\n  - kind: other\n    path: {path}\n    sha256: {TERMS_SHA}\nchecks:\n",
    )
    return village.hand_commit("yamada", "添付を追加")


# Today the `..` path makes the replay itself fail: any assertion may be what breaks.
def test_dot_dot_path_is_one_finding_and_the_replay_goes_on(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    bad = attach_by_hand(year, "attachments/somu-box/../somu-drive/terms.pdf")
    # A forgery on another record after it: removed long before its retention ended.
    year.git("rm", "-q", "-r", RECORD.format("somu-form"), "attachments/somu-form")
    later = year.hand_commit("yamada", "廃棄", trailers="dispose somu-form yamada")
    found(year, base, bad, ("A8", "D3"), "somu-box")
    found(year, base, later, ("S5.4", "S3.1"), "somu-form")
    history = year.yakkan("history", "somu-box")
    assert history.code == 0, history.output


def test_path_into_another_services_folder(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    bad = attach_by_hand(year, "attachments/somu-drive/terms.pdf")
    found(year, base, bad, ("A8", "D3"), "somu-box")
