#!/usr/bin/python3
"""Runs a command that must reject its input cleanly, and checks how.

Usage: expect_error.py [--absent PATH]... [--max-lines N] -- COMMAND ARGS...

Passes (exit 0, stderr of COMMAND copied to stdout for FileCheck) when the
command exits with status 1 within 60 seconds (no hang, no signal), prints
nothing on stdout (no number, no partial result), reports exactly one line
containing "error" on stderr and no crash trace, and no --absent path exists
afterwards (no output file left behind). With --max-lines, stderr has at
most N lines (a diagnostic with its source line and caret is 3: no dump of
IR after it). Fails with a reason otherwise.
"""
import os
import subprocess
import sys

args = sys.argv[1:]
absent = []
max_lines = None
while args and args[0] in ("--absent", "--max-lines"):
    if args[0] == "--absent":
        absent.append(args[1])
    else:
        max_lines = int(args[1])
    args = args[2:]
if not args or args[0] != "--":
    sys.exit("usage: expect_error.py [--absent PATH]... [--max-lines N] -- "
             "COMMAND ARGS...")
command = args[1:]

try:
    run = subprocess.run(command, capture_output=True, timeout=60,
                         stdin=subprocess.DEVNULL)
except subprocess.TimeoutExpired:
    sys.exit("FAIL: still running after 60 s (a hang): %s" % " ".join(command))
stderr = run.stderr.decode(errors="replace")
problems = []
if run.returncode != 1:
    problems.append("exit status %d, expected 1" % run.returncode)
if run.stdout:
    problems.append("printed on stdout: %r" % run.stdout[:200])
error_lines = [l for l in stderr.splitlines() if "error" in l.lower()]
if len(error_lines) != 1:
    problems.append("%d error lines on stderr, expected 1" % len(error_lines))
if "Stack dump" in stderr or "PLEASE submit" in stderr or "LLVM ERROR" in stderr:
    problems.append("crash trace on stderr")
if max_lines is not None and len(stderr.splitlines()) > max_lines:
    problems.append("%d lines on stderr, expected at most %d"
                    % (len(stderr.splitlines()), max_lines))
for path in absent:
    if os.path.lexists(path):
        problems.append("left %s behind" % path)
sys.stdout.write(stderr)
if problems:
    sys.exit("FAIL: " + "; ".join(problems) + ": " + " ".join(command))
