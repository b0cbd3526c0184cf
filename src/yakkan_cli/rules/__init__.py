"""The procedure's rules as pure functions of (record, config, date): no I/O, no clock."""
