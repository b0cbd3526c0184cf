"""A realistic record and configuration for the form tests, built from the model classes."""

from __future__ import annotations

from datetime import date

from yakkan_cli.model import (
    Application,
    Approval,
    Attachment,
    AttachmentKind,
    Category,
    Check,
    Config,
    DataLocation,
    Department,
    Exception_,
    Information,
    Ismap,
    Mark,
    Period,
    Person,
    Record,
    Service,
    State,
    Termination,
)
from yakkan_cli.model.record import TerminationCheck


def _sha(char: str) -> str:
    return char * 64


def _info(name: str, info_class: int, *, personal: bool) -> Information:
    # `class` is a keyword in Python and the model is read by its aliases only.
    return Information.model_validate({"name": name, "class": info_class, "personal": personal})


def sample_config() -> Config:
    return Config(
        schema_version=1,
        organization="恩納村",
        people=[
            Person(id="yamada", name="山田 太郎", email="yamada@example.jp"),
            Person(id="sato", name="佐藤 花子", email="sato@example.jp"),
            Person(id="tanaka", name="田中 一郎", email="tanaka@example.jp"),
            Person(id="higa", name="比嘉 次郎", email="higa@example.jp"),
            Person(id="chinen", name="知念 三郎", email="chinen@example.jp"),
        ],
        departments=[
            Department(id="somu", name="総務課", head="tanaka", responsible=["sato"]),
        ],
    )


def _checks() -> list[Check]:
    ok, ng, na = Mark.OK, Mark.NG, Mark.NA
    marks = {1: (ok, ok), 2: (ok, ok), 3: (na, na), 4: (ok, ok),
             5: (ok, ok), 6: (ng, ng), 7: (ok, ok), 8: (ok, ok)}  # fmt: skip
    checks = [Check(item=i, applicant=a, responsible=r) for i, (a, r) in marks.items()]
    checks[0].evidence = ["attachments/somu-google-drive/https.png"]
    checks[2].note = "個人情報を含む資料は保存しないため該当なし"
    checks[5].note = "2024年に障害報告あり | 影響は限定的"
    return checks


def sample_record(state: State = State.ACTIVE, *, terminated: bool = False) -> Record:
    """総務課 using Google Drive; `terminated=True` adds a filled termination section."""
    record = Record(
        id="somu-google-drive",
        department="somu",
        state=state,
        service=Service(
            provider="Google LLC",
            name="Google ドライブ",
            description="クラウド上のファイル保存・共有サービス\n（無償版）",
            category=Category.FILE_STORAGE,
            terms_url="https://policies.google.com/terms?hl=ja",
            data_location=DataLocation.UNKNOWN,
            ismap=Ismap(registration="C21-0047-1", valid_until=date(2027, 6, 30)),
        ),
        application=Application(
            applicant="yamada",
            applied_on=date(2026, 3, 20),
            purpose="住民説明会の資料を <script>alert(1)</script> 関係課 & 委託業者と共有するため",
            period=Period(start=date(2026, 4, 1), end=date(2027, 3, 31)),
            administrator="higa",
            department_head="tanaka",
            information=[
                _info("住民説明会の配布資料", 3, personal=False),
                _info("説明会参加者の名簿", 2, personal=True),
            ],
            users=["yamada", "higa", "chinen"],
            users_count=3,
            alternative="庁内ファイルサーバ（共有フォルダ）",
            attachments=[
                Attachment(
                    kind=AttachmentKind.SIGNUP,
                    path="attachments/somu-google-drive/signup.png",
                    sha256=_sha("a"),
                ),
                Attachment(
                    kind=AttachmentKind.TERMS,
                    path="attachments/somu-google-drive/terms.pdf",
                    sha256=_sha("b"),
                ),
                Attachment(
                    kind=AttachmentKind.EVIDENCE,
                    path="attachments/somu-google-drive/https.png",
                    sha256=_sha("c"),
                ),
            ],
        ),
        checks=_checks(),
        exception=Exception_(
            reason="名簿は説明会の受付に必要で、閲覧者を課内に限定するため",
            approved_by="sato",
            approved_on=date(2026, 3, 25),
        ),
        approval=Approval(
            approved_by="sato",
            approved_on=date(2026, 3, 25),
            risk_acknowledged_by="higa",
            risk_acknowledged_on=date(2026, 3, 26),
        ),
    )
    if terminated:
        record.termination = Termination(
            applicant="higa",
            filed_on=date(2027, 3, 15),
            reason="説明会が終了し、共有の必要がなくなったため",
            end_on=date(2027, 3, 31),
            information=[
                _info("住民説明会の配布資料", 3, personal=False),
                _info("説明会参加者の名簿", 2, personal=True),
            ],
            users=["yamada", "higa", "chinen"],
            users_count=3,
            attachments=[
                Attachment(
                    kind=AttachmentKind.AGREEMENT,
                    path="attachments/somu-google-drive/agreement.png",
                    sha256=_sha("d"),
                ),
                Attachment(
                    kind=AttachmentKind.DELETION,
                    path="attachments/somu-google-drive/deletion.png",
                    sha256=_sha("e"),
                ),
            ],
            checks=[
                TerminationCheck(item=1, applicant=Mark.OK, responsible=Mark.OK),
                TerminationCheck(
                    item=2,
                    applicant=Mark.NA,
                    responsible=Mark.NA,
                    note="無償版のため廃棄証明は発行されない",
                ),
                TerminationCheck(item=3, applicant=Mark.OK, responsible=Mark.OK),
                TerminationCheck(item=4, applicant=Mark.OK, responsible=Mark.NG),
            ],
            previous_state=State.ACTIVE,
            approved_by="sato",
            approved_on=date(2027, 3, 31),
        )
    return record
