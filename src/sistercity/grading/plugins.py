r"""The course's formats as nbgrader plugins: ``nbgrader zip_collect`` and ``nbgrader export`` use them.

* :class:`LmsCollectorPlugin` reads Moodle's and Google Classroom's file names (the same rules
  as ``sistercity grade``, from :mod:`sistercity.grading.lms`)::

      nbgrader zip_collect ex01_kota_kembar --collector=sistercity.grading.plugins.LmsCollectorPlugin

* :class:`CsvExportPlugin` and :class:`MoodleExportPlugin` write the two formats of
  ``sistercity export`` (every student, with a status; empty grades where there is nothing to
  score)::

      nbgrader export --exporter=sistercity.grading.plugins.MoodleExportPlugin --to grades.csv \
          --MoodleExportPlugin.roster=roster.csv
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from nbgrader.plugins import ExportPlugin, FileNameCollectorPlugin
from traitlets import Bool, Unicode

from sistercity.grading import export, lms


class LmsCollectorPlugin(FileNameCollectorPlugin):
    """Attribute each extracted file to a student by Moodle's or Classroom's naming."""

    def collect(self, submitted_file: str):
        """``student_id``, ``file_id`` and name of one extracted file, or None to skip it."""
        path = PurePosixPath(Path(submitted_file).as_posix())
        if path.suffix not in self.valid_ext:
            return None
        parts = path.parts
        rel = (
            PurePosixPath(*parts[parts.index("extracted") + 1 :]) if "extracted" in parts else path
        )
        # zip_collect unpacks each zip into a folder named after it: that folder names no one.
        if len(rel.parts) > 1 and rel.parts[0].endswith(".zip"):
            rel = PurePosixPath(*rel.parts[1:])
        found = lms.attribute(str(rel))
        if isinstance(found, lms.Unmatched):
            self.log.warning("Dilewati / skipped %s: %s", rel, found.reason)
            return None
        student, name, _lms_id, _source = found
        coursedir = getattr(self.parent, "coursedir", None)
        assignment = getattr(coursedir, "assignment_id", "") if coursedir else ""
        # An upload keeps the student's file name; nbgrader wants the assignment's notebook.
        file_id = f"{assignment}.ipynb" if assignment else rel.name
        return {"student_id": student, "file_id": file_id, "first_name": name, "last_name": ""}


class _CourseExport(ExportPlugin):
    """Rows of ``sistercity export`` for the gradebook nbgrader hands over."""

    roster = Unicode("", help="CSV with the students' email / ID number (see README)").tag(
        config=True
    )

    def _rows(self, gradebook) -> tuple[list[dict], dict]:
        coursedir = getattr(self.parent, "coursedir", None)
        course = Path(coursedir.root) if coursedir else Path.cwd()
        roster = export.read_roster(self.roster) if self.roster else {}
        rows = export.collect_from(gradebook, course, roster)
        if self.assignment:
            rows = [r for r in rows if r["assignment"] in self.assignment]
        if self.student:
            rows = [r for r in rows if r["student_id"] in self.student]
        return rows, roster

    def _write(self, text: str, default: str) -> None:
        dest = self.to or default
        Path(dest).write_text(text, encoding="utf-8")
        self.log.info("Nilai diekspor ke %s / Exported grades to %s", dest, dest)


class CsvExportPlugin(_CourseExport):
    """``sistercity export --format csv`` as an nbgrader exporter."""

    def export(self, gradebook) -> None:
        """Write one row per student and assignment."""
        from sistercity.grading import pending

        rows, _ = self._rows(gradebook)
        self._write(export.to_csv(rows), "grades.csv")
        warning = pending.export_warning(rows, False, moodle=False)
        if warning:
            self.log.warning(warning)


class MoodleExportPlugin(_CourseExport):
    """``sistercity export --format moodle`` as an nbgrader exporter."""

    include_pending = Bool(
        False, help="put grades still waiting for manual grading into the grade column"
    ).tag(config=True)

    def export(self, gradebook) -> None:
        """Write the CSV for Moodle's grade import; warn about missing identifiers and pending grades."""
        from sistercity.grading import pending

        rows, roster = self._rows(gradebook)
        text, missing = export.to_moodle(rows, roster, self.include_pending)
        if missing:
            self.log.warning(export.missing_warning(missing))
        warning = pending.export_warning(rows, self.include_pending, moodle=True)
        if warning:
            self.log.warning(warning)
        self._write(text, "moodle-grades.csv")
