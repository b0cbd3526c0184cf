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
    # --- cli: help texts, prompts, output --------------------------------------------------------
}


def t(key: str, /, **fields: Any) -> str:
    """The text for `key` with `fields` filled in; an unknown key is a bug, not a user error."""
    return MESSAGES[key].format(**fields)
