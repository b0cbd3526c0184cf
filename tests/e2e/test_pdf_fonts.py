"""Fonts that travel (issue 21.3): a PDF is set in the faces yakkan ships, so it prints
Japanese on a machine with no Japanese font at all — a stock CI runner, a PC whose fonts
WeasyPrint does not find — and is the same bytes there as anywhere.

yakkan runs as installed from its wheel (the package's own font files, not the checkout's),
under a font configuration holding Latin fonts only. What was drawn is looked at, not only
the text layer (which reads right even when every kanji prints as □): the page is
rasterised with pdftoppm and each glyph of the title and of the marks is read back against
the shapes the bundled faces draw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf_reading import alphabet, lines_of, page_picture, pages_of, poppler, read_glyphs
from tests.village import Village, make_village
from tests.wheel_venv import package_folder, run, wheel_venv
from yakkan_cli.forms.fonts import fonts_covering

ID = "somu-drive"
TITLE = "約款による外部サービス利用申請書"
LEAD = "以下の通り、申請しますので利用を許可願います。"
FONTS = Path(__file__).resolve().parents[2] / "src" / "yakkan_cli" / "forms" / "fonts"
DPI = 300  # the lead is 9.5 pt of thin Mincho strokes: enough dots to tell them


@pytest.fixture(scope="module")
def wheel_yakkan(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    return wheel_venv(tmp_path_factory.mktemp("wheel"), built_wheel)


@pytest.fixture(scope="module")
def broken_yakkan(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    """An install whose Mincho face was lost (a half-copied folder, a cleaner too eager)."""
    exe = wheel_venv(tmp_path_factory.mktemp("broken"), built_wheel)
    (package_folder(exe) / "forms" / "fonts" / "BIZUDMincho-Regular.ttf").unlink()
    return exe


def latin_only_fonts(tmp_path: Path) -> dict[str, str]:
    """A font configuration with Latin fonts only, as on a stock runner or a PC without
    Japanese fonts that WeasyPrint finds."""
    latin = Path("/usr/share/fonts/truetype/dejavu")
    if not latin.is_dir():
        pytest.fail("DejaVu stands for a machine without Japanese fonts: fonts-dejavu-core")
    conf = tmp_path / "latin-only.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{latin}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        "utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def pdffonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) of every font the PDF uses, as poppler lists them."""
    out = subprocess.run(
        [poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in out if line.strip()]


def read_page(pdf: Path, stem: Path) -> tuple[str, str, list[str]]:
    """The title, the lead line and every check mark of page 1, as drawn."""
    picture = page_picture(pdf, stem, dpi=DPI)
    page = pages_of(pdf)[0]
    title = read_glyphs(
        picture, lines_of(page, TITLE)[0], dpi=DPI,
        known=alphabet(TITLE, FONTS / "BIZUDGothic-Bold.ttf"),  # bold is set in ゴシック
        letter_spacing=0.1,  # as templates/_base.html.j2 spaces the title
    )  # fmt: skip
    mincho = FONTS / "BIZUDMincho-Regular.ttf"
    lead = read_glyphs(picture, lines_of(page, LEAD)[0], dpi=DPI, known=alphabet(LEAD, mincho))
    marks = [
        read_glyphs(picture, word, dpi=DPI, known=alphabet("○●", mincho))
        for word in page.words
        if word.text in ("○", "●")
    ]
    return title, lead, marks


def test_a_pdf_draws_japanese_on_a_machine_without_japanese_fonts(
    tmp_path: Path, wheel_yakkan: Path
) -> None:
    village = make_village(tmp_path / "v")
    village.approved(ID, date="2026-04-01")
    bare, usual = tmp_path / "bare.pdf", tmp_path / "usual.pdf"
    made = run(village, wheel_yakkan, "render", ID, "--format", "pdf", "-o", str(bare),
               env=latin_only_fonts(tmp_path))  # fmt: skip
    assert made.code == 0, made.output
    assert "Traceback" not in made.output
    # Every font of the PDF is a bundled face, embedded: nothing is left to the printer.
    fonts = pdffonts(bare)
    assert {name.split("+", 1)[1] for name, _ in fonts} <= {
        "yakkan-Mincho", "yakkan-Mincho-Bold", "yakkan-Gothic", "yakkan-Gothic-Bold"
    }, fonts  # fmt: skip
    assert "yakkan-Mincho" in {name.split("+", 1)[1] for name, _ in fonts}
    assert all(embedded == "yes" for _, embedded in fonts), fonts
    # What is drawn: each kanji and kana of the title and of the lead, and every ○ of the
    # check table (not ●), read back off the page.
    title, lead, marks = read_page(bare, tmp_path / "bare")
    assert title == TITLE
    assert lead == LEAD
    assert len(marks) == 16 and set(marks) == {"○"}, marks
    # The machine's own fonts change nothing: the same faces, the same bytes.
    again = run(village, wheel_yakkan, "render", ID, "--format", "pdf", "-o", str(usual))
    assert again.code == 0, again.output
    assert usual.read_bytes() == bare.read_bytes()


def test_the_reading_sees_tofu(tmp_path: Path) -> None:
    """The reading above can fail: the same lines laid out by WeasyPrint without the
    bundled faces, on the Latin-only machine, draw boxes and ● and are read as such."""
    page = tmp_path / "tofu.pdf"
    html = (
        '<html lang="ja"><body style="font-family: serif">'
        f'<h1 style="font-size:15pt;letter-spacing:0.1em">{TITLE}</h1><p>{LEAD}</p>'
        '<p style="font-size:12pt">○</p><p style="font-size:12pt">○</p></body></html>'
    )
    script = f"import weasyprint; weasyprint.HTML(string={html!r}).write_pdf({str(page)!r})"
    env = latin_only_fonts(tmp_path)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True)
    # The text layer still reads right (read_page finds both lines with pdftotext) ...
    title, lead, marks = read_page(page, tmp_path / "tofu")
    # ... but what is drawn is boxes.
    assert title == "□" * len(TITLE) and lead != LEAD
    assert "○" not in marks


