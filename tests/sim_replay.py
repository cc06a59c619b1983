#!/usr/bin/env python3
"""sim_replay.py: v2xsim replay end to end on the ms-van3t trace: into a
capture file the same frames come out in the same order with the same
relative timing, with --speed 10 the gaps are a tenth; pcap and pcapng
output; filters; --loop; UDP on loopback carries the GeoNetworking packets.
--to zmq: (PUSH) into a bound PULL, and zmq-pub: into a SUB, receive every
frame's GeoNetworking packet (python3-zmq; SKIP without it); --to iface:
injects every frame into one end of a veth pair in a network namespace the
test makes (or a dummy interface it makes when ip netns is refused), and
tcpdump on the interface sees the same bytes (root; SKIP otherwise).
PASS/FAIL/SKIP lines."""
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import failed, report, spawn  # noqa: E402

try:
    import zmq
except ImportError:
    deb = "/usr/bin/python3"
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb) \
            and not os.environ.get("SIM_REPLAY_REEXEC"):
        os.environ["SIM_REPLAY_REEXEC"] = "1"
        os.execv(deb, [deb] + sys.argv)
    zmq = None

SIM = os.path.abspath(os.environ.get("V2XSIM", "build/bin/v2xsim"))
VEC = os.environ.get("VECTORS", "../shared/vectors")
TRACE = os.path.join(VEC, "ms-van3t", "sample_trace.pcapng")


