"""Subcommands of ``sistercity``: one module each, listed in :data:`sistercity.cli.COMMANDS`."""
