"""Files of a records repository: strict YAML in and out, layout, atomic writes, attachments."""
