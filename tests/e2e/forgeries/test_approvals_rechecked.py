"""A5: an approval by the right person of a form `yakkan approve` would refuse, and changes
made after the responsible manager's double-check. Each on a pull request's branch."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found_then_merged
from tests.village import APPLICATION, Village

APPROVAL = (
    "approval:\n  approved_by: sato\n  approved_on: '2026-08-01'\n  procedure_version: '1.0'\n"
)
DAY = "2026-08-01"
BOX = RECORD.format("somu-box")


def approve_by_hand(village: Village, service: str) -> str:
    """sato approves as `yakkan approve` would write it, bypassing its readiness rules."""
    village.edit(RECORD.format(service), "state: applied", "state: approved")
    village.append(RECORD.format(service), APPROVAL)
    return village.hand_commit(
        "sato", f"approve({service}): 承認", trailers=f"approve {service} sato"
    )


def filed(village: Village, service: str, text: str, *attach: str) -> None:
    """yamada files `text` with the given attachments; both columns marked ok."""
    source = village.write(f"{service}.yaml", text)
    args = [a for kind in attach for a in ("--attach", f"{kind}={village.files / KIND[kind]}")]
    village.ok("apply", "--from", str(source), *args, "--date", DAY)
    village.mark_all(service, "applicant", "yamada", DAY)
    village.mark_all(service, "responsible", "sato", DAY)


KIND = {"signup": "signup.png", "terms": "terms.pdf"}


def test_class_1_without_an_exception(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    filed(year, "somu-secret", APPLICATION.format(id="somu-secret", info_class=1), *KIND)
    bad = approve_by_hand(year, "somu-secret")
    found_then_merged(year, "pr", bad, "A5", "somu-secret")


def test_an_ng_mark(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    year.ok("check", "somu-box", "--mark", "4=ng:廃棄証明なし", "--date", DAY, as_="sato")
    bad = approve_by_hand(year, "somu-box")
    found_then_merged(year, "pr", bad, "A5", "somu-box")


def test_no_terms_attached(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    filed(year, "somu-noterms", APPLICATION.format(id="somu-noterms", info_class=3), "signup")
    bad = approve_by_hand(year, "somu-noterms")
    found_then_merged(year, "pr", bad, "A5", "somu-noterms")


def test_no_alternative(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    text = APPLICATION.format(id="somu-noalt", info_class=3)
    text = text.replace("  alternative: 庁内ファイルサーバ\n", "")
    filed(year, "somu-noalt", text, *KIND)
    bad = approve_by_hand(year, "somu-noalt")
    found_then_merged(year, "pr", bad, "A5", "somu-noalt")


def change_purpose(village: Village) -> None:
    village.edit(BOX, "purpose: 審議会の会議資料の事前共有", "purpose: 住民の個人情報の共有")


def change_users(village: Village) -> None:
    village.edit(BOX, "  - 審議会委員\n", "  - 審議会委員\n  - 村外の委託業者\n")


def change_terms(village: Village) -> None:
    terms = village.path / "attachments/somu-box/terms.pdf"
    old = hashlib.sha256(terms.read_bytes()).hexdigest()
    terms.write_bytes(b"%PDF-1.4 other terms, data may be kept abroad")
    village.edit(BOX, old, hashlib.sha256(terms.read_bytes()).hexdigest())


@pytest.mark.parametrize(
    ("change", "rule"), [(change_purpose, "A3"), (change_users, "A3"), (change_terms, "A5")]
)
def test_form_changed_after_the_double_check(
    year: Village, change: Callable[[Village], None], rule: str
) -> None:
    """The applicant changes the form once sato has marked; sato then approves with yakkan.
    The forgery is named at the change: a change of what the checks are about (the terms)
    that left the double-check standing is A5; a change of anything else (the purpose, the
    users: issue 18.6 keeps the marks for those) is still a hand edit outside yakkan, A3."""
    year.git("switch", "-q", "-c", "pr")
    change(year)
    bad = year.hand_commit("yamada", "申請書を修正")
    year.ok("approve", "somu-box", "--date", DAY, as_="sato")
    found_then_merged(year, "pr", bad, rule, "somu-box")
