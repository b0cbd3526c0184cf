"""Text from records and commits is data (issue 9, item 1): never markup, never control.

Each test does what a hostile or merely unlucky record would: a service named `Box [/x]`,
`[i]…[/i]` in a name, terminal escapes written as YAML escapes, markup and escapes in a
commit's trailers. The installed yakkan must print them as written (controls escaped, as
`\\x1b`) on a pipe and on a terminal, and never exit 3.
"""

from __future__ import annotations

from tests.terminal import on_a_terminal
from tests.village import Village

# What the hostile text holds, raw. (audit's own progress bar on a terminal writes cursor
# escapes of its own to stderr; those are not data.)
RAW_CONTROLS = ("\x1b]0;", "\x1b[31m", "\x1b[2J", "\x07", "\x9b")


def _markup_application(village: Village) -> None:
    text = village.application_file("somu-box").read_text("utf-8")
    text = text.replace("provider: Google LLC", 'provider: "[i]Acme[/i] [bold]"')
    text = text.replace("name: Google ドライブ", 'name: "Box [/x]"')
    text = text.replace("purpose: 審議会の会議資料の事前共有", 'purpose: "[/] [link=x]共有"')
    village.write("somu-box.yaml", text)
    village.ok(
        "apply",
        "--from",
        str(village.files / "somu-box.yaml"),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--date",
        "2026-03-20",
    )


def test_markup_in_a_record_is_printed_as_written(village: Village) -> None:
    _markup_application(village)
    piped = {}
    for args in (("list",), ("show", "somu-box"), ("due", "--as-of", "2026-04-01")):
        result = piped[args] = village.ok(*args)
        assert "Box [/x]" in result.stdout, args
        assert "[i]Acme[/i] [bold]" in result.stdout, args
        on_screen = on_a_terminal(village.path, village._env("yamada", None), *args)
        assert "Box [/x]" in on_screen, (args, on_screen)
        assert "[i]Acme[/i]" in on_screen, (args, on_screen)
        assert "Traceback" not in on_screen and "内部エラー" not in on_screen
    shown = piped[("show", "somu-box")].stdout  # (read above; nothing changed since)
    assert "[/] [link=x]共有" in shown


def test_terminal_escapes_in_a_record_never_reach_the_terminal(village: Village) -> None:
    village.apply()
    path = village.path / "records/somu/somu-drive.yaml"
    text = path.read_text("utf-8")
    text = text.replace(
        "description: 会議資料を外部の委員と共有する",
        'description: "共有\\e]0;pwned\\a\\e[2J"',
    )
    text = text.replace("name: Google ドライブ", 'name: "Box\\e[31m赤\\x9b"')
    path.write_text(text, "utf-8")
    village.git("commit", "-qam", "escapes written by hand")
    piped = {}
    for args in (
        ("list",),
        ("show", "somu-drive"),
        ("due", "--as-of", "2026-04-01"),
        ("history", "somu-drive"),
    ):
        result = piped[args] = village.yakkan(*args)
        on_screen = on_a_terminal(village.path, village._env("yamada", None), *args)
        # A model that refuses control characters answers with exit 1 and a message; the
        # output layer shows the record: either way nothing raw reaches the screen.
        assert result.code in (0, 1), (args, result.output)
        for out in (result.output, on_screen):
            assert not any(c in out for c in RAW_CONTROLS), (args, out)
            assert "Traceback" not in out and "内部エラー" not in out
        # (`due` lists the records it could read and names the others on stderr.)
        if (
            result.code == 0
            and args[0] in ("list", "show", "due")
            and "somu-drive" in result.stdout
        ):
            assert "Box\\x1b[31m赤\\x9b" in result.stdout, args
    # A form on the screen is read too; into a pipe it stays the document, byte for byte.
    form = on_a_terminal(
        village.path, village._env("yamada", None), "render", "somu-drive", "--format", "md"
    )
    assert not any(c in form for c in RAW_CONTROLS), form
    assert "Traceback" not in form and "内部エラー" not in form
    shown = piped[("show", "somu-drive")]  # (read above; nothing changed since)
    if shown.code == 0:
        assert "共有\\x1b]0;pwned\\x07\\x1b[2J" in shown.stdout


def test_markup_and_escapes_in_commit_trailers(village: Village) -> None:
    village.apply()
    path = village.path / "records/somu/somu-drive.yaml"
    path.write_text(path.read_text("utf-8").replace("users_count: 12", "users_count: 13"), "utf-8")
    message = village.files / "message.txt"
    message.write_bytes(
        "手で変更 [/x]\n\n"
        "Yakkan-Action: [/x]\n"
        "Yakkan-Service: somu-drive\x1b]0;t\x07[bold]\n"
        "Yakkan-Actor: [i]yamada[/i]\n".encode()
    )
    village.git("add", "-A")
    village.git("commit", "-q", "-F", str(message))

    history = village.yakkan("history", "somu-drive")
    assert history.code == 0, history.output
    assert "[/x]" in history.stdout
    audit = village.yakkan("audit")
    assert audit.code == 1, audit.output  # findings, not a crash
    assert "[/x]" in audit.stdout or "\\x1b]0;t\\x07[bold]" in audit.stdout
    # history keeps nothing between runs: its pipe's answer is the one above (nothing
    # changed since). audit keeps a memo: run again, it answers from it.
    for args, piped in ((("history", "somu-drive"), history), (("audit",), None)):
        on_screen = on_a_terminal(village.path, village._env("yamada", None), *args)
        for out in ((piped or village.yakkan(*args)).output, on_screen):
            assert not any(c in out for c in RAW_CONTROLS), (args, out)
            assert "Traceback" not in out and "内部エラー" not in out


def test_json_escapes_what_would_move_the_cursor(village: Village) -> None:
    village.apply()
    path = village.path / "records/somu/somu-drive.yaml"
    text = path.read_text("utf-8").replace("name: Google ドライブ", 'name: "Box\\x9b2J\\u202e"')
    path.write_text(text, "utf-8")
    village.git("commit", "-qam", "C1 and a bidi override")
    result = village.yakkan("show", "somu-drive", "--json")
    if result.code == 0:
        assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
        assert "\\u009b" in result.stdout and "\\u202e" in result.stdout
    else:
        assert "\x9b" not in result.output and "\u202e" not in result.output
