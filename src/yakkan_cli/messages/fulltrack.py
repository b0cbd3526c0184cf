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
    # --- the approval gate (rules/fulltrack.py) ---------------------------------------------
    "fulltrack.no_security_administrators": "yakkan.yaml の security_administrators に書かれた人（まだ誰もいません）",
    "fulltrack.registration_unnamed": "自治体機密性2以上の情報を扱うサービスには ISMAP の登録が要ります。どの一覧のどの登録番号か（service.ismap の list と registration）が記録されていません。yakkan edit {id} --set service.ismap.list=ismap --set service.ismap.registration=登録番号 で記録してください（ISMAP-LIU なら ismap-liu）。登録のないサービスを例外として承認するなら yakkan approve {id} --ismap-exception-reason 理由",
    "fulltrack.registration_none": "ISMAP・ISMAP-LIU のどちらにも登録がないと記録されています（service.ismap.list: none）。登録のあるサービスを選ぶか、例外として承認するなら yakkan approve {id} --ismap-exception-reason 理由",
    "fulltrack.registration_not_imported": "{list} の一覧がまだ取り込まれていません。情報セキュリティ管理者（{names}）が yakkan ismap import ファイル --list {list} --retrieved 取得日 で取り込んでから承認してください",
    "fulltrack.registration_stale": "{list} の一覧は {retrieved} に取得したもので、{days} 日たっています（上限 {limit} 日、policy.ismap_snapshot_max_age_days）。情報セキュリティ管理者（{names}）が新しい一覧を yakkan ismap import で取り込んでから承認してください",
    "fulltrack.registration_not_found": "登録番号 {registration} は {list} の一覧（{retrieved} 取得）にありません。番号を確かめて yakkan edit {id} で直してください。登録のないサービスを例外として承認するなら yakkan approve {id} --ismap-exception-reason 理由",
    "fulltrack.registration_not_valid": "登録番号 {registration}（{service}）の登録は {start} から {until} までで、承認日 {on} には有効ではありません。更新されたなら情報セキュリティ管理者（{names}）が新しい {list} の一覧を取り込んでから承認してください。例外として承認するなら --ismap-exception-reason 理由",
    "fulltrack.jurisdiction_missing": "準拠法・裁判管轄・データの保存国（service.jurisdiction）が記録されていません。約款とアカウントの設定で確かめ、yakkan edit {id} で記録してください（例: --set 'service.jurisdiction={{governing_law: 日本法, court: 東京地方裁判所, provider_country: JP, storage_countries: [JP], checked_on: 2026-12-01}}'）",
    "fulltrack.location_disagrees": "データの保存場所（{location}）が保存国（{countries}）と合いません。yakkan edit {id} --set service.data_location={value} で直してください",
    "fulltrack.storage_abroad": "データを日本の外（{countries}）に保存するサービスは承認できません（S6.2: 国内法の適用外となるおそれ）。国内に保存する設定やプランにして yakkan edit {id} で保存国を直すか、別のサービスを検討してください",
    "fulltrack.storage_abroad_exception": "データを日本の外（{countries}）に保存するサービスです（S6.2）。村の規程が例外を認めているので（policy.storage_abroad_by_exception）、例外として承認するなら yakkan approve {id} --storage-exception-reason 理由。国内に保存できるなら yakkan edit {id} で保存国を直してください",
    "fulltrack.exception_3a": "自治体機密性3Aの情報を扱うには例外の承認が要ります。例外として承認するなら yakkan approve {id} --exception-reason 理由",
    "fulltrack.exception_not_needed_3a": "自治体機密性3Aの情報がないので例外理由は不要です（--exception-reason を外してください）",
    "fulltrack.exception_not_full_track": "{id} は自治体機密性2以上の情報を扱う手続きではないので、--ismap-exception-reason・--storage-exception-reason の例外は要りません。外して承認してください",
    "fulltrack.ismap_exception_not_needed": "ISMAP の登録は一覧で確かめられ、承認日に有効です。--ismap-exception-reason を外して承認してください",
    "fulltrack.storage_exception_not_allowed": "村の規程はデータを日本の外に保存するサービスの例外を認めていません（yakkan.yaml の policy.storage_abroad_by_exception）。--storage-exception-reason は使えません",
    "fulltrack.storage_exception_not_needed": "データの保存国は日本だけなので、--storage-exception-reason の例外は要りません。外して承認してください",
    "fulltrack.exception_on_termination": "終了の承認には --ismap-exception-reason・--storage-exception-reason は使えません。外して承認してください",
    # --- help ------------------------------------------------------------------------------
    "help.opt.ismap_exception_reason": "ISMAP・ISMAP-LIU の有効な登録がないサービスを例外として承認する理由（自治体機密性2以上）",
    "help.opt.storage_exception_reason": "データを日本の外に保存するサービスを例外として承認する理由（村の規程が認める場合のみ: policy.storage_abroad_by_exception）",
    # --- next steps (rules/guidance.py) -------------------------------------------------------
    "guide.ismap_unnamed": "ISMAP の一覧と登録番号を確かめて記録する",
    "guide.ismap_not_found": "ISMAP の登録番号が取り込んだ一覧にない。番号を確かめて直す",
    "guide.ismap_not_imported": "{list} の一覧を ISMAP のポータルから保存して取り込む",
    "guide.ismap_stale": "{list} の一覧が古い。ISMAP のポータルから新しく保存して取り込む",
    "guide.jurisdiction": "準拠法・裁判管轄・データの保存国を約款とアカウント設定で確かめて記録する",
    "guide.location_disagrees": "データの保存場所を保存国に合わせて直す",
    "guide.storage_abroad": "データを日本の外に保存するため承認できない（S6.2）。国内に保存できるなら保存国を直し、できなければ取り下げる",
    # --- due ---------------------------------------------------------------------------------
    "task.ismap_snapshot": "ISMAP の一覧の取り込み直し",
    "notify.run.ismap_snapshot": "yakkan ismap import ファイル --list {id} --retrieved 取得日",
    "due.ismap_list": "{list} の一覧",
    "due.no_department": "（全庁）",
    "due.detail.registration": "登録番号 {number}",
    "due.detail.retrieved": "{on} に取得した一覧",
}
