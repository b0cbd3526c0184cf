"""The full track of 自治体機密性 (issue 22): the record's ISMAP and jurisdiction fields, the
approval gate, `ismap check`, and their tasks."""

TEXTS: dict[str, str] = {
    # --- model ----------------------------------------------------------------------------
    "model.ismap_none_registration": "list: none（どの一覧にも登録なし）には登録番号を書きません。登録があるなら list に ismap か ismap-liu を書いてください",
    "model.ismap_registration_needed": "list: {list} には registration（登録番号、例: C21-0012-2）が要ります。登録がないなら list: none にしてください",
    "model.ismap_registration_format": "登録番号「{value}」はISMAPの登録番号の形ではありません（例: C21-0012-2、英数字とハイフンのみ）",
    "model.ismap_valid_until_with_list": "list を書いた記録には valid_until を書きません（有効期限は取り込んだ一覧から読みます）。valid_until の行を消してください",
    "model.country_code": "「{value}」は ISO 3166-1 の2文字の国コード（大文字）ではありません（日本は JP、米国は US、アイルランドは IE）",
    "model.country_twice": "同じ国コードが二度書かれています: {codes}",
    # --- field labels (the form's words) ---------------------------------------------------
    "field.service.jurisdiction": "準拠法・裁判管轄・保存国",
}
