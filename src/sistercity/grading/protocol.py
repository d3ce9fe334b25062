"""What a hidden test's kernel hands to the grader: the format both sides agree on.

The kernel (:func:`sistercity.checks.answer`) writes it; the grader
(:mod:`sistercity.grading.verdicts`) reads it. This module imports nothing, so the kernel
can use it before any student code runs.
"""

#: The prefix of the line a grading worker writes its answer on (``worker.py`` -> ``grade.py``).
PROTOCOL = "@@sistercity-grade@@ "

#: The MIME type of the output that carries a hidden test's answers to the grader.
ANSWER_MIME = "application/vnd.sistercity.answer+json"
#: Largest answer payload (characters of JSON) the grader accepts.
MAX_ANSWER_BYTES = 100_000
#: How a set travels in JSON (the grader turns it back into a set).
SET_TAG = "__sistercity_set__"
#: How a float that JSON cannot hold (NaN, infinity) travels.
FLOAT_TAG = "__sistercity_float__"
#: What the answer cell prints: the verdict is not given there (and a grader without the
#: course's verdict step scores the cell 0, because nbgrader counts text on stderr as a failure).
HANDED_OVER = (
    "Jawaban {names} diserahkan ke penilai; nilainya diberikan saat penilaian. / "
    "The answer {names} is handed to the grader; it is scored when graded.\n"
)
