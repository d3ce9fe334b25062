"""Move the verdicts of hidden tests out of the masters into the grader's key files (re-runnable).

A hidden test written in the older style computes the right value and calls ``_sc.expect`` in
the student's kernel. This script moves that code, unchanged, into
``course/source/<assignment>/verdicts.json`` (run by :mod:`sistercity.grading.verdicts` in the
grader) and leaves in the master a hidden block that only hands the answers over::

    import sistercity.checks as _sc

    _sc.answer("<grade id>", name=name, ...)

Converted cells are left alone, so running it again after someone edited a master in the older
style converts just that cell. Usage: ``python -m sistercity.grading.migrate [course/source]``,
then ``sistercity build --exercises``.
"""

from __future__ import annotations

import ast
import builtins
import json
import sys
from pathlib import Path

import nbformat

from sistercity.grading.preprocessors import BEGIN, END
from sistercity.grading.verdicts import CHECKS_IMPORT, KEY_FILE, SUPPLIED

ABOUT = (
    "Kunci tes tersembunyi, dijalankan oleh penilai (bukan kernel mahasiswa); tidak pernah "
    "disalin ke mahasiswa. / Keys of the hidden tests, run by the grader (never the student's "
    "kernel); never copied to students. See sistercity.grading.verdicts."
)


def split_hidden(source: str) -> tuple[str, str, str] | None:
    """A cell source as (before, hidden block, after) around the hidden-test markers, or None."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if BEGIN in line), None)
    end = next((i for i, line in enumerate(lines) if END in line), None)
    if start is None or end is None or end < start:
        return None
    return "".join(lines[: start + 1]), "".join(lines[start + 1 : end]), "".join(lines[end:])


def is_converted(block: str) -> bool:
    """Whether a hidden block only hands answers over (no verdict in the kernel)."""
    return "_sc.answer(" in block and "expect(" not in block and "case_key(" not in block


def free_names(code: str) -> list[str]:
    """The names ``code`` reads but never binds itself (the notebook's variables), in order."""
    tree = ast.parse(code)
    loaded, bound = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loaded.append((node.lineno, node.col_offset, node.id))
            else:
                bound.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    skip = bound | set(dir(builtins)) | {"_sc", *SUPPLIED}
    names = []
    for _, _, name in sorted(loaded):
        if name not in skip and name not in names:
            names.append(name)
    return names


def key_code(block: str) -> str:
    """The hidden block as the grader runs it: without the import of the kernel's checks."""
    lines = [line for line in block.splitlines(keepends=True) if line.strip() != CHECKS_IMPORT]
    return "".join(lines).strip("\n") + "\n"


def answer_block(grade_id: str, names: list[str]) -> str:
    """The hidden block a converted cell keeps: hand the answers over, judge nothing."""
    args = ", ".join(f"{name}={name}" for name in names)
    return f"{CHECKS_IMPORT}\n\n_sc.answer({json.dumps(grade_id)}, {args})\n"


def migrate_notebook(path: Path) -> tuple[bool, dict[str, dict], list[str]]:
    """Convert one master: whether it changed, the keys of its converted cells, problems found."""
    nb = nbformat.read(path, as_version=4)
    keys_path = path.parent / KEY_FILE
    old = {}
    if keys_path.is_file():
        old = json.loads(keys_path.read_text(encoding="utf-8")).get("cells", {})
    keys, problems, changed = {}, [], False
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        parts = split_hidden(cell.source)
        if parts is None:
            continue
        gid = meta.get("grade_id", "")
        before, block, after = parts
        if is_converted(block):
            if gid in old:
                keys[gid] = old[gid]
            else:
                problems.append(f"{path.name}: {gid} hands answers over but has no key")
            continue
        code = key_code(block)
        names = free_names(code)
        if not names:
            problems.append(f"{path.name}: {gid} reads no answer; left as it is")
            continue
        keys[gid] = {"answers": names, "code": code.splitlines(keepends=True)}
        cell.source = before + answer_block(gid, names) + after
        changed = True
    if changed:
        nbformat.write(nb, path)
    return changed, keys, problems


def write_keys(folder: Path, keys: dict[str, dict]) -> bool:
    """Write an assignment's key file (only when its content changes); whether it was written."""
    path = folder / KEY_FILE
    if not keys:
        if path.exists():
            path.unlink()
            return True
        return False
    text = json.dumps({"about": ABOUT, "cells": keys}, indent=1, ensure_ascii=False) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def migrate(source: Path | str) -> tuple[list[str], list[str]]:
    """Convert every master under ``source``; return the files changed and the problems found."""
    changed, problems = [], []
    for master in sorted(Path(source).glob("*/*.ipynb")):
        if master.parent.name.startswith(".") or master.stem != master.parent.name:
            continue
        touched, keys, found = migrate_notebook(master)
        problems += found
        if touched:
            changed.append(str(master))
        if write_keys(master.parent, keys):
            changed.append(str(master.parent / KEY_FILE))
    return changed, problems


def main(argv: list[str] | None = None) -> int:
    """Convert the masters of the course (default ``course/source``) and list what changed."""
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        source = Path(argv[0])
    else:
        from sistercity.course import course_root, layout

        source = layout(course_root() / "course").source
    changed, problems = migrate(source)
    for line in changed:
        print(f"converted / diubah: {line}")
    for line in problems:
        print(f"PROBLEM / MASALAH: {line}", file=sys.stderr)
    if not changed:
        print("nothing to convert / tidak ada yang diubah")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
