from __future__ import annotations

import io
from dataclasses import dataclass

import pexpect
import pytest

from tests.village import Village, clean_env, yakkan_command


@dataclass(frozen=True)
class DemoAtATerminal:
    village: Village
    screen: str  # everything `yakkan demo` wrote to its terminal, as the person saw it
    status: int


@pytest.fixture(scope="session")
def demo_at_a_terminal(tmp_path_factory: pytest.TempPathFactory) -> DemoAtATerminal:
    """`yakkan demo DIR` typed at a terminal of 80×24 and left alone (nothing typed, as a
    newcomer waits for it): built once for the session, its screen kept for the tests."""
    root = tmp_path_factory.mktemp("demo")
    command = yakkan_command()
    env = clean_env() | {"TERM": "xterm", "COLUMNS": "80", "LINES": "24"}
    screen = io.StringIO()
    child = pexpect.spawn(
        command[0],
        [*command[1:], "demo", str(root / "village")],
        cwd=str(root),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        # Generous for a loaded machine: a demo that waits on a hidden question never ends.
        timeout=300,
    )
    child.logfile_read = screen
    child.expect(pexpect.EOF)
    child.close()
    (root / "files").mkdir()
    shown = screen.getvalue().replace("\r\n", "\n")
    status = child.exitstatus
    assert status == 0, shown
    return DemoAtATerminal(Village(root / "village", root / "files"), shown, status)


@pytest.fixture(scope="session")
def demo(demo_at_a_terminal: DemoAtATerminal) -> Village:
    """The village of `yakkan demo DIR`, built once: a year of the procedure, honestly."""
    return demo_at_a_terminal.village
