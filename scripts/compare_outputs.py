#!/usr/bin/python3
"""Compares two scripts/snapshot_outputs.sh directories byte for byte.

usage: compare_outputs.py BEFORE AFTER

Prints every file that is missing on one side or differs (with its first
differing line), then a count; exit status 0 only when every file is
byte-identical.
"""
import os
import sys


def files(root):
    found = set()
    for dirpath, _, names in os.walk(root):
        for name in names:
            found.add(os.path.relpath(os.path.join(dirpath, name), root))
    return found


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d: %r != %r" % (i + 1, x[:120], y[:120])
    return "line %d: one file is longer" % (min(len(la), len(lb)) + 1)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip())
    before, after = argv[1:]
    a, b = files(before), files(after)
    problems = 0
    for name in sorted(a - b):
        print("only before: " + name)
        problems += 1
    for name in sorted(b - a):
        print("only after: " + name)
        problems += 1
    same = 0
    for name in sorted(a & b):
        x = open(os.path.join(before, name), "rb").read()
        y = open(os.path.join(after, name), "rb").read()
        if x == y:
            same += 1
            continue
        problems += 1
        print("differs: %s: %s" % (name, first_difference(
            x.decode(errors="replace"), y.decode(errors="replace"))))
    print("%d identical, %d different or missing" % (same, problems))
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
