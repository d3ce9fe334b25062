"""JupyterHub for Sister City Lab with nbgrader: one course, instructors, students, the formgrader, an exchange.

Read deploy/README.md first. Everything site-specific comes from environment variables, so the
same file serves The Littlest JupyterHub (drop it into /opt/tljh/config/jupyterhub_config.d/),
Zero to JupyterHub (hub.extraFiles), a plain server (jupyterhub -f this file), and the project's
integration test (tests/test_hub.py). It only adds to what the platform configured before it.

Course
  SISTERCITY_COURSE_DIR      the repository checkout holding course/, exercises/ and deploy/
                             (default /srv/sistercity); keep it outside /home and /tmp
  SISTERCITY_EXCHANGE        the nbgrader exchange folder every server and the formgrader share,
                             mode 1777 (default /srv/nbgrader/exchange)
  SISTERCITY_INSTRUCTORS     comma-separated hub user names of the lecturers: they may open the
                             formgrader service
  SISTERCITY_STUDENTS        comma-separated hub user names of the students
  SISTERCITY_STUDENTS_FILE   a text file with one student hub user name per line (added to the above)
  SISTERCITY_INSTRUCTORS_ADMIN  "1": lecturers also become hub admins (on TLJH that means root via
                             sudo; default "0")
Formgrader service
  SISTERCITY_PYTHON          Python of the environment where sistercity and nbgrader are installed
                             (default: /opt/tljh/user/bin/python on TLJH, else the hub's Python)
  SISTERCITY_GRADER_USER     OS user the formgrader runs as; it executes students' code when it
                             grades, so use an unprivileged user (default: the hub's own user)
  SISTERCITY_GRADER_PORT     port of the formgrader (default 9999)
  SISTERCITY_GRADER_IP       address the formgrader listens on (default 127.0.0.1; 0.0.0.0 on k8s)
  SISTERCITY_GRADER_URL      address the proxy reaches it at (default http://127.0.0.1:PORT;
                             http://hub:PORT on Kubernetes)
  SISTERCITY_SINGLEUSER_CONFIG  folder holding the nbgrader_config.py every user's server reads
                             (default: deploy/singleuser beside this file or in the course dir)
Network (skipped on TLJH and Kubernetes, which set their own)
  SISTERCITY_SET_NETWORK     "1" to set the addresses below (default "1", or "0" when TLJH is detected)
  SISTERCITY_HUB_IP          address the public proxy listens on (default 127.0.0.1)
  SISTERCITY_HUB_PORT        public port (default 8000); the hub API and the proxy API listen on
                             loopback at PORT+1 and PORT+2
  SISTERCITY_CHP             path of configurable-http-proxy when it is not on PATH
Tests only (never on a real server)
  SISTERCITY_HUB_TEST        "1": one shared password, every user's server as the hub's OS user
  SISTERCITY_TEST_PASSWORD   that password
  SISTERCITY_TEST_HOMES      folder with one home folder per user
  SISTERCITY_TEST_PORTS      "low-high": loopback ports for users' servers
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - injected by traitlets

COURSE_ID = "sistercity"
SERVICE = f"formgrader-{COURSE_ID}"
HERE = Path(__file__).resolve().parent
COURSE_DIR = Path(os.environ.get("SISTERCITY_COURSE_DIR", "/srv/sistercity")).resolve()
EXCHANGE = os.environ.get("SISTERCITY_EXCHANGE", "/srv/nbgrader/exchange")
# TLJH's systemd unit sets TLJH_INSTALL_PREFIX; its user environment lives under it.
TLJH_PREFIX = os.environ.get("TLJH_INSTALL_PREFIX")
USER_PYTHON = os.environ.get(
    "SISTERCITY_PYTHON",
    str(Path(TLJH_PREFIX) / "user" / "bin" / "python") if TLJH_PREFIX else sys.executable,
)
# nbgrader runs `alembic` (and kernels run `python`) from PATH: the course environment comes first.
USER_PATH = os.pathsep.join(
    [str(Path(USER_PYTHON).parent), os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")]
)
GRADER_PORT = int(os.environ.get("SISTERCITY_GRADER_PORT", "9999"))
GRADER_IP = os.environ.get("SISTERCITY_GRADER_IP", "127.0.0.1")
GRADER_URL = os.environ.get("SISTERCITY_GRADER_URL", f"http://127.0.0.1:{GRADER_PORT}")


def _names(variable):
    return [name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()]


def _names_in_file(variable):
    if not os.environ.get(variable):
        return []
    lines = Path(os.environ[variable]).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _singleuser_config():
    if os.environ.get("SISTERCITY_SINGLEUSER_CONFIG"):
        return os.environ["SISTERCITY_SINGLEUSER_CONFIG"]
    # Copied alone into TLJH's jupyterhub_config.d/, this file finds its sibling in the checkout.
    for folder in (HERE / "singleuser", COURSE_DIR / "deploy" / "singleuser"):
        if (folder / "nbgrader_config.py").exists():
            return str(folder)
    raise RuntimeError(
        "deploy/singleuser/nbgrader_config.py not found: set SISTERCITY_COURSE_DIR to the "
        "repository checkout or SISTERCITY_SINGLEUSER_CONFIG to its deploy/singleuser folder."
    )


INSTRUCTORS = _names("SISTERCITY_INSTRUCTORS")
STUDENTS = sorted(set(_names("SISTERCITY_STUDENTS") + _names_in_file("SISTERCITY_STUDENTS_FILE")))

if os.environ.get("SISTERCITY_CHP"):
    # configurable-http-proxy installed somewhere other than PATH (the tests install it from npm).
    c.ConfigurableHTTPProxy.command = [os.environ["SISTERCITY_CHP"]]
if os.environ.get("SISTERCITY_SET_NETWORK", "0" if TLJH_PREFIX else "1") == "1":
    # The public proxy listens on PORT; the hub's API and the proxy's API stay on loopback at
    # PORT+1 and PORT+2, so one block of ports is all a firewall or a test has to know.
    PORT = int(os.environ.get("SISTERCITY_HUB_PORT", "8000"))
    c.JupyterHub.ip = os.environ.get("SISTERCITY_HUB_IP", "127.0.0.1")
    c.JupyterHub.port = PORT
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = PORT + 1
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"

# TLJH and z2jh load this file with load_subconfig: it starts from an empty config that is then
# merged over theirs, so a plain assignment would replace their users, services and roles.
# update/append (traitlets' lazy container operations) add to them instead.
c.Authenticator.allowed_users.update(set(INSTRUCTORS) | set(STUDENTS))
if os.environ.get("SISTERCITY_INSTRUCTORS_ADMIN") == "1":
    c.Authenticator.admin_users.update(set(INSTRUCTORS))

# Every single-user server finds the exchange and the course id, and uses its hub user name as
# the nbgrader student id (deploy/singleuser/nbgrader_config.py), whatever OS user it runs as.
# Instructors are named so that their own servers keep nbgrader's default of "every student".
course_environment = {
    "SISTERCITY_EXCHANGE": EXCHANGE,
    "SISTERCITY_INSTRUCTORS": ",".join(INSTRUCTORS),
    "JUPYTER_CONFIG_PATH": _singleuser_config(),
}
for section in ("Spawner", "SystemdSpawner", "KubeSpawner"):
    # A spawner-specific setting (TLJH's, z2jh's) would hide the generic one: extend all three.
    c[section].environment.update(course_environment)

# Groups in nbgrader's naming; lecturers reach the formgrader through a role on their group.
c.JupyterHub.load_groups.update(
    {
        f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS},
        f"nbgrader-{COURSE_ID}": {"users": STUDENTS},
    }
)
c.JupyterHub.load_roles.append(
    {
        "name": f"formgrader-{COURSE_ID}-access",
        "description": "Lecturers of the course open its formgrader service.",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [f"access:services!service={SERVICE}"],
    }
)

# The formgrader: a Jupyter server the hub starts as a service (not in anyone's own server), in
# the course folder, where it reads course/nbgrader_config.py: gradebook, exchange, grading
# settings. Lecturers open /services/formgrader-sistercity/ in its own browser tab.
service = {
    "name": SERVICE,
    "url": GRADER_URL,
    "command": [
        USER_PYTHON,
        "-m",
        "jupyterhub.singleuser",
        f"--ServerApp.root_dir={COURSE_DIR / 'course'}",
        f"--ServerApp.ip={GRADER_IP}",
        f"--ServerApp.port={GRADER_PORT}",
        "--ServerApp.port_retries=0",
        # Running as root is refused without this flag; it changes nothing for other users.
        "--allow-root",
    ],
    "cwd": str(COURSE_DIR / "course"),
    "environment": {
        "SISTERCITY_EXCHANGE": EXCHANGE,
        "PATH": USER_PATH,
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
    },
    "oauth_no_confirm": True,
}
if os.environ.get("SISTERCITY_GRADER_USER"):
    service["user"] = os.environ["SISTERCITY_GRADER_USER"]
c.JupyterHub.services.append(service)

if os.environ.get("SISTERCITY_HUB_TEST") == "1":
    # Tests only: one shared password, and every user's server as the hub's own OS user,
    # with a home folder of its own. Never use this on a real server.
    import socket

    from jupyterhub.auth import DummyAuthenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    low, high = (int(p) for p in os.environ.get("SISTERCITY_TEST_PORTS", "18964-18999").split("-"))

    class RangePortSpawner(SimpleLocalProcessSpawner):
        """A local spawner whose servers listen on loopback ports of a fixed range only."""

        async def start(self):
            """Pick a free port of the range, then start as usual."""
            for port in range(low, high + 1):
                with socket.socket() as probe:
                    try:
                        probe.bind(("127.0.0.1", port))
                    except OSError:
                        continue
                self.port = port
                break
            else:
                raise RuntimeError(f"no free port in {low}-{high} for {self.user.name}'s server")
            return await super().start()

    c.JupyterHub.authenticator_class = DummyAuthenticator
    c.DummyAuthenticator.password = os.environ["SISTERCITY_TEST_PASSWORD"]
    c.JupyterHub.spawner_class = RangePortSpawner
    c.Spawner.ip = "127.0.0.1"
    c.SimpleLocalProcessSpawner.home_dir_template = (
        os.environ.get("SISTERCITY_TEST_HOMES", "/tmp/sistercity-hub-homes") + "/{username}"
    )
    c.Spawner.cmd = [USER_PYTHON, "-m", "jupyterhub.singleuser"]
    c.Spawner.environment.update({"PATH": USER_PATH})
    if os.geteuid() == 0:
        c.Spawner.args = ["--allow-root"]
    c.Spawner.default_url = "/lab"
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
