#!/usr/bin/env python3
"""sim_highway.py: v2xsim highway: a J2735 trace of 2,000 vehicles (BSM,
MAP, TIM) decodes 100% (v2xsim inspect, peel_frame per frame); the same
seed gives the same bytes and another seed others; BSM positions stay on
the carriageways of the road and speeds, accelerations and displacements
are physically plausible;
hazard TIMs appear from the hazard's time, at its place, from the RSU
nearby, and the stopped vehicle flags itself.  An ETSI run: CAMs at the
intervals of the generation rules, MAPEMs from each RSU, DENMs from the
hazard's time.  A --probe run: PDMs from every RSU, PVDs whose snapshots
are where (and as) the same vehicle's BSM of the same instant says, taken
and sent as the PDM asks.  PASS/FAIL lines."""
import calendar
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import failed, report, spawn  # noqa: E402

SIM = os.environ.get("V2XSIM", "build/bin/v2xsim")
R = 6371008.8


def run(args, timeout=300):
    p = spawn([SIM] + args, timeout)
    return p.returncode, p.stdout, p.stderr


def xy(lat, lon, lat0, lon0):
    return ((lon - lon0) * math.radians(1) * math.cos(math.radians(lat0)) * R,
            (lat - lat0) * math.radians(1) * R)


class Road:
    def __init__(self, pts):
        self.lat0, self.lon0 = pts[0]
        self.p = [xy(a, b, self.lat0, self.lon0) for a, b in pts]
        self.s = [0.0]
        for i in range(1, len(self.p)):
            self.s.append(self.s[-1] + math.dist(self.p[i - 1], self.p[i]))

    def dist(self, lat, lon):
        """distance to the polyline (m) and chainage of the foot."""
        q = xy(lat, lon, self.lat0, self.lon0)
        best = (1e18, 0)
        for i in range(len(self.p) - 1):
            (ax, ay), (bx, by) = self.p[i], self.p[i + 1]
            dx, dy = bx - ax, by - ay
            L2 = dx * dx + dy * dy
            f = max(0, min(1, ((q[0] - ax) * dx + (q[1] - ay) * dy) / L2))
            d = math.hypot(q[0] - ax - f * dx, q[1] - ay - f * dy)
            if d < best[0]:
                best = (d, self.s[i] + f * math.sqrt(L2))
        return best

    def at(self, s):
        for i in range(len(self.p) - 1):
            if s <= self.s[i + 1] or i == len(self.p) - 2:
                f = (s - self.s[i]) / (self.s[i + 1] - self.s[i])
                ax, ay = self.p[i]
                bx, by = self.p[i + 1]
                return ax + f * (bx - ax), ay + f * (by - ay)


