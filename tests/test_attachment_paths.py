"""A8: every attachment path a record names is attachments/<record id>/<file name>."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.factories import SHA, record, record_data, termination
from yakkan_cli.model import Record
from yakkan_cli.model.record.attachments import attachment_path_problem
from yakkan_cli.store.yaml import dump_yaml, validation_messages


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("attachments/somu-drive/terms.pdf", True),
        ("attachments/somu-drive/利用規約 2026.pdf", True),
        ("attachments/somu-drive/.hidden", True),
        ("attachments/somu-drive/../somu-mail/terms.pdf", False),
        ("attachments/somu-drive/..", False),
        ("attachments/somu-drive/.", False),
        ("attachments/somu-drive/", False),
        ("attachments/somu-drive/sub/terms.pdf", False),
        ("attachments/somu-drive/a\\b.pdf", False),
        ("attachments/somu-mail/terms.pdf", False),
        ("attachments/somu-drive-2/terms.pdf", False),
        ("/etc/passwd", False),
        ("/attachments/somu-drive/terms.pdf", False),
        ("records/somu/somu-drive.yaml", False),
        ("attachments/somu-drive/a\x1b[31m.pdf", False),
        ("attachments/somu-drive/a\nb.pdf", False),
        ("attachments/somu-drive/a\u202eb.pdf", False),
        ("terms.pdf", False),
    ],
)
def test_attachment_path_problem(path: str, ok: bool) -> None:
    assert (attachment_path_problem(path, "somu-drive") is None) is ok


def _errors(data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    text = dump_yaml(data)
    return validation_messages(caught.value, text, "r.yaml")


def test_a_bad_application_attachment_names_file_line_column_and_field() -> None:
    data = record_data()
    data["application"]["attachments"][1]["path"] = "attachments/somu-drive/../x/terms.pdf"
    (line,) = _errors(data)
    assert line.startswith("r.yaml:")
    assert ": application.attachments[1].path: " in line
    assert "attachments/somu-drive/<ファイル名>" in line
    # the line and column point at the path itself
    row, column = (int(n) for n in line.split(":")[1:3])
    assert "../x/terms.pdf" in dump_yaml(data).splitlines()[row - 1][column - 1 :]


def test_evidence_and_termination_paths_are_checked_too() -> None:
    data = record_data(
        state="terminating",
        approval={"approved_by": "sato", "approved_on": "2026-04-01"},
        termination=termination(),
    )
    data["checks"][0]["evidence"] = ["attachments/other/https.png"]
    data["termination"]["attachments"][0]["path"] = "attachments/somu-mail/a.png"
    lines = _errors(data)
    assert any(": checks[0].evidence[0]: " in line for line in lines)
    assert any(": termination.attachments[0].path: " in line for line in lines)


def test_good_paths_pass() -> None:
    rec = record()
    assert [p for _, p in rec.attachment_paths()] == [
        "attachments/somu-drive/signup.png",
        "attachments/somu-drive/terms.pdf",
    ]
    assert SHA in {a.sha256 for a in rec.application.attachments}
