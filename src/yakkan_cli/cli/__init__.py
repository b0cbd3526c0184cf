"""The command line: Typer commands that parse, call one use case and print its result."""
