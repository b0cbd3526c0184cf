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
    # --- vcs: git ----------------------------------------------------------------------------
    # --- rules: lifecycle, roles, readiness ---------------------------------------------------
    # --- actions: application lifecycle ---------------------------------------------------------
    # --- actions: operations (reviews, backups, purpose checks, suspension, alerts, due) -------
    # --- actions: termination and retention ------------------------------------------------------
    # --- actions: history, audit, verify, init, codeowners -------------------------------------
    # --- forms ----------------------------------------------------------------------------------
    "forms.wareki_too_early": "{date} は和暦で表せません（明治6年1月1日より前の日付です）",
    "forms.blank_date": "令和　年　月　日",
    "forms.no_termination": "{id} には終了の申請（termination）がないため、終了確認書を作れません",
    "forms.template_missing": "様式のテンプレート「{name}」が見つかりません（探した場所: {dirs}）",
    "forms.template_syntax": "テンプレート {file} の {line} 行目に誤りがあります: {message}",
    "forms.template_undefined": "テンプレート {file}{where} で未定義の値を使っています: {message}",
    "forms.template_error": "テンプレート {file}{where} を処理できません: {message}",
    "forms.line": " の {line} 行目",
    "forms.personal_yes": "個人情報あり",
    "forms.personal_no": "個人情報なし",
    "forms.kind.signup": "利用申請時の申請内容",
    "forms.kind.terms": "サービス約款",
    "forms.kind.evidence": "確認資料",
    "forms.kind.agreement": "終了時の承諾内容",
    "forms.kind.deletion": "データ廃棄の証明",
    "forms.kind.certificate": "廃棄証明書",
    "forms.kind.other": "その他",
    "forms.category.email": "電子メール",
    "forms.category.file_storage": "ファイルストレージ",
    "forms.category.groupware": "グループウェア",
    "forms.category.other": "その他",
    "forms.location.domestic": "国内",
    "forms.location.overseas": "海外",
    "forms.location.unknown": "不明",
    # --- cli: help texts, prompts, output --------------------------------------------------------
}


def t(key: str, /, **fields: Any) -> str:
    """The text for `key` with `fields` filled in; an unknown key is a bug, not a user error."""
    return MESSAGES[key].format(**fields)
