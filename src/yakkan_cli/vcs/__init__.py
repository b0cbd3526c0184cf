"""Git through its command line: list arguments, NUL-separated output, a cleaned environment."""
