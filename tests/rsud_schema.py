#!/usr/bin/env python3
"""The feed and command messages documented by doc/feed.schema.json and
doc/command.schema.json: real output of rsud (a capture file, UDP input,
broadcasts; every command's reply, errors included) validates against them;
requests the schema forbids are refused by rsud.  No fixed sleeps (issue
22): the feed subscription is awaited (wait_subscriptions), the feed is read
until it holds what status says was published."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_schema"])
try:
    import jsonschema
except ImportError:
    SKIP("rsud_schema", "python3-jsonschema is not installed")
    sys.exit(0)

feed_schema = json.load(open(os.path.join(ROOT, "doc", "feed.schema.json")))
cmd_schema = json.load(open(os.path.join(ROOT, "doc", "command.schema.json")))
jsonschema.Draft7Validator.check_schema(feed_schema)
jsonschema.Draft7Validator.check_schema(cmd_schema)
PASS("rsud_schema_valid_schemas")
req_schema = dict(cmd_schema, oneOf=[{"$ref": "#/definitions/request"}])
rep_schema = dict(cmd_schema, oneOf=[{"$ref": "#/definitions/reply"}])


def errors(schema, inst):
    v = jsonschema.Draft7Validator(schema)
    return [e.message for e in v.iter_errors(inst)][:3]


binary = variants()[0][1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
conf = {"tx.udp": "127.0.0.1:%d" % u.getsockname()[1], "input.file_wait": "yes"}
trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
if os.path.exists(trace):
    conf["input.file"] = trace
r = Rsud(binary, conf)
if not r.start():
    FAIL("rsud_schema", "rsud did not start: %s" % r.logtext()[-300:])
    finish()
s = subscriber(r.feed)
if r.wait_subscriptions(1) is None:
    FAIL("rsud_schema_subscribed", "the feed subscription never reached rsud")
spat = sample("spat.json")
requests = [
    {"cmd": "status"},
    {"cmd": "broadcast", "message": spat},
    {"cmd": "broadcast", "hex": encode_hex(sample("map.json")), "channel": 178},
    {"cmd": "store", "id": "a", "message": sample("tim.json"), "intervalMs": 1000,
     "start": "2030-01-01T00:00:00Z", "stop": 1900000000},
    {"cmd": "list"},
    {"cmd": "delete", "id": "a"},
    {"cmd": "delete", "id": "a"},
    {"cmd": "bogus"},
]
bad_req = []
bad_rep = []
for q in requests:
    e = errors(req_schema, q)
    if e and q["cmd"] != "bogus":
        bad_req.append((q["cmd"], e))
    rep = r.cmd(q)
    e = errors(rep_schema, rep)
    if e:
        bad_rep.append((q["cmd"], rep, e))
for raw in ["{", "[]", '{"cmd":"broadcast","hex":"00"}']:
    rep = r.cmd(raw)
    e = errors(rep_schema, rep)
    if e:
        bad_rep.append((raw, rep, e))
# what the schema forbids, rsud refuses (and the other way round for
# the signature rsud cannot make without a certificate: the schema allows
# the request, the reply is an error)
forbidden = ['{"cmd": 5}', {"cmd": "broadcast", "message": spat, "hex": encode_hex(spat)},
             {"cmd": "store", "hex": encode_hex(spat), "message": spat, "intervalMs": 100}]
agree = []
for q in forbidden:
    rep = r.cmd(q)
    if not errors(req_schema, json.loads(q) if isinstance(q, str) else q) or not rep or rep.get("ok") is not False:
        agree.append((q, rep))
    elif errors(rep_schema, rep):
        bad_rep.append((q, rep, errors(rep_schema, rep)))
q = {"cmd": "broadcast", "message": spat, "sign": True}
rep = r.cmd(q)
if errors(req_schema, q) or not rep or rep.get("ok") is not False or errors(rep_schema, rep):
    agree.append((q, rep))
check("rsud_schema_refusals", not agree, str(agree)[:600])
check("rsud_schema_requests", not bad_req, str(bad_req)[:600])
check("rsud_schema_replies", not bad_rep, str(bad_rep)[:600])
for h in (encode_hex(spat), encode_hex(sample("bsm.json"))):
    u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u2.sendto(bytes.fromhex(h), ("127.0.0.1", r.udp_port))
    u2.sendto(ifm("SPAT", 0x82, h), ("127.0.0.1", r.udp_port))
# until rsud has taken the 4 datagrams (and read the whole capture), then
# as many feed messages as it says it published
nfile = 929 if "input.file" in conf else 0
st = r.wait_status(lambda st: st["counters"]["rx"]["udp"] >= 4 and st["counters"]["published"]["file"] >= nfile)
total = sum(st["counters"]["published"].values()) if st else 0
msgs = receive(s, idle=READY_TIMEOUT, limit=total)
msgs += receive(s, idle=0.3)
print("# %d feed messages, status says %d published" % (len(msgs), total))
bad = [(m[0], errors(feed_schema, m[1])) for m in msgs if errors(feed_schema, m[1])]
sources = sorted(set(m[1]["source"] for m in msgs))
check("rsud_schema_feed", msgs and not bad and "command" in sources and "udp" in sources,
      "%d messages from %s; invalid: %s" % (len(msgs), sources, str(bad)[:600]))
check("rsud_schema_topics", all(m[0] == "v2x/%s/%s/t1" % (m[1]["message"]["family"], m[1]["message"]["type"])
                                for m in msgs), "a topic disagrees with its message")
s.close()
r.stop()
finish()
