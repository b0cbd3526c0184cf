"""Adapters for files: strict YAML in and out, repository layout, attachments."""
