"""`yakkan site -o DIR` in a real headless browser: Debian's Chromium driven by Playwright.

The site is opened as a manager would open it from disk (`file://`). Every test listens to
what the page does: the requests it makes (all must stay inside the site's folder), the
dialogs and console messages (a hostile record must run nothing), and what a person sees
(rows shown after filtering, the order after sorting, no sideways scrolling on a phone).
With YAKKAN_UPDATE_SCREENSHOTS=1 the screenshots of the README are saved to docs/images/.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    ViewportSize,
    sync_playwright,
)

from tests.village import Village, clean_env, yakkan_command

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AS_OF = "2026-11-26"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1200, "height": 760}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail("Chromium is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with everything it did recorded: requests, dialogs, console messages."""

    def __init__(self, browser: Browser, viewport: ViewportSize = DESKTOP) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text}")

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        return self.page

    def close(self) -> None:
        self.context.close()


# Rows a person sees: laid out on the page (a row the filter marked hidden but that a style
# still shows counts as shown).
SHOWN = "rows => rows.filter(r => r.getClientRects().length > 0)"


def visible_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "#register tbody tr", f"{SHOWN}.map(r => r.querySelector('td.id').textContent.trim())"
    )
    return ids


def column(page: Page, name: str) -> list[str]:
    index = page.eval_on_selector_all(
        "#register thead th", f"hs => hs.findIndex(h => h.dataset.col === {name!r})"
    )
    values: list[str] = page.eval_on_selector_all(
        "#register tbody tr", f"{SHOWN}.map(r => r.cells[{index}].textContent.trim())"
    )
    return values


def build(village: Village, out: Path, *args: str) -> str:
    result = village.yakkan("site", "-o", str(out), "--as-of", AS_OF, *args)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    return result.stderr


