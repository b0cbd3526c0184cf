"""Nothing in clear (issue 21.4): a login (notify.username) over an unencrypted connection
(security: none) sends the password as plain text. `validate` and `notify` refuse it unless
yakkan.yaml says `notify.allow_plaintext_login: true`, and then every run warns. Against a
real SMTP server on the loopback (aiosmtpd) that offers AUTH without TLS, as a careless
server would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.e2e.test_notify import AS_OF, STATE, Inbox, configure, free_port
from tests.village import Village

LOGIN = "  username: yakkan\n  password_env: YAKKAN_SMTP_PASSWORD\n"


class Server:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.passwords: list[bytes] = []  # every password the server was shown
        self.port = free_port()

    def check(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            self.passwords.append(data.password)
        return AuthResult(success=True)


@pytest.fixture
def server() -> Iterator[Server]:
    found = Server()
    controller = Controller(
        found.inbox,
        hostname="127.0.0.1",
        port=found.port,
        authenticator=found.check,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield found
    finally:
        controller.stop()


def test_a_login_in_clear_is_refused(village: Village, server: Server) -> None:
    village.approved("somu-drive", date="2026-04-01")
    configure(village, server.port, extra=LOGIN)
    village.env["YAKKAN_SMTP_PASSWORD"] = "s3cret"

    checked = village.yakkan("validate")
    assert checked.code == 1
    assert "yakkan.yaml:" in checked.stderr and "notify.security" in checked.stderr
    assert "暗号化されずに" in checked.stderr and "allow_plaintext_login" in checked.stderr
    assert "Traceback" not in checked.output

    sent = village.yakkan("notify", "--as-of", AS_OF)
    assert sent.code == 1
    assert "暗号化されていない接続でのログインはしません" in sent.stderr
    assert "notify.security" in sent.stderr
    assert "Traceback" not in sent.output
    assert server.passwords == [] and server.inbox.received == []  # never even connected
    assert not (village.path / STATE).exists()

    # A dry run sends nothing and logs in nowhere: it shows the messages, and says why the
    # real run would refuse.
    dry = village.yakkan("notify", "--as-of", AS_OF, "--dry-run")
    assert dry.code == 0 and "To: suzuki@example.jp" in dry.stdout
    assert "暗号化されずに" in dry.stderr


def test_said_explicitly_it_runs_and_warns_each_time(village: Village, server: Server) -> None:
    village.approved("somu-drive", date="2026-04-01")
    configure(village, server.port, extra=LOGIN + "  allow_plaintext_login: true\n")
    village.env["YAKKAN_SMTP_PASSWORD"] = "s3cret"
    checked = village.ok("validate")
    assert "暗号化せずに" in checked.stderr
    for _ in range(2):
        sent = village.ok("notify", "--as-of", AS_OF)
        assert "暗号化せずに" in sent.stderr and "allow_plaintext_login" in sent.stderr
    assert server.passwords == [b"s3cret"]  # the first run sent mail; the second had none new
    assert server.inbox.count_for("suzuki@example.jp") == 1


def test_without_a_login_or_with_tls_nothing_is_said(village: Village, server: Server) -> None:
    village.approved("somu-drive", date="2026-04-01")
    configure(village, server.port)  # security: none, no username: nothing to leak
    checked = village.ok("validate")
    assert "暗号化" not in checked.stderr
    sent = village.ok("notify", "--as-of", AS_OF)
    assert "暗号化" not in sent.stderr
    assert server.inbox.count_for("suzuki@example.jp") == 1
    configure(village, server.port, extra=LOGIN, security="starttls")
    assert "暗号化" not in village.ok("validate").stderr
