"""Errors every layer may raise: the bottom module, importing nothing of the package."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for; printed without a traceback, exit code 2."""