def main():
    if not os.path.exists(SIM):
        print("FAIL sim_highway: %s not built" % SIM)
        return 1
    tmp = tempfile.mkdtemp(prefix="sim_highway.")

    # Same seed, same bytes; another seed, other bytes.
    small = ["--km", "4", "--vehicles", "200", "--duration", "5",
             "--hazard", "2@1:roadworks"]
    h = []
    for i, seed in enumerate(["3", "3", "4"]):
        out = os.path.join(tmp, "s%d.pcapng" % i)
        rc, so, se = run(["highway", "-o", out, "--seed", seed] + small)
        h.append(hashlib.sha256(open(out, "rb").read()).hexdigest()
                 if rc == 0 else "rc%d" % rc)
    report("highway_same_seed_same_bytes", h[0] == h[1] and
           not h[0].startswith("rc"), "%s vs %s" % (h[0], h[1]))
    report("highway_other_seed_other_bytes", h[0] != h[2], h[2])
    rc, so, se = run(["highway", "-o", os.path.join(tmp, "x.pcap"),
                      "--hazard", "bogus"])
    report("highway_bad_hazard", rc == 2, "rc %d" % rc)
    rc, so, se = run(["highway", "-o", os.path.join(tmp, "x.pcap"),
                      "--hazard", "99@1:slow"])
    report("highway_hazard_off_road", rc == 2, "rc %d" % rc)

    # The big one: 2,000 vehicles on 20 km, 4 lanes each way, 10 s.
    out = os.path.join(tmp, "big.pcapng")
    HZ_KM, HZ_T = 12.0, 4.0
    lanes = 4
    rc, so, se = run(["highway", "-o", out, "--km", "20", "--lanes",
                      str(lanes), "--vehicles", "2000", "--duration", "10",
                      "--seed", "11", "--hazard",
                      "%g@%g:stopped" % (HZ_KM, HZ_T)])
    report("highway_big_runs", rc == 0, "rc %d: %s" % (rc, se[-300:]))
    if rc != 0:
        return 1
    summ = {}
    for line in so.splitlines():
        k, _, v = line.partition(": ")
        summ[k] = v
    road = Road([tuple(map(float, p.split(",")))
                 for p in summ["road"].split()])
    rc, js, se = run(["inspect", out])
    lines = js.splitlines()
    frames = [json.loads(l) for l in lines]
    bad = [f for f in frames if f["reason"] != "OK" or "message" not in f]
    report("highway_decodes_100pct", rc == 0 and frames and not bad,
           "rc %d, %d of %d frames fail, first %s" %
           (rc, len(bad), len(frames), bad[:1]))
    types = {}
    for f in frames:
        types[f.get("type")] = types.get(f.get("type"), 0) + 1
    want = {"BasicSafetyMessage": None, "MapData": None,
            "TravelerInformation": None}
    for k in want:
        want[k] = types.get(k, 0)
    msgs = summ.get("messages", "")
    report("highway_summary_counts",
           ("BSM %d," % want["BasicSafetyMessage"]) in msgs and
           ("MAP %d," % want["MapData"]) in msgs and
           ("TIM %d " % want["TravelerInformation"]) in msgs,
           "%s vs %s" % (msgs, types))
    psids = {f.get("type"): f.get("psid") for f in frames}
    report("highway_bsm_psid_0x20", psids.get("BasicSafetyMessage") == 0x20,
           str(psids))

    ts = [f["ts"] for f in frames]
    report("highway_time_order", all(ts[i] <= ts[i + 1]
                                     for i in range(len(ts) - 1)), "")

    veh = {}
    offroad = []
    maxlat = 1.5 + lanes * 3.6 + 0.3
    for f in frames:
        if f.get("type") != "BasicSafetyMessage":
            continue
        c = f["message"]["value"]["value"]["coreData"]
        lat, lon = c["lat"] / 1e7, c["long"] / 1e7
        d, s = road.dist(lat, lon)
        if not (1.0 <= d <= maxlat) or s < -1 or s > road.s[-1] + 1:
            offroad.append((c["id"], d, s))
        ev = 0
        for p in f["message"]["value"]["value"].get("partII", []):
            e = p["partII-Value"].get("events")
            if e:
                ev = int(e["value"], 16)
        veh.setdefault(c["id"], []).append(
            (f["ts"], xy(lat, lon, road.lat0, road.lon0), c["speed"] * 0.02,
             c["accelSet"]["long"] / 100.0, ev, s))
    report("highway_vehicles_2000", len(veh) >= 2000,
           "%d distinct BSM ids" % len(veh))
    report("highway_on_the_road", not offroad,
           "%d BSMs off the carriageways (1..%.1f m from the axis), "
           "first %s" % (len(offroad), maxlat, offroad[:3]))
    bad_v, bad_a, bad_dv, bad_dx, bad_dt = [], [], [], [], []
    for vid, seq in veh.items():
        for i, (t, p, v, a, ev, s) in enumerate(seq):
            if not 0 <= v <= 45:
                bad_v.append((vid, v))
            if not -9.0 <= a <= 3.0:
                bad_a.append((vid, a))
            if i == 0:
                continue
            t0, p0, v0 = seq[i - 1][:3]
            dt = (t - t0) / 1e9
            if abs(dt - 0.1) > 1e-6:
                bad_dt.append((vid, dt))
                continue
            if abs(v - v0) > 9.0 * dt + 0.05:
                bad_dv.append((vid, v0, v))
            dx = math.dist(p, p0)
            # travel at the mean speed, plus a lane change sideways
            if dx > max(v, v0) * dt + 3.6 + 0.5:
                bad_dx.append((vid, dx, v))
    report("highway_speeds_plausible", not bad_v, str(bad_v[:3]))
    report("highway_accel_plausible", not bad_a, str(bad_a[:3]))
    report("highway_bsm_10hz", not bad_dt, str(bad_dt[:3]))
    report("highway_speed_changes_plausible", not bad_dv, str(bad_dv[:3]))
    report("highway_moves_plausible", not bad_dx, str(bad_dx[:3]))

    # The hazard: TIMs from its time on, about its place, from one RSU;
    # none before; the stopped vehicle says so and stops near it.
    hx, hy = road.at(HZ_KM * 1000)
    tims = [f for f in frames if f.get("type") == "TravelerInformation"]
    t_start = frames[0]["ts"] - frames[0]["ts"] % 10**9  # the trace's t=0
    early = [f for f in tims if f["ts"] < t_start + HZ_T * 1e9]
    report("highway_no_tim_before_hazard", not early, str(len(early)))
    first = min((f["ts"] for f in tims), default=None)
    report("highway_tim_from_hazard_time", first is not None and
           first - t_start - HZ_T * 1e9 <= 1.1e9,
           "first TIM at %s" % first)
    far = []
    for f in tims:
        df = f["message"]["value"]["value"]["dataFrames"][0]
        pos = df["msgId"]["roadSignID"]["position"]
        q = xy(pos["lat"] / 1e7, pos["long"] / 1e7, road.lat0, road.lon0)
        if math.dist(q, (hx, hy)) > 20:
            far.append(math.dist(q, (hx, hy)))
    report("highway_tim_at_hazard", tims and not far,
           "%d TIMs, %d far from the hazard, e.g. %s m" %
           (len(tims), len(far), far[:1]))
    srcs = {f.get("src") for f in tims}
    report("highway_tim_one_rsu", len(srcs) == 1 and
           list(srcs)[0].startswith("02:52:53:55"), str(srcs))
    stopped = [(vid, seq) for vid, seq in veh.items()
               if any(e & 0x0010 and e & 0x8000 for *_, e, s in seq)]
    ok = len(stopped) == 1
    if ok:
        vid, seq = stopped[0]
        flagged = [x for x in seq if x[4] & 0x0010]
        last = seq[-1]
        ok = (flagged[0][0] >= t_start + HZ_T * 1e9 - 1e8 and
              last[2] < 0.05 and abs(last[5] - HZ_KM * 1000) < 250)
    report("highway_stopped_vehicle", ok,
           "%d vehicles flag disabled+hazard lights" % len(stopped))
    others = [vid for vid, seq in veh.items()
              if vid != (stopped[0][0] if stopped else None) and
              any(x[4] & 0x8000 for x in seq)]
    report("highway_hazard_changes_behaviour", len(others) >= 1,
           "%d other vehicles with hazard lights" % len(others))
    etsi(tmp)
    probe(tmp)
    return 1 if failed() else 0


