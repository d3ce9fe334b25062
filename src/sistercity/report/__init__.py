"""After grading: CPMK attainment per student and per class, item analysis, the course portfolio."""
