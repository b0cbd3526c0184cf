"""A village on 自治体機密性 (issue 22), driven through the installed `yakkan` in real git
repositories: the scheme a new application is written on, the light track approved as
today, and a village on 重要性分類 unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.village import APPLICATION, Village, make_village

SECTIONS = """\
classification:
  scheme: jichitai
  sections:
    light: 第2-8-2 外部サービスの利用（自治体機密性1の情報のみを取り扱う場合）
    full: 第2-8-3 外部サービス（クラウドサービス）の利用（自治体機密性2以上の情報を取り扱う場合）
"""


def on_jichitai(village: Village) -> Village:
    village.append("yakkan.yaml", SECTIONS)
    village.hand_commit("yamada", "config: 自治体機密性で分類する")
    return village


@pytest.fixture
def jichitai(tmp_path: Path) -> Village:
    return on_jichitai(make_village(tmp_path))


def apply(village: Village, service_id: str, info_class: str, date: str = "2026-03-20") -> None:
    form = village.write(
        f"{service_id}.yaml", APPLICATION.format(id=service_id, info_class=info_class)
    )
    village.ok(
        "apply",
        "--from",
        str(form),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        date,
    )


def approved(village: Village, service_id: str, info_class: str) -> None:
    apply(village, service_id, info_class)
    marks = [arg for n in range(1, 9) for arg in ("--mark", f"{n}=ok")]
    village.ok("check", service_id, "--role", "applicant", *marks, "--date", "2026-03-20")
    village.ok(
        "check", service_id, "--role", "responsible", *marks, "--date", "2026-03-25", as_="sato"
    )
    village.ok("approve", service_id, "--date", "2026-04-01", as_="sato")


def test_a_light_track_service_is_applied_checked_and_approved_as_today(
    jichitai: Village,
) -> None:
    approved(jichitai, "somu-drive", "1")
    text = jichitai.record_text("somu-drive")
    assert "scheme: jichitai\n" in text
    assert "class: 1," in text or "class: 1\n" in text
    assert "approval:" in text
    assert jichitai.yakkan("validate").code == 0


def test_a_new_application_in_a_jichitai_village_takes_no_old_class(jichitai: Village) -> None:
    form = jichitai.write("x.yaml", APPLICATION.format(id="somu-x", info_class=4))
    result = jichitai.yakkan("apply", "--from", str(form), "--date", "2026-03-20")
    assert result.code == 1
    assert "x.yaml:" in result.stderr
    assert "application.information[0].class" in result.stderr
    assert "3A・3B・3C・2・1" in result.stderr
    assert jichitai.status() == ""
    assert not (jichitai.path / "records" / "somu" / "somu-x.yaml").exists()


def test_a_3a_class_is_written_as_the_village_spells_it(jichitai: Village) -> None:
    apply(jichitai, "somu-drive", "3A")
    assert "class: 3A" in jichitai.record_text("somu-drive")


def test_a_juyosei_village_writes_no_scheme(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    village.approved("somu-drive")
    text = village.record_text("somu-drive")
    assert "scheme" not in text
    assert "class: 3" in text