def etsi(tmp):
    """--family etsi: CAMs by the generation rules, DENM at the hazard."""
    out = os.path.join(tmp, "etsi.pcapng")
    rc, so, se = run(["highway", "-o", out, "--family", "etsi", "--km", "4",
                      "--vehicles", "300", "--duration", "8", "--seed", "5",
                      "--hazard", "2@3:roadworks"])
    rc2, js, se2 = run(["inspect", out]) if rc == 0 else (rc, "", "")
    frames = [json.loads(l) for l in js.splitlines()]
    bad = [f for f in frames if f["reason"] != "OK" or "message" not in f]
    report("etsi_decodes_100pct", rc == 0 and rc2 == 0 and frames and
           not bad, "rc %d/%d, %d bad: %s" % (rc, rc2, len(bad),
                                             (bad[:1], se[-200:])))
    cams = {}
    for f in frames:
        if f.get("type") == "CAM":
            st = f["message"]["value"]["header"]["stationID"]
            cams.setdefault(st, []).append(f["ts"])
    gaps = [b - a for t in cams.values() for a, b in zip(t, t[1:])]
    report("etsi_cam_intervals", gaps and min(gaps) >= 99_000_000 and
           max(gaps) <= 1_001_000_000,
           "gaps %s..%s" % (min(gaps, default=None), max(gaps, default=None)))
    # at 80..120 km/h the 4 m rule gives 5 Hz: most gaps are 200 ms
    share = sum(1 for g in gaps if abs(g - 2e8) < 1e6) / max(1, len(gaps))
    report("etsi_cam_rate_by_dynamics", share > 0.5,
           "%.2f of gaps at 200 ms" % share)
    denms = [f for f in frames if f.get("type") == "DENM"]
    t0 = frames[0]["ts"] - frames[0]["ts"] % 10**9 if frames else 0
    ok = denms and all(f["ts"] >= t0 + 3e9 and f.get("port") == 2002
                       for f in denms)
    causes = {f["message"]["value"]["denm"]["situation"]["eventType"]
              ["causeCode"] for f in denms}
    report("etsi_denm_at_hazard", ok and causes == {3},
           "%d DENMs, causes %s" % (len(denms), causes))
    maps = [f for f in frames if f.get("type") == "MAPEM"]
    srcs = {f.get("src") for f in maps}
    report("etsi_mapem_from_rsus", len(srcs) == 3 and
           all(f.get("port") == 2003 for f in maps) and
           "MAPEM %d," % len(maps) in so,
           "%d MAPEMs from %s" % (len(maps), srcs))


