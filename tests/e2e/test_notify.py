"""`yakkan notify` against a real SMTP server on the loopback (aiosmtpd), started per test.

Messages are decoded as a mail client would (the `email` package, default policy) and
checked for every task of their recipient and nothing of anyone else's.
"""

from __future__ import annotations

import email
import json
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.village import CONFIG, Village

AS_OF = "2026-05-10"
STATE = ".git/yakkan/notify.json"

KIKAKU = """\
id: kikaku-mail
department: kikaku
service:
  provider: Example Inc.
  name: メール配信
  description: 広報メールの配信
  category: email
  data_location: domestic
application:
  purpose: 広報
  period: {start: 2026-04-01, end: 2027-03-31}
  administrator: yamada
  information:
    - {name: 広報文, class: 4, personal: false}
  users: [企画課 職員]
  users_count: 3
  alternative: 庁内メール
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Inbox:
    """What the server accepted, and an optional refusal to answer RCPT with."""

    refuse: str | None = None
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def by_address(self) -> dict[str, EmailMessage]:
        found: dict[str, list[EmailMessage]] = {}
        for rcpts, message in self.received:
            for rcpt in rcpts:
                found.setdefault(rcpt, []).append(message)
        return {addr: messages[-1] for addr, messages in found.items()}

    def count_for(self, address: str) -> int:
        return sum(address in rcpts for rcpts, _ in self.received)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def configure(village: Village, port: int, extra: str = "", security: str = "none") -> None:
    text = CONFIG + (
        "notify:\n"
        "  host: 127.0.0.1\n"
        f"  port: {port}\n"
        f"  security: {security}\n"
        "  from: yakkan@example.jp\n"
        "  reply_to: johosystem@example.jp\n"
        f"{extra}"
    )
    (village.path / "yakkan.yaml").write_text(text, "utf-8")
    village.git("commit", "-qam", "notify settings")


def two_departments(village: Village) -> None:
    """somu-drive (総務課, administrator suzuki) and kikaku-mail (企画課, administrator
    yamada), both approved on 2026-04-01 and never operated since."""
    village.approved("somu-drive", date="2026-04-01")
    source = village.write("kikaku-mail.yaml", KIKAKU)
    village.ok(
        "apply", "--from", str(source),
        "--attach", f"signup={village.files / 'signup.png'}",
        "--attach", f"terms={village.files / 'terms.pdf'}",
        "--date", "2026-03-20",
    )  # fmt: skip
    village.mark_all("kikaku-mail", "applicant", "yamada", "2026-03-20")
    village.mark_all("kikaku-mail", "responsible", "takahashi", "2026-03-25")
    village.ok("approve", "kikaku-mail", "--date", "2026-04-01", as_="takahashi")


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    text: str = part.get_content()
    return text


def test_each_assignee_gets_their_tasks_and_nothing_else(
    village: Village, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    configure(village, port)
    two_departments(village)
    result = village.ok("notify", "--as-of", AS_OF)
    assert "通のメールを送りました" in result.stderr
    mails = inbox.by_address()
    # Assignees: suzuki administers somu-drive, yamada kikaku-mail; digests: the responsible
    # managers of each department (somu: sato, tanaka; kikaku: takahashi).
    assert set(mails) == {
        "suzuki@example.jp",
        "yamada@example.jp",
        "sato@example.jp",
        "tanaka@example.jp",
        "takahashi@example.jp",
    }
    suzuki = mails["suzuki@example.jp"]
    assert suzuki["Subject"].startswith("【yakkan】あなたの作業: 期限切れ 3 件")
    assert suzuki["From"] == "yakkan@example.jp"
    assert suzuki["Reply-To"] == "johosystem@example.jp"
    assert suzuki["Auto-Submitted"] == "auto-generated"
    text = body(suzuki)
    assert text.startswith("鈴木 次郎 様")
    for expected in (
        "somu-drive",
        "リスク説明の確認",
        "バックアップ（毎月）",
        "利用目的・情報の確認（毎月）",
        "2026-05-01（令和8年5月1日）",
        "yakkan backup-log somu-drive",
        "yakkan acknowledge somu-drive",
        "yakkan purpose-check somu-drive",
        "9 日超過",
    ):
        assert expected in text, expected
    assert "kikaku-mail" not in text
    yamada = body(mails["yamada@example.jp"])
    assert "kikaku-mail" in yamada and "somu-drive" not in yamada
    digest = body(mails["sato@example.jp"])
    assert "総務課" in digest and "担当: 鈴木 次郎" in digest
    assert "somu-drive" in digest and "kikaku-mail" not in digest
    assert "kikaku-mail" in body(mails["takahashi@example.jp"])
    assert "somu-drive" not in body(mails["takahashi@example.jp"])
    # Nothing in the record repository changed: reminders are not acts of the procedure.
    assert village.status() == ""


def test_not_repeated_before_remind_every_days(village: Village, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    configure(village, port)
    village.approved("somu-drive", date="2026-04-01")
    village.ok("notify", "--as-of", AS_OF)
    first = len(inbox.received)
    assert first == 3  # suzuki, and the digests for sato and tanaka
    again = village.ok("notify", "--as-of", "2026-05-12")
    assert "今日知らせる作業はありません" in again.stderr
    assert len(inbox.received) == first
    # Done: the backup's due date moves on; the next run tells only of what is new or due
    # for a reminder again, and the old backup reminder is not repeated.
    village.ok(
        "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
        "--date", "2026-05-12", as_="suzuki",
    )  # fmt: skip
    village.ok("notify", "--as-of", "2026-05-13")
    assert len(inbox.received) == first  # the new backup is due 2026-06-12: not yet in window
    village.ok("notify", "--as-of", "2026-05-17")  # seven days after the first reminder
    later = body(inbox.by_address()["suzuki@example.jp"])
    assert "リスク説明の確認" in later
    assert "バックアップ（毎月）" not in later


def test_starttls_with_a_self_signed_certificate(village: Village, tmp_path: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True
    )
    controller.start()
    try:
        configure(village, port, security="starttls")
        village.approved("somu-drive", date="2026-04-01")
        # Without the village's CA the certificate is not trusted: nothing is sent.
        refused = village.yakkan("notify", "--as-of", AS_OF)
        assert refused.code == 1, refused.output
        assert "暗号化（TLS）に失敗しました" in refused.stderr
        assert "Traceback" not in refused.output
        assert not (village.path / STATE).exists()
        village.env["SSL_CERT_FILE"] = str(ca_file)
        village.ok("notify", "--as-of", AS_OF)
        assert inbox.count_for("suzuki@example.jp") == 1
    finally:
        controller.stop()


def test_a_refusing_server_marks_nothing_sent(village: Village, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    configure(village, port)
    village.approved("somu-drive", date="2026-04-01")
    inbox.refuse = "550 5.1.1 mailbox unavailable"
    result = village.yakkan("notify", "--as-of", AS_OF)
    assert result.code == 1
    assert "suzuki@example.jp へのメールを送れませんでした: " in result.stderr
    assert "550" in result.stderr
    assert "3 通を送れませんでした" in result.stderr
    state = json.loads((village.path / STATE).read_text("utf-8"))
    assert state["sent"] == {}
    inbox.refuse = None
    village.ok("notify", "--as-of", AS_OF)  # tried again, and now sent
    assert inbox.count_for("suzuki@example.jp") == 1


def test_no_server_is_a_clear_error(village: Village) -> None:
    configure(village, free_port())
    village.approved("somu-drive", date="2026-04-01")
    result = village.yakkan("notify", "--as-of", AS_OF)
    assert result.code == 1
    assert "メールサーバ 127.0.0.1:" in result.stderr
    assert "接続を拒否されました" in result.stderr
    assert "Traceback" not in result.output
    assert not (village.path / STATE).exists()


def test_password_comes_from_the_named_environment_variable(village: Village) -> None:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)  # False: the server answers 535

    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=check, auth_require_tls=False
    )
    controller.start()
    try:
        configure(
            village,
            port,
            extra="  username: yakkan\n  password_env: YAKKAN_SMTP_PASSWORD\n"
            "  allow_plaintext_login: true\n",  # a loopback server: no TLS to offer
        )
        village.approved("somu-drive", date="2026-04-01")
        missing = village.yakkan("notify", "--as-of", AS_OF)
        assert missing.code == 1 and "YAKKAN_SMTP_PASSWORD" in missing.stderr
        village.env["YAKKAN_SMTP_PASSWORD"] = "wrong"
        wrong = village.yakkan("notify", "--as-of", AS_OF)
        assert wrong.code == 1 and "ユーザー名かパスワードが違います" in wrong.stderr
        village.env["YAKKAN_SMTP_PASSWORD"] = "s3cret"
        village.ok("notify", "--as-of", AS_OF)
        assert inbox.count_for("suzuki@example.jp") == 1
    finally:
        controller.stop()


def test_dry_run_prints_and_sends_nothing(village: Village, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    configure(village, port)
    village.approved("somu-drive", date="2026-04-01")
    result = village.ok("notify", "--as-of", AS_OF, "--dry-run")
    assert "To: suzuki@example.jp" in result.stdout
    assert "Subject: 【yakkan】あなたの作業" in result.stdout
    assert "yakkan backup-log somu-drive" in result.stdout
    assert "--dry-run" in result.stderr
    assert inbox.received == []
    assert not (village.path / STATE).exists()


def test_a_person_without_an_address_is_reported(village: Village, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    configure(village, port)
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("email: suzuki@example.jp", "email: suzuki"), "utf-8"
    )
    village.git("commit", "-qam", "suzuki without a mail domain")
    village.approved("somu-drive", date="2026-04-01")
    result = village.yakkan("notify", "--as-of", AS_OF, as_="sato")
    assert result.code == 1
    assert "鈴木 次郎（suzuki）" in result.stderr
    assert inbox.count_for("sato@example.jp") == 1  # the others still go out


def test_notify_without_settings_says_how(village: Village) -> None:
    village.approved("somu-drive", date="2026-04-01")
    result = village.yakkan("notify", "--as-of", AS_OF)
    assert result.code == 1
    assert "notify" in result.stderr and "docs/commands.md" in result.stderr


def test_dry_run_before_the_mail_server_is_set_up_names_every_task(village: Village) -> None:
    """`--dry-run` is what the refusal without `notify:` offers: it printed an internal error
    (the subject's prefix), and a task to settle the data location crashed it (KeyError)."""
    village.approved("somu-drive", date="2026-04-01")
    village.apply("somu-abroad", date="2026-05-01")
    village.ok(
        "edit", "somu-abroad", "--set", "service.data_location=overseas", "--date", "2026-05-01"
    )
    village.mark_all("somu-abroad", "applicant", "yamada", "2026-05-01")
    village.mark_all("somu-abroad", "responsible", "sato", "2026-05-01")
    result = village.ok("notify", "--as-of", AS_OF, "--dry-run", as_="tanaka")
    assert "Subject: 【yakkan】あなたの作業" in result.stdout
    assert "yakkan backup-log somu-drive" in result.stdout
    assert "yakkan edit somu-abroad（海外にしか置けないなら yakkan withdraw somu-abroad）" in (
        result.stdout.replace("\n", "")
    )
