"""The service record: one YAML file per service (DESIGN §3).

Every section the procedure will ever fill is declared here, so the file format is settled
once; commands only ever add to or change fields of this schema. One module per part of
the record, each using only those listed below it (import-linter holds this):
- `record.py`      — `Record`, the whole file, and its notes; what only the whole record
  can check (each information class on the record's scale, every attachment path).
- `service.py`     — `Service`: the provider and service, its ISMAP registration, its
  jurisdiction.
- `decisions.py`   — the exceptions given with the approval, the approval, the closure.
- `operations.py`  — the service in use: reviews, purpose checks, backups, suspensions,
  alerts, reassignments, reclassifications.
- `forms.py`       — the application and termination forms: period, information and its
  classes, the check table's items and both columns' marks and notes.
- `attachments.py` — an attached file and where it may lie (A8).

The package imports nothing itself: `model/__init__` names each schema's module.
"""