@pytest.fixture(scope="module")
def site(demo: Village, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the demo village (a year of the procedure, an honest history), with PDFs."""
    out = tmp_path_factory.mktemp("site") / "台帳サイト"
    build(demo, out)
    return out


# --- the register ------------------------------------------------------------------------


def test_the_register_loads_from_disk_and_filters_by_department_and_state(
    site: Path, demo: Village, browser: Browser
) -> None:
    listed = village_list(demo)
    watched = Watched(browser)
    page = watched.open(site / "index.html")
    assert page.title().startswith("台帳")
    assert visible_ids(page) == sorted(listed, key=lambda i: (listed[i]["dept"], i))
    assert page.inner_text("#shown") == f"{len(listed)} 件中 {len(listed)} 件を表示"

    page.select_option("#filter-department", label="企画課")
    kikaku = [i for i, r in listed.items() if r["dept"] == "kikaku"]
    assert kikaku and sorted(visible_ids(page)) == sorted(kikaku)
    assert page.inner_text("#shown") == f"{len(listed)} 件中 {len(kikaku)} 件を表示"

    page.select_option("#filter-state", label="終了")
    both = [i for i in kikaku if listed[i]["state"] == "terminated"]
    assert sorted(visible_ids(page)) == sorted(both)
    page.select_option("#filter-department", label="すべて")
    assert sorted(visible_ids(page)) == sorted(
        i for i, r in listed.items() if r["state"] == "terminated"
    )
    assert not watched.dialogs and not watched.console, watched.console
    watched.close()


def village_list(village: Village) -> dict[str, dict[str, str]]:
    items = json.loads(village.ok("list", "--json").stdout)
    return {i["id"]: {"dept": i["department"], "state": i["state"]} for i in items}


def test_sorting_by_a_column_and_back(site: Path, browser: Browser) -> None:
    watched = Watched(browser)
    page = watched.open(site / "index.html")
    assert page.is_hidden("#sort-by")  # the column heads sort on a wide screen
    page.click("#register th[data-col=next_due] button")
    dates = column(page, "next_due")
    filled = [d for d in dates if d]
    assert filled == sorted(filled) and len(filled) >= 2
    assert dates == filled + [""] * (len(dates) - len(filled))  # no date yet: last
    assert page.get_attribute("#register th[data-col=next_due]", "aria-sort") == "ascending"
    page.click("#register th[data-col=next_due] button")
    dates = column(page, "next_due")
    assert [d for d in dates if d] == sorted(filled, reverse=True)
    assert page.get_attribute("#register th[data-col=next_due]", "aria-sort") == "descending"
    page.click("#register th[data-col=id] button")
    ids = column(page, "id")
    assert ids == sorted(ids)
    watched.close()


def test_the_register_is_whole_without_javascript(site: Path, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert len(visible_ids(page)) == 6
    assert page.is_hidden("#filters")  # controls that need the script are not offered
    context.close()


# --- a service page ----------------------------------------------------------------------


def test_a_service_page_shows_its_forms_attachments_history_and_audit(
    site: Path, demo: Village, browser: Browser
) -> None:
    watched = Watched(browser)
    page = watched.open(site / "index.html")
    page.click("text=somu-google-drive")
    assert page.url == (site / "services/somu-google-drive/index.html").as_uri()
    forms = page.inner_text("#forms + ul")
    assert "約款による外部サービス利用申請書" in forms
    history = page.eval_on_selector_all(
        "#history + div tbody tr", "rows => rows.map(r => r.cells[1].textContent)"
    )
    assert history[0] == "申請" and "承認" in history and "バックアップ" in history
    expected = demo.git("log", "--format=%h", "--", "records/somu/somu-google-drive.yaml")
    assert len(history) >= len(expected.split())
    assert "監査の指摘はありません" in page.inner_text("#audit + p")

    # The attachments are copies of the repository's files, byte for byte.
    links = page.eval_on_selector_all(
        "#attachments + div a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert links
    for href in links:
        copy = site / "services/somu-google-drive" / href
        name = re.sub(r"^files/\d+-", "", href)
        original = demo.path / "attachments/somu-google-drive" / name
        assert copy.read_bytes() == original.read_bytes()

    page.click("#forms + ul a >> text=HTML")
    assert "約款による外部サービス利用申請書" in page.inner_text("h1")
    assert "somu-google-drive" in page.inner_text("body")
    pdf = site / "services/somu-google-drive/application.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not watched.dialogs and not watched.console, watched.console
    watched.close()


def test_every_request_stays_inside_the_site_folder(site: Path, browser: Browser) -> None:
    watched = Watched(browser)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 2 + 6 * 2  # index, due, and per service its page and form(s)
    for path in pages:
        watched.open(path)
    inside = site.as_uri() + "/"
    assert watched.requests and all(url.startswith(inside) for url in watched.requests), [
        url for url in watched.requests if not url.startswith(inside)
    ]
    assert not watched.console, watched.console
    watched.close()


def test_the_pages_forbid_every_fetch(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, path
        rules = html_lib.unescape(policy.group(1))
        assert rules.startswith("default-src 'none';"), rules
        directives = dict(d.strip().split(" ", 1) for d in rules.split(";"))
        # No script but ours, by its hash: never any inline script, never from anywhere.
        assert re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", directives.get("script-src", "'sha256-x'"))
        # Nothing to load at all: no element with a source, no linked style sheet or icon.
        assert not re.search(r"<[a-z]+\s[^>]*\bsrc=|<link\b", html, re.I), path


def test_no_sideways_scrolling_on_a_phone(site: Path, browser: Browser) -> None:
    watched = Watched(browser, PHONE)
    for rel in ("index.html", "due.html", "services/somu-google-drive/index.html"):
        page = watched.open(site / rel)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{rel}: {width}px wide"
        assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]
    # On a phone each row is a card: the filter hides cards too, and with the table's head
    # out of sight a list of the columns sorts them.
    page = watched.open(site / "index.html")
    assert page.is_hidden("#register thead") and page.is_visible("#sort-by")
    page.select_option("#sort-by", label="次の期限")
    dates = [d for d in column(page, "next_due") if d]
    assert len(dates) >= 2 and dates == sorted(dates)
    page.click("#sort-reverse")
    assert [d for d in column(page, "next_due") if d] == sorted(dates, reverse=True)
    page.select_option("#filter-department", label="教育委員会")
    assert visible_ids(page) == ["kyoiku-padlet"]
    assert not watched.console, watched.console
    watched.close()


def test_the_due_page_lists_the_due_tasks(site: Path, demo: Village, browser: Browser) -> None:
    due = json.loads(demo.ok("due", "--as-of", AS_OF, "--json").stdout)
    watched = Watched(browser)
    page = watched.open(site / "due.html")
    rows = page.eval_on_selector_all(
        "#due tbody tr", "rows => rows.map(r => r.cells[0].textContent)"
    )
    assert rows == [item["due"] for item in due]
    watched.close()


# --- hostile records ---------------------------------------------------------------------

HOSTILE_NAME = "<script>window.pwned=1;alert(1)</script>"
HOSTILE_PROVIDER = "</script><img src=x onerror=alert(2)>"
HOSTILE_DESCRIPTION = "<iframe src=https://example.com/></iframe>"
HOSTILE_FILE = "<img src=x onerror=alert(3)>.png"


def hostile_village(village: Village) -> None:
    text = (
        village.application_file("somu-drive")
        .read_text("utf-8")
        .replace("name: Google ドライブ", f'name: "{HOSTILE_NAME}"')
        .replace("provider: Google LLC", f'provider: "{HOSTILE_PROVIDER}"')
        .replace("description: 会議資料を外部の委員と共有する",
                 f'description: "{HOSTILE_DESCRIPTION}"')
        .replace("terms_url: https://policies.google.com/terms", "terms_url: javascript:alert(4)")
    )  # fmt: skip
    source = village.write("hostile.yaml", text)
    (village.files / HOSTILE_FILE).write_bytes(b"\x89PNG\r\n\x1a\n hostile name")
    village.ok(
        "apply", "--from", str(source), "--attach", f"signup={village.files / HOSTILE_FILE}",
        "--attach", f"terms={village.files / 'terms.pdf'}", "--date", "2026-03-20",
    )  # fmt: skip


def test_hostile_record_text_stays_text(village: Village, tmp_path: Path, browser: Browser) -> None:
    hostile_village(village)
    out = tmp_path / "site"
    build(village, out, "--no-pdf")
    watched = Watched(browser)
    for rel in ("index.html", "due.html", "services/somu-drive/index.html",
                "services/somu-drive/application.html"):  # fmt: skip
        page = watched.open(out / rel)
        assert page.evaluate("window.pwned") is None
        assert page.eval_on_selector_all("img, iframe", "found => found.length") == 0
        assert page.eval_on_selector_all("a[href^='javascript:' i]", "a => a.length") == 0
    page = watched.open(out / "services/somu-drive/index.html")
    body = page.inner_text("body")
    assert HOSTILE_NAME in body and HOSTILE_PROVIDER in body and HOSTILE_FILE in body
    assert "javascript:alert(4)" in body  # shown, never a link
    (link,) = page.eval_on_selector_all(
        "#attachments + div a",
        "links => links.filter(a => a.textContent.includes('onerror'))"
        ".map(a => a.getAttribute('href'))",
    )
    copied = out / "services/somu-drive" / link
    assert copied.resolve().is_relative_to(out.resolve()) and copied.is_file()
    assert "<" not in copied.name and ">" not in copied.name
    page = watched.open(out / "index.html")
    assert HOSTILE_PROVIDER in page.inner_text("#register")
    # The script still runs (it filled the count), and nothing else did.
    assert page.inner_text("#shown") == "1 件中 1 件を表示"
    assert not watched.dialogs, watched.dialogs
    assert not watched.console, watched.console
    inside = out.as_uri() + "/"
    assert all(url.startswith(inside) for url in watched.requests), watched.requests
    watched.close()


def test_a_record_that_does_not_load_is_named_on_the_register(
    village: Village, tmp_path: Path
) -> None:
    village.apply("somu-drive")
    village.apply("somu-mail")
    village.edit("records/somu/somu-mail.yaml", "attachments/somu-mail/signup.png",
                 "attachments/somu-mail/../../../x")  # fmt: skip
    out = tmp_path / "site"
    result = village.yakkan("site", "-o", str(out), "--no-pdf", "--as-of", AS_OF)
    assert result.code == 1 and "somu-mail.yaml" in result.stderr
    assert "Traceback" not in result.output
    html = (out / "index.html").read_text("utf-8")
    assert "somu-mail.yaml" in html and "services/somu-mail" not in html
    assert "未コミットの変更が 1 件" in html  # the hand edit, not yet committed
    assert not (out / "services/somu-mail").exists()


# --- the folder --------------------------------------------------------------------------


def test_a_folder_with_other_files_is_refused_and_kept(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    out = tmp_path / "documents"
    out.mkdir()
    (out / "memo.txt").write_text("keep me", "utf-8")
    result = village.yakkan("site", "-o", str(out), "--no-pdf")
    assert result.code == 1 and "memo.txt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["memo.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    # A previous site is replaced; a file someone put into it stops that.
    site = tmp_path / "site"
    build(village, site, "--no-pdf")
    build(village, site, "--no-pdf")
    (site / "services" / "notes.txt").write_text("mine", "utf-8")
    result = village.yakkan("site", "-o", str(site), "--no-pdf")
    assert result.code == 1 and "services/notes.txt" in result.stderr
    assert (site / "services" / "notes.txt").read_text("utf-8") == "mine"
    assert (site / "index.html").is_file()

    a_file = tmp_path / "file.html"
    a_file.write_text("x", "utf-8")
    result = village.yakkan("site", "-o", str(a_file), "--no-pdf")
    assert result.code == 1 and a_file.read_text("utf-8") == "x"


def test_a_failure_leaves_the_old_site_whole(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    site = tmp_path / "site"
    build(village, site, "--no-pdf")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # A records repository's own template that fails to render stops the build midway.
    village.append("yakkan.yaml", "templates:\n  use_repository: true\n")
    (village.path / "templates").mkdir()
    (village.path / "templates/application.html.j2").write_text("{{ 1 / 0 }}", "utf-8")
    result = village.yakkan("site", "-o", str(site), "--no-pdf")
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", "village", "files"])


def test_a_run_killed_between_its_renames_is_put_right(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    site = tmp_path / "site"
    build(village, site, "--no-pdf")
    # As a run killed after moving the old site aside and before moving the new one in.
    site.rename(tmp_path / ".site.yakkan-old")
    build(village, site, "--no-pdf")
    assert (site / "index.html").is_file()
    assert not (tmp_path / ".site.yakkan-old").exists()


def test_help_says_pdf_is_slow() -> None:
    proc = subprocess.run(
        [*yakkan_command(), "site", "--help"], env=clean_env(), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0
    assert "--no-pdf" in proc.stdout and "1.5 秒" in proc.stdout


# --- screenshots for the README ----------------------------------------------------------


def test_screenshots(site: Path, browser: Browser, tmp_path: Path) -> None:
    """The README's pictures, taken from the site as it is; saved to docs/images/ only when
    YAKKAN_UPDATE_SCREENSHOTS=1 (then commit them)."""
    folder = IMAGES if os.environ.get("YAKKAN_UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shots = {
        "site-register": ("index.html", DESKTOP),
        "site-register-phone": ("index.html", PHONE),
        "site-service": ("services/somu-google-drive/index.html", DESKTOP),
        "site-service-phone": ("services/somu-google-drive/index.html", PHONE),
    }
    for name, (rel, viewport) in shots.items():
        watched = Watched(browser, viewport)
        page = watched.open(site / rel)
        target = folder / f"{name}.png"
        page.screenshot(path=str(target))
        assert target.read_bytes().startswith(b"\x89PNG")
        assert target.stat().st_size < 400_000
        watched.close()


# --- one department, and records the site cannot give a page -----------------------------


def apply_in_kikaku(village: Village, service_id: str) -> None:
    text = village.application_file(service_id).read_text("utf-8")
    source = village.write(f"{service_id}.yaml", text.replace("department: somu",
                                                             "department: kikaku"))  # fmt: skip
    village.ok(
        "apply", "--from", str(source), "--attach", f"signup={village.files / 'signup.png'}",
        "--attach", f"terms={village.files / 'terms.pdf'}", "--date", "2026-03-20",
        as_="takahashi",
    )  # fmt: skip


def test_one_departments_site(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    apply_in_kikaku(village, "kikaku-chat")
    out = tmp_path / "site"
    build(village, out, "--no-pdf", "--department", "企画課")
    index = (out / "index.html").read_text("utf-8")
    assert "企画課のみ" in index
    assert "services/kikaku-chat/index.html" in index and "somu-drive" not in index
    assert "somu-drive" not in (out / "due.html").read_text("utf-8")
    assert sorted(p.name for p in (out / "services").iterdir()) == ["kikaku-chat"]


def test_the_same_id_in_two_departments_gets_no_page(village: Village, tmp_path: Path) -> None:
    village.apply("somu-drive")
    apply_in_kikaku(village, "kikaku-chat")
    twin = village.path / "records/somu/kikaku-chat.yaml"
    twin.write_text(
        village.record_text("kikaku-chat", "kikaku").replace("department: kikaku",
                                                             "department: somu"),
        "utf-8",
    )  # fmt: skip
    out = tmp_path / "site"
    result = village.yakkan("site", "-o", str(out), "--no-pdf", "--as-of", AS_OF)
    assert result.code == 1 and "kikaku-chat" in result.stderr, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (out / "services").iterdir()) == ["somu-drive"]
    index = (out / "index.html").read_text("utf-8")
    assert "services/kikaku-chat" not in index and "kikaku-chat" in index  # named as an error
    due = (out / "due.html").read_text("utf-8")
    assert "kikaku-chat" in due and "services/kikaku-chat" not in due  # listed, not linked
