"""`yakkan show`: the whole story of one record, in blocks a clerk reads top to bottom.

State and what comes next (who does it, by when), what still stops approval (the rules
`approve` applies), the application, its attachments and marks, the exception, the
approval, the operations with counts and the last of each kind, suspensions, alerts, the
administrators over time, the termination form with its own marks, and the closure.
Every value is data (cli.output.visible); labels come from the catalog.

Each file uses only those listed below it (import-linter holds this):
- `page.py`       — the page: its title, what comes next on the day asked, the blocks laid
  out on a terminal or in a pipe (`record_view`, `show_kept` for a cached `show`).
- `cache.py`      — the pages kept in the record cache (`keep_page`, `page_cache`) and the
  digest of the code that lays them out (`page_code`).
- `record.py`     — `record_blocks`: the blocks that are the record's alone, the same on
  any day; `page_of`/`blocks_of` turn them into what the cache keeps and back.
- `forms.py`      — the application and termination forms: fields, attachments, marks.
- `decisions.py`  — the exceptions, the approval, the closure.
- `operations.py` — reviews, purpose checks, backups, suspensions, alerts,
  reclassifications, reassignments.
- `block.py`      — `Block`, and how a person and a day are written.

The package imports nothing here: a cached `show` (cli/fast.py) takes `page` and `cache`
alone, and they must stay free of the schemas.
"""
