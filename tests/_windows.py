"""A Windows Python's ``os`` on this machine: run pilotdesk in a child Python that lacks what
a Windows Python lacks, so that a POSIX-only name used without a guard fails here, in CI,
rather than on an SE's laptop.

What the child gets (see :data:`PRELUDE`):

- every name in :data:`POSIX_ONLY_OS_NAMES` deleted from ``os``: the names typeshed declares
  absent on ``win32`` for Python 3.11 (found with ``mypy --platform win32`` over every name of
  Linux's ``os``), ``fchmod``, ``O_NONBLOCK``, ``O_NOFOLLOW``, ``getuid``, ``pread`` among them;
- :data:`POSIX_ONLY_MODULES` (``fcntl``, ``pwd``, ``termios``, ...) unimportable;
- ``os.O_BINARY`` as on Windows, and an ``os.open`` that refuses a call from pilotdesk's own
  code without it: a Windows Python opens in text mode then, and turns CRLF into LF on reading
  and ``\\n`` into ``\\r\\n`` on writing;
- standard output and error translating ``\\n`` into ``\\r\\n``, as a Windows console or pipe
  does, so CSV written through a text stream shows its ``\\r\\r\\n``;
- only ``USERNAME`` to say who the user is (``getpass`` falls back to ``pwd`` without it).

The standard library's own POSIX implementation (``subprocess`` calls ``os.waitpid`` with
``os.WNOHANG``), and ``platformdirs``' Unix one (it imports ``os.geteuid``), are loaded before
the names go and keep a whole ``os`` of their own: on Windows each is another implementation,
which needs none of them. What this cannot show: what a real Windows does differently with the names
it has (``msvcrt`` locks, file sharing, ``os.replace`` over an open file); the README says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: ``mypy --platform win32 --python-version 3.11`` over ``os.NAME`` for every name of Linux's
#: ``os``: those it reports as missing (``abc`` and ``st``, modules ``os`` imports, left out).
POSIX_ONLY_OS_NAMES = """
CLD_CONTINUED CLD_DUMPED CLD_EXITED CLD_KILLED CLD_STOPPED CLD_TRAPPED EFD_CLOEXEC EFD_NONBLOCK
EFD_SEMAPHORE EX_CANTCREAT EX_CONFIG EX_DATAERR EX_IOERR EX_NOHOST EX_NOINPUT EX_NOPERM
EX_NOUSER EX_OSERR EX_OSFILE EX_PROTOCOL EX_SOFTWARE EX_TEMPFAIL EX_UNAVAILABLE EX_USAGE F_LOCK
F_TEST F_TLOCK F_ULOCK GRND_NONBLOCK GRND_RANDOM MFD_ALLOW_SEALING MFD_CLOEXEC MFD_HUGETLB
MFD_HUGE_16GB MFD_HUGE_16MB MFD_HUGE_1GB MFD_HUGE_1MB MFD_HUGE_256MB MFD_HUGE_2GB MFD_HUGE_2MB
MFD_HUGE_32MB MFD_HUGE_512KB MFD_HUGE_512MB MFD_HUGE_64KB MFD_HUGE_8MB MFD_HUGE_MASK
MFD_HUGE_SHIFT NGROUPS_MAX O_ACCMODE O_ASYNC O_CLOEXEC O_DIRECT O_DIRECTORY O_DSYNC O_FSYNC
O_LARGEFILE O_NDELAY O_NOATIME O_NOCTTY O_NOFOLLOW O_NONBLOCK O_PATH O_RSYNC O_SYNC O_TMPFILE
POSIX_FADV_DONTNEED POSIX_FADV_NOREUSE POSIX_FADV_NORMAL POSIX_FADV_RANDOM
POSIX_FADV_SEQUENTIAL POSIX_FADV_WILLNEED POSIX_SPAWN_CLOSE POSIX_SPAWN_DUP2 POSIX_SPAWN_OPEN
PRIO_PGRP PRIO_PROCESS PRIO_USER P_ALL P_PGID P_PID P_PIDFD RTLD_DEEPBIND RTLD_GLOBAL RTLD_LAZY
RTLD_LOCAL RTLD_NODELETE RTLD_NOLOAD RTLD_NOW RWF_APPEND RWF_DSYNC RWF_HIPRI RWF_NOWAIT RWF_SYNC
SCHED_BATCH SCHED_FIFO SCHED_IDLE SCHED_OTHER SCHED_RESET_ON_FORK SCHED_RR SEEK_DATA SEEK_HOLE
SPLICE_F_MORE SPLICE_F_MOVE SPLICE_F_NONBLOCK ST_APPEND ST_MANDLOCK ST_NOATIME ST_NODEV
ST_NODIRATIME ST_NOEXEC ST_NOSUID ST_RDONLY ST_RELATIME ST_SYNCHRONOUS ST_WRITE WCONTINUED
WCOREDUMP WEXITED WEXITSTATUS WIFCONTINUED WIFEXITED WIFSIGNALED WIFSTOPPED WNOHANG WNOWAIT
WSTOPPED WSTOPSIG WTERMSIG WUNTRACED XATTR_CREATE XATTR_REPLACE XATTR_SIZE_MAX chown chroot
confstr confstr_names copy_file_range ctermid environb eventfd eventfd_read eventfd_write fchdir
fchmod fchown fdatasync fork forkpty fpathconf fstatvfs fwalk get_blocking getegid getenvb
geteuid getgid getgrouplist getgroups getloadavg getpgid getpgrp getpriority getrandom getresgid
getresuid getsid getuid getxattr initgroups killpg lchown listxattr lockf login_tty major
makedev memfd_create minor mkfifo mknod nice openpty pathconf pathconf_names pidfd_open pipe2
posix_fadvise posix_fallocate posix_spawn posix_spawnp pread preadv pwrite pwritev readv
register_at_fork removexattr sched_get_priority_max sched_get_priority_min sched_getaffinity
sched_getparam sched_getscheduler sched_param sched_rr_get_interval sched_setaffinity
sched_setparam sched_setscheduler sched_yield sendfile set_blocking setegid seteuid setgid
setgroups setpgid setpgrp setpriority setregid setresgid setresuid setreuid setsid setuid
setxattr spawnlp spawnlpe spawnvp spawnvpe splice statvfs sync sysconf sysconf_names tcgetpgrp
tcsetpgrp ttyname uname wait wait3 wait4 waitid waitid_result writev
""".split()

#: Modules a Windows Python does not have (``posix`` itself is what ``os`` is built on here).
POSIX_ONLY_MODULES = ("fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "syslog")

#: Windows' value (msvcrt's ``_O_BINARY``); stripped again before the real ``open``.
O_BINARY = 0x8000

PRELUDE = f"""
import errno, os, sys
import subprocess, tempfile, shutil, getpass, types  # this platform's implementations first
_posix_os = types.ModuleType("os")  # and they keep the names they use (subprocess: WNOHANG)
_posix_os.__dict__.update(os.__dict__)
import importlib
_modules = [subprocess, tempfile, shutil, getpass]
# platformdirs picks its Unix implementation by sys.platform, which imports os.geteuid.
for _name in ["platformdirs", "platformdirs.unix", *PRELOAD]:
    try:
        _modules.append(importlib.import_module(_name))
    except ImportError:
        pass
