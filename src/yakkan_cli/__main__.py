from yakkan_cli.launch import run

raise SystemExit(run())
