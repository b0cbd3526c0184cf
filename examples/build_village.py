"""Rebuild the example village's records by running the real procedure.

The records under records/ and attachments/ of this checkout are not written by hand: this
script replays a year of the village's work with `yakkan` in a temporary git repository,
with every date frozen, and copies the resulting files here. Run it after a change to the
record format:

    .venv/bin/python examples/build_village.py

It needs the `yakkan` of the environment it runs in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YAKKAN = [str(Path(sys.executable).parent / "yakkan")]
EMAIL = {
    "yamada": "yamada@example.jp",
    "sato": "sato@example.jp",
    "tanaka": "tanaka@example.jp",
    "suzuki": "suzuki@example.jp",
    "takahashi": "takahashi@example.jp",
    "ito": "ito@example.jp",
    "nakamura": "nakamura@example.jp",
}

APPLICATIONS = {
    "somu-google-drive": """\
id: somu-google-drive
department: somu
service:
  provider: Google LLC
  name: Google ドライブ
  description: 審議会の会議資料を外部の委員と共有するファイル保管サービス。共有リンクは閲覧のみ、期限付きで発行する。
  category: file_storage
  terms_url: https://policies.google.com/terms
  data_location: domestic
application:
  purpose: 審議会の会議資料の事前共有
  period: {start: 2026-04-01, end: 2027-03-31}
  administrator: suzuki
  information:
    - {name: 会議資料（公開前）, class: 3, personal: false}
    - {name: 委員の氏名と連絡先, class: 3, personal: true}
  users: [総務課 職員, 審議会委員]
  users_count: 12
  alternative: 庁内ファイルサーバと USB メモリによる手渡し
""",
    "somu-line-works": """\
id: somu-line-works
department: somu
service:
  provider: LINE WORKS 株式会社
  name: LINE WORKS（フリープラン）
  description: 災害時の職員間連絡に使うグループウェア。トークと掲示板のみ使う。
  category: groupware
  terms_url: https://line-works.com/terms/
  data_location: domestic
application:
  purpose: 災害時の職員の参集連絡
  period: {start: 2026-11-01}
  administrator: suzuki
  information:
    - {name: 職員の参集状況, class: 3, personal: true}
  users: [総務課 職員, 防災担当]
  users_count: 25
  alternative: 電話連絡網と防災行政無線
""",
    "kikaku-slack": """\
id: kikaku-slack
department: kikaku
service:
  provider: Slack Technologies
  name: Slack（フリープラン）
  description: 地域おこし協力隊との連絡に使うチャット。
  category: groupware
  terms_url: https://slack.com/terms-of-service
  data_location: overseas
application:
  purpose: 協力隊とのイベント準備の連絡
  period: {start: 2026-12-01, end: 2027-11-30}
  administrator: ito
  information:
    - {name: イベントの準備状況, class: 4, personal: false}
  users: [企画課 職員, 地域おこし協力隊]
  users_count: 8
  alternative: 電子メール
""",
    "kikaku-dropbox": """\
id: kikaku-dropbox
department: kikaku
service:
  provider: Dropbox, Inc.
  name: Dropbox Basic
  description: 観光パンフレットの版下を印刷会社と受け渡すファイル共有。
  category: file_storage
  terms_url: https://www.dropbox.com/terms
  data_location: unknown
application:
  purpose: 観光パンフレットの版下の受け渡し
  period: {start: 2025-10-01, end: 2026-09-30}
  administrator: ito
  information:
    - {name: パンフレットの版下, class: 4, personal: false}
  users: [企画課 職員, 印刷会社担当者]
  users_count: 4
  alternative: 印刷会社の入稿サイト
""",
    "kyoiku-padlet": """\
id: kyoiku-padlet
department: kyoiku
service:
  provider: Wallwisher, Inc.
  name: Padlet
  description: 学校と保護者の連絡に使うオンライン掲示板。
  category: groupware
  terms_url: https://padlet.com/about/terms
  data_location: overseas
application:
  purpose: 学校行事の連絡
  period: {start: 2026-05-01}
  administrator: nakamura
  information:
    - {name: 児童の氏名と写真, class: 2, personal: true}
  users: [教育委員会 職員, 保護者]
  users_count: 300
  alternative: 紙のお便り
""",
    "kikaku-form": """\
