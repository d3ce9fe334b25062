"""nbgrader settings every hub user's server reads (the hub points JUPYTER_CONFIG_PATH here).

The exchange folder comes from ``SISTERCITY_EXCHANGE`` (set by deploy/jupyterhub_config.py).
A student's nbgrader identity is their hub user name (``JUPYTERHUB_USER``), not their OS user:
on TLJH the OS user of hub user ``ani`` is ``jupyter-ani``, on Kubernetes and in the tests every
server runs as one OS user, and in all three the formgrader must see the student as ``ani``.
Lecturers (``SISTERCITY_INSTRUCTORS``) keep nbgrader's default, every student, so that nbgrader
commands they run in a terminal of their own server still act on the whole class.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets

c.CourseDirectory.course_id = "sistercity"
c.Exchange.root = os.environ.get("SISTERCITY_EXCHANGE", "/srv/nbgrader/exchange")

hub_user = os.environ.get("JUPYTERHUB_USER")
instructors = {name.strip() for name in os.environ.get("SISTERCITY_INSTRUCTORS", "").split(",")}
if hub_user and hub_user not in instructors:
    c.CourseDirectory.student_id = hub_user
