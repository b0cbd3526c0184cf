"""Pydantic schemas for `yakkan.yaml` and the service record (DESIGN §2, §3).

Each name is imported from its module when first asked for (PEP 562): the closed
vocabularies (`State` …, model.enums) and the time zones (model.zones) cost nothing, while
the schemas bring pydantic, several times Python's own start-up. A read answered from the
record cache (cli/fast.py) uses the vocabularies alone and never pays for the schemas.
"""

# `typing` costs a few milliseconds to import; mypy knows this spelling of the guard.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from yakkan_cli.model.accepted import AcceptedFinding, AcceptedFindings
    from yakkan_cli.model.config import (
        Classification,
        Config,
        Department,
        Person,
        Policy,
        Sections,
        Templates,
    )
    from yakkan_cli.model.enums import (
        AttachmentKind,
        Category,
        DataLocation,
        Decision,
        Mark,
        RetentionBasis,
        Scheme,
        State,
        Track,
    )
    from yakkan_cli.model.record.attachments import Attachment
    from yakkan_cli.model.record.decisions import Approval, Closure, Exception_
    from yakkan_cli.model.record.forms import Application, Check, Information, Period, Termination
    from yakkan_cli.model.record.operations import (
        Alert,
        Backup,
        ClassChange,
        PurposeCheck,
        Reassignment,
        Reclassification,
        Review,
        Suspension,
    )
    from yakkan_cli.model.record.record import Note, Record
    from yakkan_cli.model.record.service import Ismap, Service

_MODULES = {
    "AcceptedFinding": "accepted",
    "AcceptedFindings": "accepted",
    "Classification": "config",
    "Config": "config",
    "Sections": "config",
    "Department": "config",
    "Person": "config",
    "Policy": "config",
    "Templates": "config",
    "AttachmentKind": "enums",
    "Category": "enums",
    "DataLocation": "enums",
    "Decision": "enums",
    "Mark": "enums",
    "RetentionBasis": "enums",
    "Scheme": "enums",
    "State": "enums",
    "Track": "enums",
    "Alert": "record.operations",
    "Application": "record.forms",
    "Approval": "record.decisions",
    "Attachment": "record.attachments",
    "Backup": "record.operations",
    "Check": "record.forms",
    "ClassChange": "record.operations",
    "Closure": "record.decisions",
    "Exception_": "record.decisions",
    "Information": "record.forms",
    "Ismap": "record.service",
    "Note": "record.record",
    "Period": "record.forms",
    "PurposeCheck": "record.operations",
    "Reassignment": "record.operations",
    "Reclassification": "record.operations",
    "Record": "record.record",
    "Review": "record.operations",
    "Service": "record.service",
    "Suspension": "record.operations",
    "Termination": "record.forms",
}


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AcceptedFinding",
    "AcceptedFindings",
    "Alert",
    "Application",
    "Approval",
    "Attachment",
    "AttachmentKind",
    "Backup",
    "Category",
    "Check",
    "ClassChange",
    "Classification",
    "Closure",
    "Config",
    "DataLocation",
    "Decision",
    "Department",
    "Exception_",
    "Information",
    "Ismap",
    "Mark",
    "Note",
    "Period",
    "Person",
    "Policy",
    "PurposeCheck",
    "Reassignment",
    "Reclassification",
    "Record",
    "RetentionBasis",
    "Review",
    "Scheme",
    "Sections",
    "Service",
    "State",
    "Suspension",
    "Templates",
    "Termination",
    "Track",
]
