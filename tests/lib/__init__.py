"""Shared helpers for the Python test programs in tests/ (standard library only).

Each test program prints one line per check, `PASS name`, `FAIL name: why` or
`SKIP name: why`, then a summary line `N passed, N failed, N skipped`, and exits
1 if any check failed, else 0.

Environment:
  V2X          the v2x binary (default build/bin/v2x in the repository); a
               relative path is taken from the current directory, else from the
               repository root
  VECTORS      the shared vectors (default ../shared/vectors next to the repo)
  V2X_TIMEOUT  seconds allowed for one v2x run (default 30)
"""

import json
import os
import signal
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "MemorySanitizer", "ThreadSanitizer", "runtime error:")


def vectors_dir():
    d = os.environ.get("VECTORS")
    if d:
        return os.path.abspath(d)
    return os.path.normpath(os.path.join(REPO, "..", "shared", "vectors"))


def resolve_binary(path):
    """Absolute path of a v2x binary given as absolute, relative to cwd, or
    relative to the repository root."""
    if os.path.isabs(path):
        return path
    if os.path.exists(path):
        return os.path.abspath(path)
    return os.path.join(REPO, path)


def v2x_binary():
    return resolve_binary(os.environ.get("V2X", "build/bin/v2x"))


def timeout():
    try:
        return float(os.environ.get("V2X_TIMEOUT", "30"))
    except ValueError:
        return 30.0


class Reporter:
    """Collects and prints check results."""

    def __init__(self, prefix=""):
        self.prefix = prefix
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def _name(self, name):
        return self.prefix + name

    def ok(self, name):
        self.passed += 1
        print("PASS %s" % self._name(name), flush=True)

    def fail(self, name, why):
        self.failed += 1
        why = " ".join(str(why).split("\n"))
        if len(why) > 2000:
            why = why[:1997] + "..."
        self.failures.append((self._name(name), why))
        print("FAIL %s: %s" % (self._name(name), why), flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP %s: %s" % (self._name(name), why), flush=True)

    def check(self, name, cond, why):
        """PASS if cond is true, else FAIL with why (a str or a callable)."""
        if cond:
            self.ok(name)
        else:
            self.fail(name, why() if callable(why) else why)
        return bool(cond)

    def finish(self):
        print("%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped),
              flush=True)
        sys.exit(1 if self.failed else 0)


class Result:
    def __init__(self, args, rc, out, err, timed_out):
        self.args = args
        self.rc = rc
        self.stdout = out
        self.stderr = err
        self.timed_out = timed_out

    @property
    def text(self):
        return self.stdout.decode("utf-8", "replace")

    def lines(self):
        """stdout split into non-empty lines."""
        return [l for l in self.text.split("\n") if l.strip()]

    def objects(self):
        """Every non-empty stdout line parsed as a JSON object.
        Raises ValueError naming the first line that is not."""
        objs = []
        for i, l in enumerate(self.lines(), 1):
            try:
                o = json.loads(l)
            except ValueError as e:
                raise ValueError("stdout line %d is not JSON (%s): %r" % (i, e, l[:200]))
            if not isinstance(o, dict):
                raise ValueError("stdout line %d is not a JSON object: %r" % (i, l[:200]))
            objs.append(o)
        return objs

    def crash(self):
        """None if the process ended normally (exit 0, 1 or 2, no sanitizer
        report), else a description of what went wrong."""
        err = self.stderr.decode("utf-8", "replace")
        if self.timed_out:
            return "timed out (hang?) running %s" % " ".join(self.args)
        if self.rc < 0:
            try:
                sig = signal.Signals(-self.rc).name
            except ValueError:
                sig = str(-self.rc)
            return "killed by signal %s; stderr: %s" % (sig, err[-400:])
        for mark in SANITIZER_MARKS:
            if mark in err:
                i = err.find(mark)
                return "sanitizer report (exit %d): %s" % (self.rc, err[max(0, i - 80):i + 400])
        if self.rc not in (0, 1, 2):
            return "exit status %d (DESIGN allows 0, 1, 2); stderr: %s" % (self.rc, err[-400:])
        return None

    def describe(self):
        return "exit %s, stdout %r, stderr %r" % (
            "timeout" if self.timed_out else self.rc, self.text[:300],
            self.stderr.decode("utf-8", "replace")[-300:])


def sanitizer_env():
    env = dict(os.environ)
    # ASan's default exit status on a report is 1, which v2x also uses for "a
    # message failed": make reports visible through the status as well.
    asan = env.get("ASAN_OPTIONS", "")
    if "exitcode=" not in asan:
        env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "exitcode=86"
    ubsan = env.get("UBSAN_OPTIONS", "")
    if "print_stacktrace=" not in ubsan:
        env["UBSAN_OPTIONS"] = (ubsan + ":" if ubsan else "") + "print_stacktrace=1"
    return env


def run(binary, args, data=None, tmo=None):
    """Run binary with args, feeding data (bytes or str) on stdin."""
    if isinstance(data, str):
        data = data.encode()
    cmd = [binary] + list(args)
    try:
        p = subprocess.run(cmd, input=data if data is not None else b"",
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=tmo or timeout(), env=sanitizer_env())
        return Result(cmd, p.returncode, p.stdout, p.stderr, False)
    except subprocess.TimeoutExpired as e:
        return Result(cmd, -9, e.stdout or b"", e.stderr or b"", True)


# Plain PASS/FAIL lines and a failure count, for the tests that need no
# Reporter (the simulator's and pvd.py).
_failures = 0


def report(name, ok, why=""):
    global _failures
    if ok:
        print("PASS " + name)
    else:
        _failures += 1
        print("FAIL %s: %s" % (name, why))


def failed():
    """How many report() calls failed so far."""
    return _failures


def spawn(cmd, timeout=300):
    """subprocess.run, retried while another build relinks the binary."""
    import time
    for attempt in range(40):
        try:
            return subprocess.run(cmd, capture_output=True, text=True,
                                  timeout=timeout)
        except OSError:
            if attempt == 39:
                raise
            time.sleep(0.25)
