"""Who git would record as the author of the next commit, and on which day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from yakkan_cli.vcs.git.run import GitRunner


class Identity(GitRunner):
    """The author git would record now, and the day it would stamp."""

    def _author_ident(self) -> str | None:
        proc = self.run("var", "GIT_AUTHOR_IDENT", check=False)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None

    def author_ident(self) -> str | None:
        """`Name <email> stamp zone`, as the next commit would carry it."""
        ident = self._author_ident()
        return ident.strip() if ident else None

    def author_email(self) -> str | None:
        """The e-mail of the author git would record now, or None when git has none."""
        ident = self._author_ident() or ""
        start, end = ident.find("<"), ident.find(">")
        if start < 0 or end <= start + 1:
            return None
        return ident[start + 1 : end].strip()

    def ident_day(self, variable: str) -> date | None:
        """The calendar day git would stamp now as `variable`'s date (GIT_AUTHOR_IDENT or
        GIT_COMMITTER_IDENT): today, unless GIT_*_DATE says otherwise. On the village's
        calendar (`zone`), else in the stamp's own offset."""
        proc = self.run("var", variable, check=False)
        ident = proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else ""
        try:
            stamp, zone = ident.rsplit(">", 1)[1].split()
            sign = -1 if zone.startswith("-") else 1
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
            when = datetime.fromtimestamp(int(stamp), timezone(offset))
            return (when.astimezone(self.zone) if self.zone is not None else when).date()
        except (IndexError, ValueError):
            return None
