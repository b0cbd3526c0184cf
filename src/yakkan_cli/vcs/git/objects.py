"""Commits and blobs as git stores them (`git replace` and grafts are named, never followed)."""

from __future__ import annotations

from yakkan_cli.vcs.git.run import GitRunner


class Objects(GitRunner):
    """Reading commits and blobs."""

    def replaced(self) -> list[tuple[str, str]]:
        """(object, replacement) of each `git replace` ref, and of each grafts-file line
        (the replacement then empty): indirections yakkan ignores, and names."""
        out = self.text("for-each-ref", "--format=%(refname)%00%(objectname)", "refs/replace/")
        found: list[tuple[str, str]] = []
        for line in out.splitlines():
            name, _, target = line.partition("\0")
            found.append((name.removeprefix("refs/replace/"), target))
        try:
            grafts = self.git_path("info/grafts").read_text("utf-8", "replace")
        except OSError:
            grafts = ""
        for line in grafts.splitlines():
            if line.strip() and not line.startswith("#"):
                found.append((line.split()[0], ""))
        return found

    def head(self) -> str | None:
        proc = self.run("rev-parse", "--verify", "-q", "HEAD", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def commit_message(self, revision: str) -> str:
        return self.text("log", "-1", "--format=%B", revision)

    def parent(self, revision: str) -> str | None:
        proc = self.run("rev-parse", "--verify", "-q", f"{revision}^", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def stored_if_unchanged(self, rel: str) -> bytes | None:
        """The content git holds for `rel` when the work tree's file is, to git, unchanged.

        A clone with core.autocrlf=true (Windows' default) checks text files out with CRLF;
        git still holds, and still compares against, the LF bytes that were committed.
        None when the file is untracked or really differs.
        """
        if self.run("diff", "--quiet", "--", rel, check=False).returncode != 0:
            return None
        blob = self.run("cat-file", "blob", f":{rel}", check=False)
        return blob.stdout if blob.returncode == 0 else None

    def has_head(self) -> bool:
        return self.run("rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
