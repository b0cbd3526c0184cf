"""A6: dates are self-declared. Time is the mainline's clock: `--date` may not run ahead of
the commit (judged by the committer date), back-dating is capped, and retention counts from
the day the termination's approval reached the mainline.

Each forgery is first tried with `yakkan` itself; a command that refuses the date has
stopped it at the door, and then there is no history to replay."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import LATER
from tests.e2e.forgeries.found import audit_finds, found, found_then_merged, verify_finds
from tests.village import Village

FUTURE = "2030-01-01T10:00:00+09:00"


def tried(village: Village, person: str, *args: str, when: str = LATER, **env: str) -> bool:
    """Run a command on the day `when` whatever its --date says; False if it refused."""
    result = village.yakkan(*args, as_=person, when=when, env=env)
    assert "Traceback" not in result.output, result.output
    assert result.code in (0, 1), result.output
    return result.code == 0


def test_a_2022_lifecycle_run_in_one_afternoon(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    files = year.files
    steps = [
        ("yamada", "apply", "--from", str(year.application_file("somu-past")),
         "--attach", f"signup={files / 'signup.png'}", "--attach", f"terms={files / 'terms.pdf'}",
         "--date", "2022-01-05"),
        ("yamada", "check", "somu-past", "--role", "applicant",
         *[a for n in range(1, 9) for a in ("--mark", f"{n}=ok")], "--date", "2022-01-05"),
        ("sato", "check", "somu-past", "--role", "responsible",
         *[a for n in range(1, 9) for a in ("--mark", f"{n}=ok")], "--date", "2022-01-07"),
        ("sato", "approve", "somu-past", "--date", "2022-01-10"),
        ("suzuki", "terminate", "somu-past", "--reason", "移行", "--end", "2022-02-28",
         "--attach", f"agreement={files / 'agreement.pdf'}",
         "--attach", f"deletion={files / 'deletion.pdf'}", "--date", "2022-02-01"),
        ("suzuki", "check", "somu-past", "--role", "applicant",
         *[a for n in range(1, 5) for a in ("--mark", f"{n}=ok")], "--date", "2022-02-01"),
        ("sato", "check", "somu-past", "--role", "responsible",
         *[a for n in range(1, 5) for a in ("--mark", f"{n}=ok")], "--date", "2022-02-02"),
        ("sato", "approve", "somu-past", "--date", "2022-03-01"),
        ("sato", "dispose", "somu-past", "--date", "2026-08-01"),
    ]  # fmt: skip
    for person, *args in steps:
        if not tried(year, person, *args):
            return
    applied = year.git("rev-list", "--reverse", "main..pr").split()[0]
    disposed = year.head()
    verify_finds(year, year.git("rev-parse", "main").strip(), applied, "A6", "somu-past")
    year.merge("pr")
    audit_finds(year, applied, "A6", "somu-past")
    audit_finds(year, disposed, ("A6", "S5.4"), "somu-past")


def test_author_date_in_2030_disposes_early(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    if not tried(year, "sato", "dispose", "somu-old", "--date", "2030-01-01",
                 GIT_AUTHOR_DATE=FUTURE):  # fmt: skip
        return
    found(year, base, year.head(), ("A6", "S5.4"), "somu-old")


def test_committer_date_in_the_future(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    if not tried(year, "sato", "dispose", "somu-old", "--date", "2030-01-01", when=FUTURE):
        return
    found_then_merged(year, "pr", year.head(), ("A6", "S5.4"), "somu-old")


def test_back_dated_past_the_cap(year: Village) -> None:
    """A backup "done" on May 1 recorded on August 1: more than max_backdate_days (31)."""
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    args = ("backup-log", "somu-drive", "--method", "手動", "--location", "庁内")
    if not tried(year, "suzuki", *args, "--date", "2026-05-01"):
        return
    found(year, base, year.head(), "A6", "somu-drive")


def test_a_zone_moved_east_to_excuse_a_backup_dated_ahead(village: Village) -> None:
    """A backup written by hand into a commit of 20:00 in Tokyo on 05-21, dated 05-22: a
    day after its commit on the calendar then in force. A later config commit moves the
    village to UTC+14, where that commit's day is 05-22: judged on HEAD's calendar it
    would look honest; judged on the calendar in force when it was made, it is named."""
    service = "somu-drive"
    village.approved(service, date="2026-04-01")
    village.ok("acknowledge", service, "--date", "2026-04-02", as_="suzuki")
    rel = f"records/somu/{service}.yaml"
    village.append(
        rel, "backups:\n- 'on': '2026-05-22'\n  by: suzuki\n  method: 手動\n  location: 庁内\n"
    )
    forged = village.hand_commit(
        "suzuki",
        f"backup-log({service}): バックアップを記録",
        when="2026-05-21T20:00:00+09:00",
        trailers=f"backup-log {service} suzuki",
    )
    config = village.path / "yakkan.yaml"
    config.write_text(config.read_text("utf-8") + "timezone: Pacific/Kiritimati\n", "utf-8")
    village.hand_commit(
        "sato", "Keep the village's days at UTC+14", when="2026-05-25T10:00:00+09:00"
    )
    audit_finds(village, forged, "A6", service)
