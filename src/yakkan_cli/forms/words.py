"""The user's words for the record's codes: 総務課 for `somu`, 可 for `ok`, Ⅲ for 3.

Prompts and flags read answers through these functions, so a clerk may type what the
village's paper forms say (the form's legend, department and people's names) as well as
the codes the YAML holds. Each returns the code, or raises ValueError whose message is
Japanese and lists what would have been understood.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from yakkan_cli.messages import t
from yakkan_cli.model import (
    AttachmentKind,
    Category,
    Config,
    DataLocation,
    Decision,
    Mark,
    Scheme,
    State,
)
from yakkan_cli.model.record import InfoClass


def normal(text: str) -> str:
    """The form words are compared in: NFKC (full-width letters and digits as ASCII,
    Ⅲ as III), case folded, without spaces of either width."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Choice:
    """One answer of a closed list: the code stored, the label shown, other words for it."""

    value: str
    label: str
    synonyms: tuple[str, ...] = ()

    def words(self) -> Iterable[str]:
        return (self.value, self.label, *self.synonyms)

    @property
    def shown(self) -> str:
        return (
            self.label
            if self.label == self.value or not self.value
            else f"{self.label}（{self.value}）"
        )


def choose(text: str, choices: Sequence[Choice], *, what: str) -> str:
    """The value of the choice `text` names (its code, label or another word for it)."""
    key = normal(text)
    for choice in choices:
        if key and any(normal(word) == key for word in choice.words()):
            return choice.value
    raise ValueError(
        t(
            "words.not_a_choice",
            what=what,
            value=text.strip(),
            choices="、".join(c.label for c in choices),
        )
    )


# --- closed vocabularies of the record -----------------------------------------------------

MARKS: tuple[Choice, ...] = (
    Choice(Mark.OK.value, "○", ("〇", "◯", "o", "可", "はい")),
    Choice(Mark.NG.value, "×", ("x", "✕", "✖", "不可", "いいえ")),
    Choice(Mark.NA.value, "／", ("/", "該当なし", "なし", "-")),
)


def mark_of(text: str) -> Mark:
    return Mark(choose(text, MARKS, what=t("words.what.mark")))


def state_choices() -> tuple[Choice, ...]:
    extra = {State.APPROVED: ("承認済", "承認済み"), State.WITHDRAWN: ("取り下げ", "取下")}
    return tuple(Choice(s.value, t(f"state.{s.value}"), extra.get(s, ())) for s in State)


def state_of(text: str) -> State:
    return State(choose(text, state_choices(), what=t("words.what.state")))


def category_choices() -> tuple[Choice, ...]:
    extra = {
        Category.EMAIL: ("メール", "eメール"),
        Category.FILE_STORAGE: (
            "ファイル保管",
            "ファイル共有",
            "オンラインストレージ",
            "ストレージ",
        ),
        Category.GROUPWARE: (),
        Category.OTHER: (),
    }
    return tuple(Choice(c.value, t(f"forms.category.{c.value}"), extra[c]) for c in Category)


def category_of(text: str) -> Category:
    return Category(choose(text, category_choices(), what=t("words.what.category")))


def location_choices() -> tuple[Choice, ...]:
    extra = {
        DataLocation.DOMESTIC: ("日本", "日本国内"),
        DataLocation.OVERSEAS: ("国外",),
        DataLocation.UNKNOWN: ("わからない", "未確認"),
    }
    return tuple(Choice(d.value, t(f"forms.location.{d.value}"), extra[d]) for d in DataLocation)


def location_of(text: str) -> DataLocation:
    return DataLocation(choose(text, location_choices(), what=t("words.what.location")))


CLASSES: tuple[Choice, ...] = tuple(
    Choice(str(n), numeral, (roman, f"分類{numeral}", f"{n}類"))
    for n, numeral, roman in ((1, "Ⅰ", "I"), (2, "Ⅱ", "II"), (3, "Ⅲ", "III"), (4, "Ⅳ", "IV"))
)


def class_of(text: str) -> int:
    """The importance class (重要性分類) 1–4, written 3, ３, Ⅲ or III."""
    return int(choose(text, CLASSES, what=t("words.what.class")))


CLASS_WHAT = {Scheme.JUYOSEI: "words.what.class", Scheme.JICHITAI: "words.what.class_jichitai"}

JICHITAI_CHOICES: tuple[Choice, ...] = tuple(
    Choice(mark, mark, (f"自治体機密性{mark}", f"機密性{mark}"))
    for mark in ("3A", "3B", "3C", "2", "1")
)


def class_choices(scheme: Scheme) -> tuple[Choice, ...]:
    """The classes a clerk chooses from on `scheme`, the highest first."""
    return JICHITAI_CHOICES if scheme is Scheme.JICHITAI else CLASSES


def stored_class(value: str) -> InfoClass:
    """A class choice's value as the record holds it: 2 and 1 are numbers, 3A a text."""
    return int(value) if value.isdigit() else value


