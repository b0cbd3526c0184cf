"""The records repository a command works on, and the one way to change it: a transaction.

Each file uses only those listed below it (import-linter holds this):
- `recovery.py`    — `yakkan recover`: finish or undo what an interrupted yakkan left.
- `workspace.py`   — `Workspace`: the repository, its configuration, the person acting, the
  date rule, the record cache; it opens transactions.
- `transaction.py` — a transaction: files planned in memory, journaled, written, one commit.
- `leftovers.py`   — before a writer starts: tidy or refuse what an interrupted one left.
- `journal.py`     — where the journal lives, and how far its change got.
- `restore.py`     — paths put back as HEAD has them.
"""
