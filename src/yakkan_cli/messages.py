"""Every user-facing text of yakkan, in Japanese, in one place.

Code refers to a text by its key and fills in named fields: `t("vcs.dirty", path=...)`.
Keeping them here lets the wording be reviewed (and one day translated) as a whole.
Sections follow the layers and commands; add new texts to the section they belong to.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # --- model: schema validation -------------------------------------------------------
    "model.date_format": "日付は YYYY-MM-DD の形で書いてください（値: {value!r}）",
    "model.date_invalid": "存在しない日付です: {value}",
    "model.period_order": "利用期間の終了日 {end} が開始日 {start} より前です",
    "model.check_duplicate": "同じ確認項目が二度書かれています",
    "model.check_range": "確認項目の番号は 1〜{count} です",
    # --- config (yakkan.yaml) --------------------------------------------------------------
    "config.duplicate_person": "職員 ID「{id}」が二度定義されています",
    "config.duplicate_email": "メールアドレス「{email}」が二人以上に使われています",
    "config.duplicate_department": "課 ID「{id}」が二度定義されています",
    "config.unknown_person": "職員「{id}」は people に定義されていません",
    # --- store: YAML, files, layout ----------------------------------------------------------
    "store.too_large": "ファイルが大きすぎます（{size} バイト、上限は {limit} バイト）",
    "store.not_utf8": "UTF-8 として読めない文字があります（文字コードを UTF-8 にしてください）",
    "store.bad_character": "使えない文字があります（{problem}: {code}）",
    "store.empty": "中身が空です（「項目: 値」の対応表を書いてください）",
    "store.many_documents": "文書が二つ以上あります（--- で区切れる文書は一つだけです）",
    "store.not_mapping": "最上位は「項目: 値」の対応表でなければなりません（{kind}になっています）",
    "store.kind_list": "リスト",
    "store.kind_scalar": "単一の値",
    "store.kind_mapping": "対応表",
    "store.syntax": "YAML として読めません（{problem}）",
    "store.too_deep": "入れ子が深すぎて読めません",
    "store.anchor": "アンカーとエイリアス（&名前、*名前）は使えません",
    "store.tag": "タグ {tag} は使えません",
    "store.complex_key": "項目名には文字列を書いてください（対応表やリストは項目名にできません）",
    "store.duplicate_key": "項目「{key}」が二度書かれています（{first} 行目と {second} 行目）",
    "store.invalid": "{source} の内容に誤りがあります",
    "store.v.missing": "必須の項目がありません",
    "store.v.extra": "未知の項目です（綴りを確認してください）",
    "store.v.string": "文字列で書いてください（値: {value}）",
    "store.v.int": "整数で書いてください（値: {value}）",
    "store.v.bool": "true か false で書いてください（値: {value}）",
    "store.v.choice": "次のいずれかで書いてください: {expected}（値: {value}）",
    "store.v.pattern": "書き方が決まりに合いません（値: {value}、形式: {pattern}）",
    "store.v.empty": "空にはできません",
    "store.v.min_chars": "{min_length} 文字以上で書いてください",
    "store.v.min_items": "{min_length} 個以上書いてください",
    "store.v.max_chars": "{max_length} 文字以内で書いてください",
    "store.v.max_items": "{max_length} 個以内にしてください",
    "store.v.ge": "{ge} 以上で書いてください（値: {value}）",
    "store.v.le": "{le} 以下で書いてください（値: {value}）",
    "store.v.gt": "{gt} より大きい値で書いてください（値: {value}）",
    "store.v.lt": "{lt} より小さい値で書いてください（値: {value}）",
    "store.v.list": "リスト（- で始まる行）で書いてください（値: {value}）",
    "store.v.mapping": "「項目: 値」の対応表で書いてください（値: {value}）",
    "store.v.other": "値が正しくありません（{msg}）",
    # --- vcs: git ----------------------------------------------------------------------------
    # --- rules: lifecycle, roles, readiness ---------------------------------------------------
    # --- actions: application lifecycle ---------------------------------------------------------
    # --- actions: operations (reviews, backups, purpose checks, suspension, alerts, due) -------
    # --- actions: termination and retention ------------------------------------------------------
    # --- actions: history, audit, verify, init, codeowners -------------------------------------
    # --- forms ----------------------------------------------------------------------------------
    # --- cli: help texts, prompts, output --------------------------------------------------------
}


def t(key: str, /, **fields: Any) -> str:
    """The text for `key` with `fields` filled in; an unknown key is a bug, not a user error."""
    return MESSAGES[key].format(**fields)