def utc_ms(fpv):
    """epoch ms of a FullPositionVector's utcTime (second: ms of minute)."""
    u = fpv["utcTime"]
    return (calendar.timegm((u["year"], u["month"], u["day"], u["hour"],
                             u["minute"], 0)) * 1000 + u["second"])


def every_ms(pdm, speed):
    """the snapshot interval snapshotTime asks at speed (m/s), in ms of
    whole 100 ms steps, as v2xsim reads it (NOTES.md)."""
    st = pdm["snapshot"]["snapshotTime"]
    if speed <= st["speed1"]:
        s = st["time1"]
    elif speed >= st["speed2"]:
        s = st["time2"]
    else:
        s = st["time1"] + (st["time2"] - st["time1"]) * \
            (speed - st["speed1"]) / (st["speed2"] - st["speed1"])
    return max(1, round(s * 10)) * 100


def probe(tmp):
    """--probe: PDMs from the RSUs, PVDs that agree with the BSMs."""
    args = ["--km", "4", "--vehicles", "150", "--duration", "25", "--seed",
            "9", "--hazard", "1.5@2:stopped", "--probe"]
    outs = [os.path.join(tmp, "probe%d.pcapng" % i) for i in range(2)]
    rc, so, se = run(["highway", "-o", outs[0]] + args)
    rc1, _, _ = run(["highway", "-o", outs[1]] + args)
    report("probe_same_seed_same_bytes", rc == 0 and rc1 == 0 and
           open(outs[0], "rb").read() == open(outs[1], "rb").read(),
           "rc %d/%d %s" % (rc, rc1, se[-300:]))
    rc2, _, se2 = run(["highway", "-o", os.path.join(tmp, "x.pcap"),
                       "--family", "etsi", "--probe"])
    report("probe_not_with_etsi", rc2 == 2, "rc %d %s" % (rc2, se2[-200:]))
    if rc != 0:
        return
    rc, js, se = run(["inspect", outs[0]])
    frames = [json.loads(l) for l in js.splitlines()]
    bad = [f for f in frames if f["reason"] != "OK" or "message" not in f]
    report("probe_decodes_100pct", rc == 0 and frames and not bad,
           "%d bad, first %s" % (len(bad), bad[:1]))
    pdms = [f for f in frames if f.get("type") == "ProbeDataManagement"]
    pvds = [f for f in frames if f.get("type") == "ProbeVehicleData"]
    bsms = [f for f in frames if f.get("type") == "BasicSafetyMessage"]
    nsnap = sum(len(f["message"]["value"]["value"]["snapshots"])
                for f in pvds)
    report("probe_summary_counts", "probe data: PDM %d, PVD %d with %d "
           "snapshots" % (len(pdms), len(pvds), nsnap) in so and pvds,
           "%s vs PDM %d, PVD %d, %d snapshots" %
           (so, len(pdms), len(pvds), nsnap))
    report("probe_psid_0x84", pdms and all(
        f.get("psid") == 0x84 for f in pdms + pvds),
        str({f.get("psid") for f in pdms + pvds}))
    srcs = {f.get("src") for f in pdms}
    report("probe_pdm_every_rsu_1hz",
           len(srcs) == 3 and all(s.startswith("02:52:53:55") for s in srcs)
           and len(pdms) == 3 * 25, "%d PDMs from %s" % (len(pdms), srcs))
    pdm = pdms[0]["message"]["value"]["value"] if pdms else None
    # The BSMs by vehicle and millisecond.
    bsm = {}
    for f in bsms:
        c = f["message"]["value"]["value"]
        bsm[(c["coreData"]["id"], f["ts"] // 10**6)] = c
    mism, nobsm, brakes, lights, start = [], 0, 0, 0, []
    snaps = {}
    for f in pvds:
        v = f["message"]["value"]["value"]
        vid = v["probeID"]["id"]["entityID"]
        sv = v["startVector"]
        c = bsm.get((vid, utc_ms(sv)))
        if c is None or f["ts"] // 10**6 != utc_ms(sv) or \
           (sv["lat"], sv["long"]) != (c["coreData"]["lat"],
                                       c["coreData"]["long"]):
            start.append((vid, utc_ms(sv)))
        for sn in v["snapshots"]:
            p = sn["thePosition"]
            c = bsm.get((vid, utc_ms(p)))
            snaps.setdefault(vid, []).append((utc_ms(p), v["segNum"],
                                              p["speed"]["speed"]))
            if c is None:
                nobsm += 1
                continue
            core = c["coreData"]
            if (p["lat"], p["long"], p["elevation"], p["heading"],
                    p["speed"]["speed"], p["speed"]["transmisson"]) != \
               (core["lat"], core["long"], core["elev"], core["heading"],
                    core["speed"], core["transmission"]):
                mism.append((vid, utc_ms(p)))
            brakes += sn["dataSet"]["brakeStatus"]["wheelBrakes"] != \
                core["brakes"]["wheelBrakes"]
            ev = 0
            for x in c.get("partII", []):
                if "events" in x["partII-Value"]:
                    ev = int(x["partII-Value"]["events"]["value"], 16)
            hz_bsm = bool(ev & 0x8000)
            hz_pvd = bool(int(sn["dataSet"]["lights"]["value"], 16) & 0x0800)
            lights += hz_bsm != hz_pvd
    report("probe_snapshots_match_bsms", nsnap and not mism and not nobsm,
           "%d of %d snapshots differ from the BSM, %d without one; %s" %
           (len(mism), nsnap, nobsm, mism[:3]))
    report("probe_startvector_is_now", not start, str(start[:3]))
    report("probe_dataset_as_bsm", not brakes and not lights,
           "%d brake, %d hazard-light disagreements" % (brakes, lights))
    # Snapshots as snapshotTime asks; PVDs every txInterval; segNum counts.
    bad_gap, bad_seg = [], []
    for vid, seq in snaps.items():
        segs = sorted({s for _, s, _ in seq})
        if segs != list(range(segs[0], segs[0] + len(segs))):
            bad_seg.append((vid, segs))
        for (t0, _, v0), (t1, _, _) in zip(seq, seq[1:]):
            if t1 - t0 != every_ms(pdm, v0 * 0.02):
                bad_gap.append((vid, t0, t1 - t0, v0 * 0.02))
    report("probe_snapshot_intervals", snaps and not bad_gap,
           "%d bad, e.g. %s" % (len(bad_gap), bad_gap[:3]))
    report("probe_segnum_counts", not bad_seg, str(bad_seg[:2]))
    by = {}
    for f in pvds:
        v = f["message"]["value"]["value"]
        by.setdefault(v["probeID"]["id"]["entityID"], []).append(f["ts"])
    gaps = [b - a for t in by.values() for a, b in zip(t, t[1:])]
    report("probe_pvd_every_txinterval",
           gaps and all(g == pdm["txInterval"] * 10**9 for g in gaps),
           "gaps %s" % sorted(set(gaps))[:5])
    first_pdm = min(f["ts"] for f in pdms)
    first_snap = min(x[0] for seq in snaps.values() for x in seq)
    report("probe_none_before_pdm", first_snap > first_pdm // 10**6,
           "first snapshot %d ms, first PDM %d ms" %
           (first_snap, first_pdm // 10**6))
    hz = sum(1 for f in pvds for sn in
             f["message"]["value"]["value"]["snapshots"]
             if int(sn["dataSet"]["lights"]["value"], 16) & 0x0800)
    report("probe_hazard_lights_seen", hz > 0, "%d snapshots" % hz)
    # Signed: each vehicle's AT may sign PSID 0x84; every frame verifies.
    pki, sig = os.path.join(tmp, "pki"), os.path.join(tmp, "sig.pcapng")
    rc, so, se = run(["highway", "-o", sig, "--km", "3", "--vehicles", "30",
                      "--duration", "7", "--probe", "--sign", pki])
    os.makedirs(os.path.join(pki, "trust"), exist_ok=True)
    for c in ("root.cert", "aa.cert"):
        if os.path.exists(os.path.join(pki, c)):
            with open(os.path.join(pki, c), "rb") as i, \
                 open(os.path.join(pki, "trust", c), "wb") as o:
                o.write(i.read())
    rc2, js, se2 = run(["inspect", "--verify", os.path.join(pki, "trust"),
                        sig]) if rc == 0 else (rc, "", se)
    v = {}
    for l in js.splitlines():
        f = json.loads(l)
        k = (f.get("type"), f.get("verdict"))
        v[k] = v.get(k, 0) + 1
    report("probe_signed_verifies", rc2 == 0 and
           ("ProbeVehicleData", "VALID") in v and
           ("ProbeDataManagement", "VALID") in v and
           all(k[1] == "VALID" for k in v), "rc %d %s %s" % (rc2, v, se2[-200:]))
    # Without --probe, no probe data.
    rc, js, se = run(["inspect", os.path.join(tmp, "s0.pcapng")])
    t = {json.loads(l).get("type") for l in js.splitlines()}
    report("probe_off_by_default", rc == 0 and "BasicSafetyMessage" in t and
           not t & {"ProbeVehicleData", "ProbeDataManagement"}, str(t))


if __name__ == "__main__":
    sys.exit(main())
