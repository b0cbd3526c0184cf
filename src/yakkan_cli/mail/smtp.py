"""UTF-8 mail through SMTP, with the standard library's `email` and `smtplib`.

The standard library is enough here: `EmailMessage` with the SMTP policy writes proper
MIME (RFC 2047 subjects, base64 bodies for Japanese, CRLF lines) and refuses header values
with line breaks, so text from `yakkan.yaml` cannot inject headers; `smtplib` speaks
STARTTLS and implicit TLS with certificate checks from `ssl.create_default_context()`
(which honours SSL_CERT_FILE for a village's own CA).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from types import TracebackType

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.config import Notify, Security

TIMEOUT = 30  # seconds for connecting and for each SMTP reply


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str


def compose(mail: Mail, settings: Notify, when: datetime) -> EmailMessage:
    """The message as it goes out; `when` (aware: the village's clock) is its Date."""
    message = EmailMessage(policy=SMTP)
    try:
        message["From"] = settings.from_
        message["To"] = ", ".join(mail.to)
        if settings.reply_to:
            message["Reply-To"] = settings.reply_to
        message["Subject"] = mail.subject
    except ValueError as exc:  # a line break in a header value
        raise YakkanError(t("notify.bad_header", reason=str(exc))) from None
    message["Date"] = format_datetime(when)
    domain = settings.from_.rpartition("@")[2].strip(" >") or None
    message["Message-ID"] = make_msgid(domain=domain)
    # Reminders are machine-made: vacation responders must not answer them (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body, charset="utf-8")
    return message


class MailFailed(YakkanError):
    """One message could not be handed to the server; the others may still go."""


class Sender:
    """One SMTP session for all of a run's messages."""

    def __init__(self, settings: Notify, password: str | None) -> None:
        self._settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def _where(self) -> str:
        return f"{self._settings.host}:{self._settings.port}"

    def _failed(self, exc: BaseException) -> YakkanError:
        reason = _reason(exc)
        return YakkanError(t("notify.connect_failed", server=self._where(), reason=reason))

    def __enter__(self) -> Sender:
        settings = self._settings
        context = ssl.create_default_context()
        try:
            if settings.security is Security.SSL:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=TIMEOUT, context=context
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
                if settings.security is Security.STARTTLS:
                    smtp.starttls(context=context)
            if settings.username:
                smtp.login(settings.username, self._password or "")
        except (smtplib.SMTPException, OSError) as exc:
            raise self._failed(exc) from None
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage, to: Sequence[str]) -> None:
        assert self._smtp is not None
        try:
            refused = self._smtp.send_message(message, to_addrs=list(to))
        except (smtplib.SMTPException, OSError) as exc:
            raise MailFailed(
                t("notify.send_failed", to=", ".join(to), reason=_reason(exc))
            ) from None
        if refused:
            raise MailFailed(
                t("notify.send_failed", to=", ".join(refused), reason=_reason_refused(refused))
            )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _reason_refused(exc.recipients)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return t("notify.auth_failed")
    if isinstance(exc, smtplib.SMTPResponseException):
        raw = exc.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        return f"{exc.smtp_code} {text}".strip()
    if isinstance(exc, ssl.SSLError):
        return t("notify.tls_failed", detail=exc.reason or str(exc))
    if isinstance(exc, socket.timeout | TimeoutError):
        return t("notify.timeout")
    if isinstance(exc, ConnectionRefusedError):
        return t("notify.refused")
    if isinstance(exc, socket.gaierror):
        return t("notify.unknown_host")
    return str(exc) or type(exc).__name__


def _reason_refused(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{addr}: {code} {text.decode('utf-8', 'replace')}"
        for addr, (code, text) in refused.items()
    )
