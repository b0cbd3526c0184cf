"""The fixed wording of the two forms, copied from the seed's 様式 (version 1.0).

One place for the check texts and the four risks, so that the templates, the CLI and
the rules can all quote the procedure the same way. Keep them byte-for-byte as printed
on the paper forms; a wording change is a procedure change.
"""

from __future__ import annotations

from typing import Final

from yakkan_cli.model.record.forms import APPLICATION_ITEMS, TERMINATION_ITEMS

APPLICATION_ITEM_TEXTS: Final[tuple[str, ...]] = (
    "本村とサービス事業者間の通信方式はHTTPS等の暗号化が施されているか？",
    "保存されるデータは、パスワード又は暗号化等の対策がとられているか？",
    "個人情報を扱う場合、プライバシーポリシーが制定されているか？",
    "契約終了後、情報資産の廃棄方法について明確に定められており、廃棄証明が発行できるか？",
    "責任の所在が明確になっているか？（無償サービス時は、特に注意すること）",
    "過去3年間、情報セキュリティインシデントが発生していないか？",
    "情報セキュリティインシデント発生時の対応が明確になっているか？",
    "サービス提供事業者の従事者に対する守秘義務、目的外でのデータ利用の禁止、"
    "罰則規定等が明確になっているか？",
)
"""S5.2: the eight checks of the application form, item 1 first."""

TERMINATION_ITEM_TEXTS: Final[tuple[str, ...]] = (
    "利用していたデータは確実に消去されているか？",
    "廃棄証明を受け取っているか？",
    "利用者に対し、サービス終了が伝わっているか？",
    "サービス提供事業者の従事者に対する守秘義務、目的外でのデータ利用の禁止等再度、"
    "サービス提供事業者を確認しているか？",
)
"""S7.2: the four checks of the termination form, item 1 first."""

RISK_HEADING: Final = (
    "約款による外部サービスには特有のリスクが存在する。これを理解したうえで利用すること。"
)
"""S5.3: the sentence above the four risks on the application form."""

RISK_TEXTS: Final[tuple[str, ...]] = (
    "サービス提供者は、保存された情報を自由に利用することが可能である。",
    "情報が意に反して公開されてしまった場合や、情報が改ざんされた場合でも、"
    "サービス提供者は一切の責任を負わない。",
    # The seed prints 「保障される、」 (read: 保障されず); kept as printed on the form.
    "突然サービス停止に陥ることがある。その際に預けた情報の取扱いは保障される、"
    "損害賠償も行われない場合がある。",
    "利用上の不都合、不利益等が発生してもサービス提供者が個々の対応には応じない場合が多く、"
    "万が一対応を承諾された場合にも、その対応には時間を要することが多い。",
)
"""S5.3: the four risks the administrator must understand."""

assert len(APPLICATION_ITEM_TEXTS) == APPLICATION_ITEMS
assert len(TERMINATION_ITEM_TEXTS) == TERMINATION_ITEMS
