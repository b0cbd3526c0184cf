"""A realistic record and configuration for the form tests, built from the model classes."""

from __future__ import annotations

from datetime import date

from yakkan_cli.forms.items import (
    APPLICATION_ITEM_TEXTS,
    RISK_HEADING,
    RISK_TEXTS,
    TERMINATION_ITEM_TEXTS,
)
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
from yakkan_cli.model.record.forms import TerminationCheck

# The seed's labels, in the order the paper forms print them.
APPLICATION_LABELS = (
    "約款による外部サービス利用申請書",
    "以下の通り、申請しますので利用を許可願います。",
    "申請日",
    "申請者",
    "利用サービス",
    "提供会社名",
    "提供サービス名",
    "サービス内容",
    "利用目的",
    "取り扱う情報の種類",
    "利用者",
    "合計人数：",
    "利用期間",
    "サービス管理担当者",
    "所属長名",
    "※利用申請時の申請内容及びサービス約款を添付のこと（画面コピー等で可）",
    "■確認事項（申請者がチェックすること。申請後、利用責任者（所属長ではない）がダブルチェックすること）",
    "NO",
    "確認内容（凡例：可→○、不可→×、該当なし→／）",
    "申請者",
    "責任者",
    *APPLICATION_ITEM_TEXTS,
    "※確認できる資料を添付のこと（画面コピー等でも可）",
    RISK_HEADING,
    *RISK_TEXTS,
    "利用責任者の承認",
)
TERMINATION_LABELS = (
    "約款による外部サービス終了確認書",
    "以下の通り、利用中のサービスを終了します。",
    "申請日",
    "申請者",
    "終了サービス",
    "提供会社名",
    "提供サービス名",
    "サービス内容",
    "終了理由",
    "取り扱っていた情報の種類",
    "利用者",
    "合計人数：",
    "終了日",
    "サービス管理担当者",
    "所属長名",
    "※終了時の申請内容を添付のこと（画面コピー等で可）",
    "■確認事項（申請者がチェックすること。申請後、利用責任者（所属長ではない）がダブルチェックすること）",
    "NO",
    "確認内容（凡例：可→○、不可→×、該当なし→／）",
    "申請者",
    "責任者",
    *TERMINATION_ITEM_TEXTS,
    "※確認できる資料を添付のこと（画面コピー等でも可）",
    "利用責任者の承認",
)


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
