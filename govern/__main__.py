from govern.cli.app import run

run()
