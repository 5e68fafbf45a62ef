#!/usr/bin/python3
"""Runs an mpirun command, signals one of its ranks mid-run, and reports how
the job ended (test-only; Linux /proc).

usage: kill_rank.py --watch FILE --rows N --rank R --signal KILL|STOP
                    [--limit SECONDS] -- MPIRUN ARGS...

Once FILE (an evaluations.csv) holds more than N lines, the process of rank
R (a descendant of this mpirun whose environment has OMPI_COMM_WORLD_RANK=R)
gets the signal. Prints the job's stderr, then `exit status: S`; if the job
has not ended LIMIT seconds (default 60) after the signal it is a hang:
prints `HANG`, kills the job, exits 1.
"""
import argparse
import os
import signal
import subprocess
import sys
import time


def descendants(root):
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open("/proc/%s/stat" % entry).read()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found = []
    for pid in parents:
        p = pid
        while p in parents and p != root and p > 1:
            p = parents[p]
        if p == root and pid != root:
            found.append(pid)
    return found


def rank_of(pid):
    try:
        env = open("/proc/%d/environ" % pid, "rb").read().split(b"\0")
        cmd = open("/proc/%d/cmdline" % pid, "rb").read()
    except OSError:
        return None
    if b"cim-opt-search" not in cmd:
        return None
    for item in env:
        if item.startswith(b"OMPI_COMM_WORLD_RANK="):
            return int(item.split(b"=", 1)[1])
    return None


def lines(path):
    try:
        return open(path).read().count("\n")
    except OSError:
        return 0


parser = argparse.ArgumentParser()
parser.add_argument("--watch", required=True)
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--rank", type=int, default=1)
parser.add_argument("--signal", choices=["KILL", "STOP"], default="KILL")
parser.add_argument("--limit", type=float, default=60)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command

job = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, start_new_session=True)
while lines(args.watch) <= args.rows:
    if job.poll() is not None:
        sys.stdout.write(job.stderr.read().decode())
        sys.exit("kill_rank: the job ended before %s had %d lines"
                 % (args.watch, args.rows + 1))
    time.sleep(0.02)
victims = [p for p in descendants(job.pid) if rank_of(p) == args.rank]
if len(victims) != 1:
    os.killpg(job.pid, signal.SIGKILL)
    sys.exit("kill_rank: expected one process of rank %d, found %s"
             % (args.rank, victims))
os.kill(victims[0], getattr(signal, "SIG" + args.signal))
try:
    _, err = job.communicate(timeout=args.limit)
except subprocess.TimeoutExpired:
    os.killpg(job.pid, signal.SIGKILL)
    for pid in victims:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    print("HANG")
    sys.exit(1)
sys.stdout.write(err.decode())
print("exit status: %d" % job.returncode)