def class_on(scheme: Scheme, text: str) -> InfoClass:
    """The class `text` names on `scheme` (3, Ⅲ, III on 重要性分類; 3a, ３Ａ, 機密性2 on
    自治体機密性), as the record holds it."""
    what = t(CLASS_WHAT[scheme])
    return stored_class(choose(text, class_choices(scheme), what=what))


def decision_choices() -> tuple[Choice, ...]:
    return tuple(Choice(d.value, t(f"decision.{d.value}")) for d in Decision)


def decision_of(text: str) -> Decision:
    return Decision(choose(text, decision_choices(), what=t("words.what.decision")))


# What clerks call each attachment besides the form's own words (the first is its short
# name, offered in lists beside the code).
_KIND_WORDS = {
    AttachmentKind.SIGNUP: ("申込画面", "申込", "申込内容", "申し込み画面", "申請内容"),
    AttachmentKind.TERMS: ("約款", "利用規約", "規約"),
    AttachmentKind.EVIDENCE: ("証跡", "確認の証跡", "資料"),
    AttachmentKind.AGREEMENT: ("承諾内容", "承諾", "終了の承諾"),
    AttachmentKind.DELETION: ("廃棄の証明", "データ廃棄", "削除の証明"),
    AttachmentKind.CERTIFICATE: ("証明書", "廃棄証明"),
    AttachmentKind.OTHER: ("そのほか",),
}


def kind_choices() -> tuple[Choice, ...]:
    return tuple(
        Choice(k.value, t(f"attachment.{k.value}"), _KIND_WORDS[k]) for k in AttachmentKind
    )


def kinds_offered(kinds: Iterable[AttachmentKind] = tuple(AttachmentKind)) -> str:
    """「申込画面（signup）、約款（terms）、…」: the kinds as a clerk may write them."""
    return "、".join(f"{_short(k)}（{k.value}）" for k in kinds)


def _short(kind: AttachmentKind) -> str:
    return t("attachment.other") if kind is AttachmentKind.OTHER else _KIND_WORDS[kind][0]


def kind_of(text: str) -> AttachmentKind:
    return AttachmentKind(choose(text, kind_choices(), what=t("words.what.kind")))


def count_of(text: str, *, low: int = 1, high: int = 100_000) -> int:
    """A number of people as a clerk writes it: 12, １２, 12人, １２人, 12名, 1,200.

    NFKC (normal) turns full-width digits and commas into ASCII, as it does for every
    other answer; jaconv would do the same for this and nothing more that is needed."""
    plain = normal(text).replace(",", "")
    for unit in ("人", "名"):
        plain = plain.removesuffix(unit)
    if not plain.isascii() or not plain.isdigit() or not low <= int(plain) <= high:
        raise ValueError(t("words.not_a_count", value=text.strip(), low=low, high=high))
    return int(plain)


YES_NO: tuple[Choice, ...] = (
    Choice("yes", "はい", ("y", "yes", "ok", "○", "する", "含む", "あり")),
    Choice("no", "いいえ", ("n", "no", "×", "しない", "含まない", "なし")),
)


def yes_of(text: str) -> bool:
    return choose(text, YES_NO, what=t("words.what.yes_no")) == "yes"


# --- names from yakkan.yaml ---------------------------------------------------------------


def department_choices(config: Config) -> tuple[Choice, ...]:
    return tuple(Choice(d.id, d.name) for d in config.departments)


def department_of(config: Config, text: str) -> str:
    """A department id, named by its id or its name (総務課)."""
    return choose(text, department_choices(config), what=t("words.what.department"))


def person_choices(config: Config) -> tuple[Choice, ...]:
    return tuple(Choice(p.id, p.name, (p.email,)) for p in config.people)


class AmbiguousName(ValueError):
    """A surname that more than one person has: the message lists them."""


def person_of(config: Config, text: str) -> str:
    """A person id, named by id, name (鈴木 次郎, 鈴木次郎), e-mail address or surname (鈴木)
    when only one person of yakkan.yaml has it.

    Two people may share a surname: then nobody is guessed (the wrong person would be put
    on a form) and the ValueError names each of them, to be named in full.
    """
    try:
        return choose(text, person_choices(config), what=t("words.what.person"))
    except ValueError as unknown:
        key = normal(text)
        same = [p for p in config.people if key and _surname(p.name) == key]
        if len(same) == 1:
            return same[0].id
        if same:
            raise AmbiguousName(
                t(
                    "words.ambiguous_person",
                    value=text.strip(),
                    people="、".join(f"{p.name}（{p.id}）" for p in same),
                )
            ) from None
        raise unknown from None


def _surname(name: str) -> str:
    """The family name of 「鈴木 次郎」 (written before the space, of either width); a name
    written without a space has none that can be told apart."""
    parts = name.split()
    return normal(parts[0]) if len(parts) > 1 else ""