id: kikaku-form
department: kikaku
service:
  provider: Google LLC
  name: Google フォーム
  description: 村民アンケートの回収に使うフォーム。
  category: other
  data_location: domestic
application:
  purpose: 村民アンケート
  period: {start: 2026-07-01, end: 2026-08-31}
  administrator: ito
  information:
    - {name: アンケート回答（匿名）, class: 4, personal: false}
  users: [企画課 職員]
  users_count: 3
  alternative: 紙のアンケート用紙
""",
}

TERMINATION = """\
termination:
  reason: 印刷会社が入稿サイトを用意したため不要になった
  end_on: 2026-06-30
"""


class Village:
    def __init__(self, path: Path, files: Path) -> None:
        self.path = path
        self.files = files

    def run(self, person: str, day: str, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        stamp = f"{day}T10:00:00+09:00"
        env.update(
            GIT_AUTHOR_NAME=person,
            GIT_AUTHOR_EMAIL=EMAIL[person],
            GIT_COMMITTER_NAME=person,
            GIT_COMMITTER_EMAIL=EMAIL[person],
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
            # yakkan refuses a --date after the clock's day: the village's clock is `day`.
            YAKKAN_TODAY=day,
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
        )
        command = args[0] if args[0].startswith("git") else None
        argv = list(args[1:]) if command == "git" else [*YAKKAN, *args]
        if command == "git":
            argv = ["git", *argv]
        else:
            argv += ["--date", day]
        proc = subprocess.run(
            argv, cwd=self.path, env=env, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stdout}{proc.stderr}")

    def apply(self, service_id: str, person: str, day: str) -> None:
        source = self.files / f"{service_id}.yaml"
        source.write_text(APPLICATIONS[service_id], encoding="utf-8")
        signup = self.files / f"{service_id}-signup.txt"
        signup.write_text(f"{service_id}: 登録時の入力画面の写し\n", encoding="utf-8")
        terms = self.files / f"{service_id}-terms.txt"
        terms.write_text(f"{service_id}: 利用規約（申請時点）の写し\n", encoding="utf-8")
        self.run(
            person,
            day,
            "apply",
            "--from",
            str(source),
            "--attach",
            f"signup={signup}",
            "--attach",
            f"terms={terms}",
        )

    def marks(self, service_id: str, person: str, day: str, role: str, *special: str) -> None:
        given = {s.split("=")[0]: s for s in special}
        args: list[str] = []
        for n in range(1, 9):
            args += ["--mark", given.get(str(n), f"{n}=ok")]
        self.run(person, day, "check", service_id, "--role", role, *args)


def build(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "village"
        files = Path(tmp) / "files"
        repo.mkdir()
        files.mkdir()
        shutil.copy(ROOT / "yakkan.yaml", repo / "yakkan.yaml")
        v = Village(repo, files)
        v.run("tanaka", "2026-01-05", "git", "init", "-q", "-b", "main")
        v.run("tanaka", "2026-01-05", "git", "add", "yakkan.yaml")
        v.run("tanaka", "2026-01-05", "git", "commit", "-q", "-m", "init")

        # 総務課 Google ドライブ: in use since spring, the October backup is late.
        v.apply("somu-google-drive", "yamada", "2026-03-20")
        v.marks("somu-google-drive", "yamada", "2026-03-20", "applicant")
        v.marks(
            "somu-google-drive",
            "sato",
            "2026-03-23",
            "responsible",
            "4=ng:廃棄証明の発行可否が不明",
        )
        v.run(
            "sato", "2026-03-24", "check", "somu-google-drive", "--mark", "4=ok:サポートに確認済み"
        )
        v.run("sato", "2026-03-25", "approve", "somu-google-drive")
        v.run("suzuki", "2026-03-26", "acknowledge", "somu-google-drive")
        # A year's operations, run in the order they happened: an action may not be dated
        # before the record's previous one.
        backup = ("backup-log", "somu-google-drive", "--method", "エクスポート")
        operations: list[tuple[str, str, tuple[str, ...]]] = [
            ("suzuki", day, (*backup, "--location", "庁内ファイルサーバ"))
            for day in (
                "2026-04-30",
                "2026-05-29",
                "2026-06-30",
                "2026-07-31",
                "2026-08-31",
                "2026-09-30",
            )
        ]
        operations += [
            ("suzuki", day, ("purpose-check", "somu-google-drive", "--matches"))
            for day in (
                "2026-04-24",
                "2026-05-25",
                "2026-06-25",
                "2026-07-24",
                "2026-08-25",
                "2026-09-25",
                "2026-10-23",
            )
        ]
        operations += [
            ("suzuki", "2026-06-25", ("review", "somu-google-drive", "--note", "変更なし")),
            (
                "suzuki",
                "2026-09-24",
                (
                    "review",
                    "somu-google-drive",
                    "--terms-changed",
                    "--note",
                    "利用規約の改定（保存場所の記載に変更なし）",
                ),
            ),
            (
                "sato",
                "2026-09-28",
                (
                    "review",
                    "somu-google-drive",
                    "--decision",
                    "continue",
                    "--note",
                    "改定内容を確認し継続",
                ),
            ),
        ]
        for person, day, args in sorted(operations, key=lambda op: op[1]):
            v.run(person, day, *args)

        # 総務課 LINE WORKS: approved, the administrator has not yet acknowledged the risks.
        v.apply("somu-line-works", "yamada", "2026-10-28")
        v.marks("somu-line-works", "yamada", "2026-10-28", "applicant")
        v.marks("somu-line-works", "sato", "2026-11-02", "responsible")
        v.run("sato", "2026-11-04", "approve", "somu-line-works")

        # 企画課 Slack: applied, waiting for the responsible manager's double-check.
        v.apply("kikaku-slack", "ito", "2026-11-16")
        v.marks("kikaku-slack", "ito", "2026-11-16", "applicant", "3=na")

        # 企画課 Dropbox: used for a year, then terminated with proof of deletion.
        v.apply("kikaku-dropbox", "ito", "2025-09-10")
        v.marks("kikaku-dropbox", "ito", "2025-09-10", "applicant", "3=na")
        v.marks("kikaku-dropbox", "takahashi", "2025-09-16", "responsible", "3=na")
        v.run("takahashi", "2025-09-17", "approve", "kikaku-dropbox")
        v.run("ito", "2025-09-18", "acknowledge", "kikaku-dropbox")
        term = files / "kikaku-dropbox-termination.yaml"
        term.write_text(TERMINATION, encoding="utf-8")
        agreement = files / "kikaku-dropbox-agreement.txt"
        agreement.write_text("アカウント削除の確認画面の写し\n", encoding="utf-8")
        deletion = files / "kikaku-dropbox-deletion.txt"
        deletion.write_text("Dropbox からのデータ削除完了通知の写し\n", encoding="utf-8")
        v.run(
            "ito",
            "2026-07-01",
            "terminate",
            "kikaku-dropbox",
            "--from",
            str(term),
            "--attach",
            f"agreement={agreement}",
            "--attach",
            f"deletion={deletion}",
        )
        v.run(
            "ito",
            "2026-07-01",
            "check",
            "kikaku-dropbox",
            "--role",
            "applicant",
            *[a for n in range(1, 5) for a in ("--mark", f"{n}=ok")],
        )
        v.run(
            "takahashi",
            "2026-07-03",
            "check",
            "kikaku-dropbox",
            "--role",
            "responsible",
            *[a for n in range(1, 5) for a in ("--mark", f"{n}=ok")],
        )
        v.run("takahashi", "2026-07-03", "approve", "kikaku-dropbox")

        # 企画課 Google フォーム: the survey was cancelled before approval.
        v.apply("kikaku-form", "ito", "2026-06-10")
        v.run(
            "ito", "2026-06-12", "withdraw", "kikaku-form", "--reason", "アンケートを中止したため"
        )

        # 教育委員会 Padlet: children's photos abroad — rejected.
        v.apply("kyoiku-padlet", "nakamura", "2026-04-15")
        v.run(
            "takahashi",
            "2026-04-20",
            "reject",
            "kyoiku-padlet",
            "--reason",
            "児童の写真（重要性分類Ⅱ）を海外のサーバに保存するため",
        )

        for name in ("records", "attachments"):
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(repo / name, target / name)


if __name__ == "__main__":
    build(ROOT)
    print(f"rebuilt {ROOT / 'records'} and {ROOT / 'attachments'}")
