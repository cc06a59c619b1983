"""Helpers for the rsud tests: start rsud with a generated configuration
on free ports and wait until it answers a status (no fixed sleeps), subscribe
to its feed and wait until rsud holds the subscription, send commands,
PASS/FAIL/SKIP lines.
Needs python3-zmq (Debian); re-executes under /usr/bin/python3 when the
python3 on PATH lacks it."""
import os
import sys

try:
    import zmq  # noqa: F401
except ImportError:
    deb = "/usr/bin/python3"
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb) \
            and not os.environ.get("RSUD_REEXEC"):
        os.environ["RSUD_REEXEC"] = "1"
        os.execv(deb, [deb] + sys.argv)
    zmq = None

import json
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.environ.get("VECTORS", os.path.join(ROOT, "..", "shared", "vectors"))
if not os.path.isabs(VECTORS):
    VECTORS = os.path.join(ROOT, VECTORS)
V2X = os.path.join(ROOT, os.environ.get("V2X", "build/bin/v2x"))
failures = 0
# how long rsud may take to answer its first status (ASan, a loaded host)
READY_TIMEOUT = float(os.environ.get("RSUD_READY_TIMEOUT", "60"))


def _s(b):
    return b.decode() if isinstance(b, bytes) else b


def PASS(name):
    print("PASS %s" % name, flush=True)


def FAIL(name, why):
    global failures
    failures += 1
    print("FAIL %s: %s" % (name, why), flush=True)


def SKIP(name, why):
    print("SKIP %s: %s" % (name, why), flush=True)


def check(name, cond, why=""):
    if cond:
        PASS(name)
    else:
        FAIL(name, why)
    return cond


def need_zmq(names):
    if zmq is None:
        for n in names:
            SKIP(n, "python3-zmq is not installed (apt-get install python3-zmq)")
        sys.exit(0)


