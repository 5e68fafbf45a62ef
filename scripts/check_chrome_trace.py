#!/usr/bin/python3
"""Checks a cim-sim --trace file (Chrome Trace Event JSON) and prints it.

usage: check_chrome_trace.py TRACE [--slices] [--cycles N]

Checks that the file parses as JSON, that every event is a thread_name
metadata event ("M", args.name and args.ports) or a complete event ("X",
integer ts >= 0 and dur > 0, a tid named by a metadata event, args.units >= 1),
and that at no time the slices on one track occupy more units than the
track's ports (a sweep over slice starts and ends; a slice ending at t and one
starting at t do not overlap). With --cycles N the last slice must end at N.
Prints a summary (tracks, slices, last end, peak units per track) and, with
--slices, every slice as `track name start end units` sorted by track, start.
Exit status 1 with a message naming the offending event on any failure.
"""
import json
import sys


def fail(msg):
    print("check_chrome_trace: " + msg)
    sys.exit(1)


def main(argv):
    if len(argv) < 2:
        fail("usage: check_chrome_trace.py TRACE [--slices] [--cycles N]")
    path = argv[1]
    show = "--slices" in argv
    cycles = None
    if "--cycles" in argv:
        cycles = int(argv[argv.index("--cycles") + 1])
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: not JSON: %s" % (path, e))
    events = doc.get("traceEvents") if isinstance(doc, dict) else None
    if not isinstance(events, list):
        fail("%s: no traceEvents list" % path)
    tracks, slices = {}, []
    for i, e in enumerate(events):
        ph = e.get("ph")
        if ph == "M":
            if e.get("name") != "thread_name":
                fail("event %d: metadata other than thread_name" % i)
            args = e.get("args", {})
            if not isinstance(args.get("name"), str) or \
                    not isinstance(args.get("ports"), int) or args["ports"] < 1:
                fail("event %d: thread_name needs args.name and args.ports >= 1" % i)
            tracks[e["tid"]] = (args["name"], args["ports"])
        elif ph == "X":
            for key in ("name", "ts", "dur", "tid"):
                if key not in e:
                    fail("event %d: complete event without %s" % (i, key))
            if not isinstance(e["ts"], int) or e["ts"] < 0 or \
                    not isinstance(e["dur"], int) or e["dur"] <= 0:
                fail("event %d (%s): ts and dur must be integers, ts >= 0, dur > 0"
                     % (i, e["name"]))
            units = e.get("args", {}).get("units")
            if not isinstance(units, int) or units < 1:
                fail("event %d (%s): args.units must be >= 1" % (i, e["name"]))
            slices.append((e["tid"], e["ts"], e["ts"] + e["dur"], units, e["name"]))
        else:
            fail("event %d: phase %r is neither M nor X" % (i, ph))
    peak = {}
    for tid in set(s[0] for s in slices):
        if tid not in tracks:
            fail("slices on tid %s, which no thread_name names" % tid)
        name, ports = tracks[tid]
        # Ends sort before starts at the same time: touching is no overlap.
        points = sorted([(s[2], 0, -s[3]) for s in slices if s[0] == tid] +
                        [(s[1], 1, s[3]) for s in slices if s[0] == tid])
        used = 0
        for t, _, delta in points:
            used += delta
            if used > ports:
                fail("track %s: %d units in use at cycle %d, it has %d ports"
                     % (name, used, t, ports))
            peak[name] = max(peak.get(name, 0), used)
    last = max((s[2] for s in slices), default=0)
    if cycles is not None and last != cycles:
        fail("the last slice ends at %d, expected %d" % (last, cycles))
    print("tracks %d slices %d last end %d" % (len(tracks), len(slices), last))
    for name in sorted(peak):
        print("peak %s %d of %d" % (name, peak[name],
                                    [p for n, p in tracks.values() if n == name][0]))
    if show:
        for tid, start, end, units, name in sorted(slices, key=lambda s: (tracks[s[0]][0], s[1])):
            print("%s %s %d %d %d" % (tracks[tid][0], name, start, end, units))


if __name__ == "__main__":
    main(sys.argv)
