"""What runs beside or inside a grading kernel: limits, sandbox, fork server, identity, Execute.

This package imports nothing from ``sistercity.grading`` above it (``tests/test_layering.py``),
so a kernel-side change never pulls in the grader, and an nbgrader or jupyter_client upgrade
meets their subclasses here only (``execute.py``, ``sandbox.py``).
"""