def read_capture(path):
    """[(ts_ns, bytes)] of a pcap (us or ns) or pcapng (if_tsresol) file."""
    d = open(path, "rb").read()
    out = []
    magic = struct.unpack_from("<I", d)[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        mul = 1000 if magic == 0xa1b2c3d4 else 1
        i = 24
        while i + 16 <= len(d):
            s, f, cl, _ = struct.unpack_from("<IIII", d, i)
            out.append((s * 10**9 + f * mul, d[i + 16:i + 16 + cl]))
            i += 16 + cl
        return out
    assert magic == 0x0a0d0d0a, "not pcap nor little-endian pcapng"
    i, res = 0, []
    while i + 12 <= len(d):
        bt, bl = struct.unpack_from("<II", d, i)
        if bt == 1:
            r, o = 10**6, i + 16
            while o + 4 <= i + bl - 4:
                code, ln = struct.unpack_from("<HH", d, o)
                if code == 0:
                    break
                if code == 9:
                    v = d[o + 4]
                    r = 2 ** (v & 0x7f) if v & 0x80 else 10 ** v
                o += 4 + ln + (4 - ln % 4) % 4
            res.append(r)
        elif bt == 6:
            iface, hi, lo, cl = struct.unpack_from("<IIII", d, i + 8)
            t = (hi << 32) | lo
            out.append((t * 10**9 // res[iface], d[i + 28:i + 28 + cl]))
        i += bl
    return out


def replay(*args):
    p = spawn([SIM, "replay", "-q"] + list(args), 120)
    return p.returncode, p.stdout + p.stderr


def main():
    if not os.path.exists(TRACE):
        print("SKIP sim_replay: %s absent" % TRACE)
        return 0
    if not os.path.exists(SIM):
        print("FAIL sim_replay: %s not built" % SIM)
        return 1
    orig = read_capture(TRACE)
    tmp = tempfile.mkdtemp(prefix="sim_replay.")
    for ext in ("pcap", "pcapng"):
        out = os.path.join(tmp, "x1." + ext)
        rc, msg = replay(TRACE, "--to", "file:" + out)
        got = read_capture(out) if rc == 0 else []
        report("replay_file_%s_frames" % ext, rc == 0 and
               [b for _, b in got] == [b for _, b in orig],
               "rc %d, %d frames of %d, or different bytes: %s" %
               (rc, len(got), len(orig), msg[-300:]))
        bad = [i for i in range(1, min(len(got), len(orig)))
               if abs((got[i][0] - got[0][0]) - (orig[i][0] - orig[0][0]))
               > 1000]
        report("replay_file_%s_timing" % ext, got and not bad,
               "%d offsets off by more than 1 us, first %s" %
               (len(bad), bad[:1]))
    out = os.path.join(tmp, "x10.pcap")
    rc, msg = replay(TRACE, "--to", "file:" + out, "--speed", "10")
    got = read_capture(out) if rc == 0 else []
    ok = len(got) == len(orig) and len(got) > 1
    worst = 0
    for i in range(1, len(got) if ok else 0):
        g = got[i][0] - got[i - 1][0]
        o = (orig[i][0] - orig[i - 1][0]) / 10.0
        worst = max(worst, abs(g - o))
    report("replay_speed10_gaps", ok and worst <= 1000,
           "rc %d, %d frames, worst gap error %d ns" % (rc, len(got), worst))
    span_o = orig[-1][0] - orig[0][0]
    span_g = got[-1][0] - got[0][0] if got else 0
    report("replay_speed10_span", ok and abs(span_g - span_o / 10) < 2000,
           "span %d ns, expected %d" % (span_g, span_o / 10))

    out = os.path.join(tmp, "cam.pcap")
    rc, msg = replay(TRACE, "--to", "file:" + out, "--filter", "type=CAM")
    got = read_capture(out) if rc == 0 else []
    report("replay_filter_type", rc == 0 and len(got) == 367 and
           "CAM 367" in msg, "%d frames: %s" % (len(got), msg[-300:]))
    out = os.path.join(tmp, "port.pcap")
    rc, msg = replay(TRACE, "--to", "file:" + out, "--filter",
                     "port=2001,port=2009")
    got = read_capture(out) if rc == 0 else []
    report("replay_filter_port_or", rc == 0 and len(got) == len(orig),
           "%d frames: %s" % (len(got), msg[-300:]))
    out = os.path.join(tmp, "psid.pcap")
    rc, msg = replay(TRACE, "--to", "file:" + out, "--filter", "psid=0x20")
    got = read_capture(out) if rc == 0 else []
    report("replay_filter_psid_none", rc == 0 and len(got) == 0,
           "%d frames: %s" % (len(got), msg[-300:]))

    out = os.path.join(tmp, "loop.pcap")
    rc, msg = replay(TRACE, "--to", "file:" + out, "--loop", "2",
                     "--speed", "4")
    got = read_capture(out) if rc == 0 else []
    mono = all(got[i][0] > got[i - 1][0] for i in range(1, len(got)))
    report("replay_loop", rc == 0 and len(got) == 2 * len(orig) and mono and
           [b for _, b in got[len(orig):]] == [b for _, b in orig],
           "%d frames, increasing %s" % (len(got), mono))

    rc, msg = replay(TRACE, "--to", "file:" + out, "--filter", "bogus")
    report("replay_bad_filter", rc == 2, "rc %d" % rc)

    # UDP on loopback: the GeoNetworking packet of each frame (after the
    # 14-byte Ethernet header), in order, nothing lost at 50x.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("127.0.0.1", 0))
    s.settimeout(3)
    port = s.getsockname()[1]
    recv = []

    def rx():
        try:
            while True:
                recv.append(s.recv(65536))
        except socket.timeout:
            pass
    th = threading.Thread(target=rx)
    th.start()
    rc, msg = replay(TRACE, "--to", "udp:127.0.0.1:%d" % port,
                     "--speed", "50")
    th.join()
    s.close()
    want = [b[14:] for _, b in orig]
    report("replay_udp_gn", rc == 0 and recv == want,
           "rc %d, %d datagrams of %d: %s" % (rc, len(recv), len(want),
                                              msg[-300:]))
    report("replay_udp_timing_line", "timing: lateness" in msg, msg[-200:])
    replay_zmq(orig)
    replay_iface(orig, tmp)
    return 1 if failed() else 0


def replay_zmq(orig):
    """zmq: PUSH connects to our PULL; zmq-pub: binds, our SUB connects
    first (reconnecting every 10 ms until the PUB is there; v2xsim waits
    0.3 s for subscribers to join)."""
    if zmq is None:
        for n in ("replay_zmq_push", "replay_zmq_pub"):
            print("SKIP %s: python3-zmq is not installed" % n)
        return
    want = [b[14:] for _, b in orig]
    ctx = zmq.Context.instance()
    pull = ctx.socket(zmq.PULL)
    pull.setsockopt(zmq.LINGER, 0)
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    rc, msg = replay(TRACE, "--to", "zmq:tcp://127.0.0.1:%d" % port, "--max")
    got = []
    while pull.poll(2000):
        got.append(pull.recv())
    pull.close()
    report("replay_zmq_push", rc == 0 and got == want,
           "rc %d, %d of %d messages, same bytes %s: %s" %
           (rc, len(got), len(want), got == want[:len(got)], msg[-300:]))

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.RECONNECT_IVL, 10)
    sub.setsockopt(zmq.RCVHWM, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect("tcp://127.0.0.1:%d" % port)
    rc, msg = replay(TRACE, "--to", "zmq-pub:tcp://127.0.0.1:%d" % port,
                     "--speed", "50")
    got = []
    while sub.poll(2000):
        got.append(sub.recv())
    sub.close()
    report("replay_zmq_pub", rc == 0 and got == want,
           "rc %d, %d of %d messages, same bytes %s: %s" %
           (rc, len(got), len(want), got == want[:len(got)], msg[-300:]))


def sh(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def replay_iface(orig, tmp):
    name = "replay_iface"
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("tcpdump"):
        print("SKIP %s: needs root, ip and tcpdump" % name)
        return
    ns = "simrp%d" % os.getpid()
    pre, tx, rx = ["ip", "netns", "exec", ns], "va", "vb"
    made = []
    if sh("ip", "netns", "add", ns).returncode == 0:
        made.append(["ip", "netns", "del", ns])
        ok = sh(*pre, "ip", "link", "add", tx, "type", "veth", "peer", "name",
                rx).returncode == 0
        ok = ok and sh(*pre, "ip", "link", "set", tx, "up").returncode == 0
        ok = ok and sh(*pre, "ip", "link", "set", rx, "up").returncode == 0
    else:
        # no namespace: a dummy interface of ours; tcpdump sees what is
        # sent on it
        pre, tx = [], "simrp%d" % (os.getpid() % 100000)
        rx = tx
        ok = sh("ip", "link", "add", tx, "type", "dummy").returncode == 0
        if ok:
            made.append(["ip", "link", "del", tx])
            ok = sh("ip", "link", "set", tx, "up").returncode == 0
    try:
        if not ok:
            print("SKIP %s: neither a network namespace with a veth pair nor "
                  "a dummy interface can be made here" % name)
            return
        capf = os.path.join(tmp, "iface.pcap")
        td = subprocess.Popen(pre + ["tcpdump", "-i", rx, "-U", "-n", "-w", capf,
                                     "ether proto 0x8947"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        td.stderr.readline()        # "listening on ...": ready
        p = spawn(pre + [SIM, "replay", "-q", TRACE, "--to", "iface:" + tx,
                         "--speed", "50"], 120)
        deadline = time.time() + 5
        got = []
        while time.time() < deadline:
            got = read_capture(capf) if os.path.getsize(capf) >= 24 else []
            if len(got) >= len(orig):
                break
            time.sleep(0.1)
        time.sleep(0.2)             # nothing more may come
        td.terminate()
        td.wait()
        got = read_capture(capf)
        want = [b for _, b in orig]
        report(name, p.returncode == 0 and [b for _, b in got] == want,
               "rc %d, captured %d of %d frames, same bytes %s: %s" %
               (p.returncode, len(got), len(want),
                [b for _, b in got] == want[:len(got)],
                (p.stdout + p.stderr)[-300:]))
    finally:
        for cmd in made:
            sh(*cmd)


if __name__ == "__main__":
    sys.exit(main())