def variants():
    """rsud binaries to test: RSUD, or the normal build and the ASan one."""
    if os.environ.get("RSUD"):
        return [("", os.environ["RSUD"])]
    out = [("", os.path.join(ROOT, "build/bin/rsud"))]
    asan = os.path.join(ROOT, "build/asan/bin/rsud")
    if os.path.exists(asan) and not os.environ.get("RSUD_NO_ASAN"):
        out.append(("asan_", asan))
    return out


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Rsud:
    """One rsud process with its own directory, ports and configuration."""

    def __init__(self, binary, extra=None, keep_dir=None, ns=None):
        self.binary = binary
        self.dir = keep_dir or tempfile.mkdtemp(prefix="rsud-test-")
        self.feed_port = free_port()
        self.ctl_port = free_port()
        self.udp_port = free_port(socket.SOCK_DGRAM)
        self.ns = ns
        self.conf = {
            "rsu.id": "t1",
            "feed.endpoint": "tcp://127.0.0.1:%d" % self.feed_port,
            "control.endpoint": "tcp://127.0.0.1:%d" % self.ctl_port,
            "udp.listen": "127.0.0.1:%d" % self.udp_port,
            "store.file": os.path.join(self.dir, "store.json"),
            "log.level": "info",
        }
        self.conf.update(extra or {})
        self.proc = None
        self.ready_status = None

    @property
    def feed(self):
        return self.conf["feed.endpoint"]

    @property
    def ctl(self):
        return self.conf.get("control.endpoint", "tcp://127.0.0.1:7701")    # rsud's default

    def write_conf(self):
        path = os.path.join(self.dir, "rsud.conf")
        with open(path, "w") as f:
            for k, v in self.conf.items():
                f.write('%s = "%s"\n' % (k, v))
        return path

    def start(self, wait=None, timeout=None, curve=None):
        """Start rsud and wait until it is ready: True once it answered a
        status round trip on its command socket (wait_ready), False when
        it exited first.  wait, the fixed sleep this used to be, is only
        used where there is no command socket to ask (control.endpoint
        empty); curve: (server public, client public, client secret) of an
        allowed key when the command socket uses CURVE."""
        path = self.write_conf()
        self.log = open(os.path.join(self.dir, "rsud.log"), "ab")
        cmd = [self.binary, "-d", "-c", path]
        if self.ns:
            cmd = ["ip", "netns", "exec", self.ns] + cmd
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        env.setdefault("LSAN_OPTIONS", "suppressions=%s:print_suppressions=0" %
                       os.path.join(ROOT, "tests", "rsud", "lsan.supp"))
        # another build may be relinking the binary right now: retry
        for attempt in range(40):
            try:
                self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, env=env)
            except OSError:
                if attempt == 39:
                    raise
                time.sleep(0.5)
                continue
            self.ready_status = self.wait_ready(timeout=timeout, curve=curve, wait=wait)
            if self.proc.poll() is not None and "Permission denied" in self.logtext()[-300:] \
                    and attempt < 39:
                time.sleep(0.5)
                continue
            break
        return self.proc.poll() is None and self.ready_status is not None

    def wait_ready(self, timeout=None, curve=None, wait=None):
        """A status round trip: the reply once rsud answers (its event loop
        runs: every socket is bound, privileges are dropped), None when it
        exits first or timeout seconds pass.  Asks through the network
        namespace (v2x cmd) for a tcp:// command socket in one; without a
        command socket, only waits `wait` seconds and returns {}."""
        if timeout is None:
            timeout = READY_TIMEOUT
        end = time.time() + timeout
        ep = self.ctl
        if not ep:
            time.sleep(0.3 if wait is None else wait)
            return {} if self.proc.poll() is None else None
        if self.ns and not ep.startswith("ipc://"):
            while time.time() < end and self.proc.poll() is None:
                args = ["ip", "netns", "exec", self.ns, V2X, "cmd", ep, '{"cmd":"status"}', "--timeout", "1"]
                if curve:
                    args += ["--server-key", _s(curve[0]), "--secret-key", _s(curve[2])]
                p = run(args, capture_output=True, text=True)
                if p.returncode == 0:
                    try:
                        return json.loads(p.stdout)
                    except ValueError:
                        return {}
                time.sleep(0.05)
            return None
        s = zmq.Context.instance().socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        if curve:
            s.curve_serverkey, s.curve_publickey, s.curve_secretkey = curve
        s.connect(ep)
        s.send(b'{"cmd":"status"}')
        try:
            # the request waits in the socket until rsud binds and answers
            while time.time() < end:
                if s.poll(100):
                    return json.loads(s.recv())
                if self.proc.poll() is not None:
                    return None
            return None
        finally:
            s.close()

    def wait_status(self, pred, timeout=None, curve=None):
        """Status round trips until pred(status) holds: that status, or the
        last one (None if rsud never answered) after timeout seconds."""
        end = time.time() + (READY_TIMEOUT if timeout is None else timeout)
        st = None
        while True:
            st = self.cmd({"cmd": "status"}, timeout=max(0.1, min(5.0, end - time.time())), curve=curve) or st
            if st is not None and pred(st):
                return st
            if time.time() >= end or (self.proc is not None and self.proc.poll() is not None):
                return st
            time.sleep(0.02)

    def wait_subscriptions(self, n, timeout=None, curve=None):
        """Until the feed holds at least n topic subscriptions (status
        queues.feedSubscriptions: rsud's XPUB has them, so what is
        published next reaches those subscribers): the status, or None on
        timeout."""
        st = self.wait_status(lambda st: st["queues"].get("feedSubscriptions", 0) >= n, timeout, curve)
        return st if st is not None and st["queues"].get("feedSubscriptions", 0) >= n else None

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc = None
        self.log.close()
        return rc

    def logtext(self):
        with open(os.path.join(self.dir, "rsud.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def cmd(self, req, timeout=5.0, ctx=None, curve=None):
        """Send one request (dict or str) on a REQ socket; the reply dict,
        or None on timeout."""
        c = ctx or zmq.Context.instance()
        s = c.socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        if curve:
            s.curve_serverkey, s.curve_publickey, s.curve_secretkey = curve
        s.connect(self.ctl)
        body = req if isinstance(req, (str, bytes)) else json.dumps(req)
        s.send(body.encode() if isinstance(body, str) else body)
        if s.poll(int(timeout * 1000)) == 0:
            s.close()
            return None
        r = json.loads(s.recv())
        s.close()
        return r


def subscriber(endpoint, topic=b"v2x/", hwm=None, curve=None):
    """A SUB socket on the feed (v2x/: not rsud's heartbeats)."""
    s = zmq.Context.instance().socket(zmq.SUB)
    s.setsockopt(zmq.LINGER, 0)
    if hwm is not None:
        s.setsockopt(zmq.RCVHWM, hwm)
    if curve:
        s.curve_serverkey, s.curve_publickey, s.curve_secretkey = curve
    s.connect(endpoint)
    s.setsockopt(zmq.SUBSCRIBE, topic)
    return s


def receive(sock, idle=2.0, limit=None):
    """Messages [topic, json dict, raw] until idle seconds pass without one."""
    out = []
    while limit is None or len(out) < limit:
        if sock.poll(int(idle * 1000)) == 0:
            break
        parts = sock.recv_multipart()
        out.append((parts[0].decode(), json.loads(parts[1]), parts[2] if len(parts) > 2 else b""))
    return out


def run(cmd, **kw):
    """subprocess.run, retried while another build relinks the program."""
    for attempt in range(40):
        try:
            return subprocess.run(cmd, **kw)
        except OSError:
            if attempt == 39:
                raise
            time.sleep(0.5)


def v2x(*args, input=None):
    return run([V2X] + list(args), input=input, capture_output=True, text=True)


def sample(name):
    with open(os.path.join(ROOT, "sim", "samples", name)) as f:
        return json.loads(f.read())


def ifm(type_, psid, payload_hex, channel=172):
    """An immediate forward message (USDOT RSU v4.1) as bytes."""
    psid_enc = {0x20: "0x20", 0x82: "0x8002", 0x83: "0x8003", 0x204097: "0xE0000017"}[psid]
    return ("Version=0.7\nType=%s\nPSID=%s\nPriority=7\nTxMode=CONT\nTxChannel=%d\n"
            "TxInterval=0\nDeliveryStart=\nDeliveryStop=\nSignature=False\n"
            "Encryption=False\nPayload=%s\n" % (type_, psid_enc, channel, payload_hex.upper())).encode()


def encode_hex(msg):
    r = v2x("encode", input=json.dumps(msg) + "\n")
    return r.stdout.strip()


def finish():
    sys.exit(1 if failures else 0)
