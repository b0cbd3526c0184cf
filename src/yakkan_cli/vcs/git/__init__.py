"""The git commands yakkan needs, and nothing that decides policy.

- `faults.py`     — what git's output says when the machine refused a write.
- `run.py`        — running git in a work tree: its environment, Ctrl-C held back, `GitFailed`.
- `identity.py`   — who git would record, and on which day (the village's calendar).
- `objects.py`    — reading commits and blobs as stored; `git replace` and grafts named.
- `work_tree.py`  — the state of the work tree: edited paths, a merge under way, git's locks.
- `writes.py`     — staging, committing and restoring exactly the paths named.
- `lock.py`       — yakkan's own repository lock, waited for.
- `repository.py` — `Git`, all of the above on one work tree.
- `discover.py`   — `discover`: the work tree that holds a folder, or a clear refusal.
"""
