"""Box a grading kernel in with Linux namespaces: no network, a private view of the files.

``sistercity grade`` runs each student's kernel forked from a server that has already imported
IPython, numpy and pandas (``forkserver.py``); a sandbox program such as bubblewrap can only
start a new program, so the forked kernel boxes itself in with the same kernel features
bubblewrap uses (stdlib only, through ``libc``):

* a new network namespace: no network at all, not even the lecturer's own ``localhost``
  (the kernel talks to nbgrader over Unix sockets in its own folder);
* a new mount namespace in which every file system is read-only, and a fresh empty ``tmpfs``
  lies over the course folder (masters with hidden tests, gradebook, submissions), the
  solutions, the lecturer's home, ``/tmp`` (every other student's staging folder and the
  gradebook copies), ``/run`` and ``/dev/shm``; Python, the installed packages (``sistercity``
  and its data included) are bound back read-only, and only the student's own staging folder
  is writable;
* a new PID namespace with its own ``/proc``: the kernel sees no other process, and every
  process it starts dies with it;
* for a user who is not root, a user namespace first (then the kernel's "root" is the
  lecturer's own user, mapped, and gains nothing outside).

:func:`available` says whether this works here (Linux with user namespaces, or root); where it
does not, grading runs unsandboxed and says so once.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
_OPTION_FLAGS = {
    "nosuid": MS_NOSUID,
    "nodev": MS_NODEV,
    "noexec": MS_NOEXEC,
    "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME,
    "relatime": MS_RELATIME,
}

PR_SET_PDEATHSIG = 1

#: Environment variable holding the JSON view of one kernel's sandbox (set by the worker).
ENV_VIEW = "SISTERCITY_SANDBOX"
#: Set to any value to grade without the sandbox (to measure its cost, or where it misbehaves).
ENV_OFF = "SISTERCITY_NO_SANDBOX"
#: Device files a kernel needs.
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


class SandboxError(OSError):
    """The sandbox could not be set up (the kernel is then not started)."""


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"{what}: {os.strerror(errno)}")


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    encoded = [None if x is None else str(x).encode() for x in (source, target, fstype, data)]
    _check(libc.mount(encoded[0], encoded[1], encoded[2], flags, encoded[3]), f"mount {target}")


def _write(path: str, text: str) -> None:
    # Plain system calls: while the view is built, the standard library may be out of sight.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _mounts() -> list[tuple[str, int]]:
    """Every mount point with the flags a read-only remount must keep."""
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            point = fields[4].encode().decode("unicode_escape")
            flags = 0
            for option in fields[5].split(","):
                flags |= _OPTION_FLAGS.get(option, 0)
            found.append((point, flags))
    return found


def default_view(work: str, hide: list[str], expose: list[str] | None = None) -> dict:
    """The view of one kernel: its writable ``work`` folder, what to hide and what to show."""
    import tempfile

    home = os.path.expanduser("~")
    hidden = [*hide, "/tmp", tempfile.gettempdir(), "/var/tmp", "/run", "/dev/shm"]
    if home not in ("/", ""):
        hidden.append(home)
    shown = list(expose or [])
    here = os.path.realpath(os.getcwd())
    for entry in [sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path]:
        # The working folder is on sys.path of ``python -m``: it is not Python, keep it hidden.
        if entry and os.path.isdir(entry) and os.path.realpath(entry) != here:
            shown.append(entry)
    shown.append(os.path.dirname(os.path.realpath(sys.executable)))
    hidden = _unique(hidden)
    # Never bind back a folder that holds a hidden one, such as the home or the course's parent.
    shown = [p for p in _unique(shown) if not any(_inside(h, [p]) for h in hidden)]
    return {"work": os.path.realpath(work), "hide": hidden, "expose": shown}


def _unique(paths) -> list[str]:
    seen, result = set(), []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen and real != "/":
            seen.add(real)
            result.append(real)
    return result


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def _enter_namespaces(libc) -> None:
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID
    if uid != 0:
        flags |= CLONE_NEWUSER
    _check(libc.unshare(flags), "unshare")
    if uid != 0:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _build_view(libc, view: dict) -> None:
    """Make the file systems read-only, hide folders and bind back what the kernel needs."""
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    hide = [p for p in view["hide"] if os.path.isdir(p)]
    work = view["work"]
    keep = {}
    for path in [*view["expose"], work]:
        if os.path.isdir(path) and _inside(path, hide):
            keep[path] = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    devices = {d: os.open(f"/dev/{d}", os.O_PATH) for d in DEVICES if os.path.exists(f"/dev/{d}")}
    work_fd = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
    for point, flags in _mounts():
        if _inside(point, ["/proc", "/sys", "/dev"]):
            continue  # /dev is replaced below, /proc too; sysfs is read-only to a kernel
        _mount(libc, None, point, None, MS_BIND | MS_REMOUNT | MS_RDONLY | flags)
    # Cover the outermost hidden folders first, then bind back what lies inside them.
    for path in sorted(hide, key=len):
        if not _inside(path, [h for h in hide if h != path]):
            _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    _mount(libc, "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755")
    for name, fd in devices.items():
        _write(f"/dev/{name}", "")
        _mount(libc, f"/proc/self/fd/{fd}", f"/dev/{name}", None, MS_BIND)
    os.makedirs("/dev/shm", exist_ok=True)
    _mount(libc, "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    for path, fd in sorted(keep.items()):
        if path == work:
            continue
        os.makedirs(path, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        _mount(libc, None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
    # A hidden folder inside something bound back (the course inside the home) is hidden again.
    for path in hide:
        if _inside(path, [k for k in keep if k != path]) and os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    os.makedirs(work, exist_ok=True)
    _mount(libc, f"/proc/self/fd/{work_fd}", work, None, MS_BIND)
    _mount(libc, None, work, None, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV)
    # The notebook being graded holds the hidden tests (nbgrader restored them): the kernel
    # runs its cells but reads an empty file in its place.
    for folder, _dirs, files in os.walk(work):
        for name in files:
            if name.endswith(".ipynb") and "null" in devices:
                _mount(libc, "/dev/null", os.path.join(folder, name), None, MS_BIND)
    for fd in [*keep.values(), *devices.values(), work_fd]:
        os.close(fd)


def _mount_proc(libc) -> None:
    """A ``/proc`` of the new PID namespace; an empty one when that is refused."""
    try:
        _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except SandboxError:
        _mount(libc, "tmpfs", "/proc", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0555")


def enter(view: dict) -> None:
    """Box this (single-threaded) process in; returns in the kernel's process inside the box.

    Three processes result, all in this process group: this one waits and ends as the kernel
    ended (same exit code or signal, so limits are reported as before); a tiny init process,
    PID 1 of the new PID namespace, whose end takes every process the kernel started with it;
    and the kernel itself, an ordinary process for signals (an init process would ignore
    ``SIGTERM``). Raises :class:`SandboxError` when a step is refused.
    """
    import signal

    libc = _libc()
    _enter_namespaces(libc)
    _build_view(libc, view)
    read_end, write_end = os.pipe()
    init = os.fork()
    if init:
        os.close(write_end)
        _wait_as_kernel(init, read_end)
    os.close(read_end)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the box goes when the process above goes
    _mount_proc(libc)
    kernel = os.fork()
    if kernel:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        while True:
            try:
                _, status = os.waitpid(kernel, 0)
                break
            except InterruptedError:
                continue
        os.write(write_end, str(status).encode())
        os._exit(0)
    os.close(write_end)
    os.chdir(os.getcwd() if os.path.isdir(os.getcwd()) else view["work"])


def _wait_as_kernel(init: int, status_pipe: int) -> None:
    """Forward interrupts into the box, then end exactly as the kernel ended; never returns."""
    import signal

    def forward(signum, _frame):
        signal.signal(signum, signal.SIG_IGN)
        try:
            os.killpg(os.getpgid(0), signum)
        finally:
            signal.signal(signum, forward)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    chunks = []
    while True:
        try:
            chunk = os.read(status_pipe, 64)
        except InterruptedError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
    try:
        os.waitpid(init, 0)
    except ChildProcessError:
        pass
    text = b"".join(chunks).decode() or str(1 << 8)
    status = int(text)
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def available() -> tuple[bool, str]:
    """Whether kernels can be sandboxed here, and why not when they cannot."""
    if os.environ.get(ENV_OFF):
        return False, f"{ENV_OFF} is set"
    if not sys.platform.startswith("linux"):
        return False, f"no Linux namespaces on {sys.platform}"
    import subprocess
    import tempfile

    work = tempfile.mkdtemp(prefix="sistercity-probe-")
    try:
        probe = subprocess.run(
            [sys.executable, "-m", "sistercity.grading.kernels.isolation", "--probe", work],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    if probe.returncode == 0 and probe.stdout.strip() == "sandboxed":
        return True, ""
    detail = (probe.stderr.strip().splitlines() or ["unknown error"])[-1]
    return False, detail


def _probe(work: str) -> int:
    view = default_view(work, [])
    enter(view)
    import socket

    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
        print("network reachable", file=sys.stderr)
        return 1
    except OSError:
        pass
    # /tmp may hold only the skeleton of what the view binds back (its work folder, and Python or
    # the package when they live under /tmp, as in a clone there); anything else is a leak.
    allowed = {
        os.path.relpath(path, "/tmp").split(os.sep)[0]
        for path in [view["work"], *view["expose"]]
        if _inside(path, ["/tmp"])
    }
    if os.path.exists(os.path.expanduser("~/.bashrc")) or set(os.listdir("/tmp")) - allowed:
        print("hidden folders visible", file=sys.stderr)
        return 1
    print("sandboxed")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``--probe WORK`` checks the sandbox; ``VIEW_JSON -- COMMAND...`` runs a command boxed in."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe"]:
        try:
            return _probe(argv[1])
        except OSError as error:
            print(f"sandbox unavailable: {error}", file=sys.stderr)
            return 1
    view = json.loads(argv[0])
    command = argv[argv.index("--") + 1 :]
    os.setpgid(0, 0)  # forwarded signals reach the box only, not the wrapper above
    enter(view)
    # In the box the kernel's parent is the box's init (PID 1), which ipykernel's parent
    # poller takes for "my parent has died"; the box itself ends with the process above it.
    os.environ.pop("JPY_PARENT_PID", None)
    os.execvp(command[0], command)
    return 127


if __name__ == "__main__":
    sys.exit(main())
