"""The lecturer's side of the course: nbgrader settings, grading a class, feedback and export."""