def test_a_broken_install_on_a_machine_without_japanese_fonts_refuses(
    tmp_path: Path, broken_yakkan: Path
) -> None:
    village = make_village(tmp_path / "v")
    village.approved(ID, date="2026-04-01")
    target = tmp_path / "tofu.pdf"
    refused = run(village, broken_yakkan, "render", ID, "--format", "pdf", "-o", str(target),
                  env=latin_only_fonts(tmp_path))  # fmt: skip
    assert refused.code == 1, refused.output
    assert "BIZUDMincho-Regular.ttf" in refused.stderr  # which file is missing
    assert "pip install --force-reinstall yakkan" in refused.stderr  # what to do
    assert "apt install fonts-morisawa-bizud-mincho" in refused.stderr
    assert "--format html" in refused.stderr  # and what works meanwhile
    assert "Traceback" not in refused.output and not target.exists()
    html = run(village, broken_yakkan, "render", ID, "--format", "html",
               env=latin_only_fonts(tmp_path))  # fmt: skip
    assert html.code == 0 and TITLE in html.stdout
    # Where the machine has Japanese fonts, they stand in for the lost face.
    made = run(village, broken_yakkan, "render", ID, "--format", "pdf", "-o", str(target))
    assert made.code == 0, made.output
    assert any("CJK" in name or "JP" in name for name, _ in pdffonts(target))


def test_the_register_and_a_bundle_are_set_in_the_bundled_faces(
    tmp_path: Path, wheel_yakkan: Path, village: Village
) -> None:
    village.approved(ID, date="2026-04-01")
    env = latin_only_fonts(tmp_path)
    register = tmp_path / "register.pdf"
    made = run(village, wheel_yakkan, "register", "--format", "pdf", "-o", str(register),
               env=env)  # fmt: skip
    assert made.code == 0, made.output
    faces = {name.split("+", 1)[1] for name, _ in pdffonts(register)}
    assert "yakkan-Gothic" in faces and faces <= {"yakkan-Gothic", "yakkan-Gothic-Bold"}, faces
    bundle = tmp_path / "bundle.pdf"
    made = run(village, wheel_yakkan, "render", ID, "--format", "pdf", "--bundle", "-o",
               str(bundle), env=env)  # fmt: skip
    assert made.code == 0, made.output
    faces = {name.split("+", 1)[1] for name, _ in pdffonts(bundle)}
    assert faces and all(face.startswith("yakkan-") for face in faces), faces


def test_a_character_the_bundled_faces_lack_is_named_not_taken_from_another_font(
    village: Village, tmp_path: Path
) -> None:
    """A chess knight (DejaVu, on this machine, has one) and a private-use character (a gaiji
    pasted from another system, in no font): the PDF would take the first from whichever
    font the machine has, and print the second as □. Both are named with the words around
    them, and no PDF is made."""
    assert (fonts_covering(":charset=265e") or (0,))[0] > 0, "a font here has ♞: fonts-dejavu"
    source = village.application_file(ID, 3).read_text("utf-8")
    typed = tmp_path / "application.yaml"
    text = source.replace("外部の委員と共有", "外部の委員\ue000と共有♞の駒")
    typed.write_text(text, "utf-8")
    village.ok("apply", "--from", str(typed), "--date", "2026-03-20")
    target = tmp_path / "form.pdf"
    refused = village.yakkan("render", ID, "--format", "pdf", "-o", str(target))
    assert refused.code == 1, refused.output
    assert "U+E000" in refused.stderr and "U+265E" in refused.stderr
    assert "外部の委員\ue000と共有♞の駒" in refused.stderr  # where, to find it
    assert "同梱のフォント（BIZ UD明朝・BIZ UDゴシック）にありません" in refused.stderr
    assert f"管理番号：{ID}" in refused.stderr and "--format html" in refused.stderr
    assert "Traceback" not in refused.output and not target.exists()
    assert village.status() == ""
    assert village.yakkan("render", ID, "--format", "html").code == 0