for _module in _modules:
    for _name, _value in list(vars(_module).items()):
        if _value is os:
            setattr(_module, _name, _posix_os)
for name in {POSIX_ONLY_OS_NAMES!r}:
    if hasattr(os, name):
        delattr(os, name)
for module in {POSIX_ONLY_MODULES!r}:
    sys.modules[module] = None  # import fails with ImportError, as on Windows
os.O_BINARY = {O_BINARY}
_real_open = os.open
def _windows_open(path, flags, mode=0o777, *, dir_fd=None):
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if caller.startswith("pilotdesk") and not flags & os.O_BINARY:
        raise OSError(errno.EINVAL, "os.open without O_BINARY (text mode on Windows)", path)
    return _real_open(path, flags & ~os.O_BINARY, mode, dir_fd=dir_fd)
os.open = _windows_open
for stream in (sys.stdout, sys.stderr):
    stream.reconfigure(newline="\\r\\n")
"""


def windows_env() -> dict[str, str]:
    drop = {"LOGNAME", "USER", "LNAME", "USERNAME"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["USERNAME"] = "sam"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


def run_python(
    code: str, *args: str, cwd: Path, preload: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[bytes]:
    """``code`` after :data:`PRELUDE` in a child Python; stdout and stderr as bytes.
    ``preload``: modules of a dependency's own POSIX implementation, loaded before the names
    go (Textual's Linux driver: on Windows it loads its Windows one)."""
    return subprocess.run(
        [sys.executable, "-c", f"PRELOAD = {preload!r}\n" + PRELUDE + code, *args],
        cwd=cwd,
        env=windows_env(),
        capture_output=True,
        timeout=120,
    )


def run_pilotdesk(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``pilotdesk ARGS`` as a Windows Python would run it (see the module's docstring)."""
    code = "from pilotdesk.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return run_python(code, *args, cwd=cwd)
