#!/usr/bin/python3
"""Fails when a traced run opened a file outside its checkout.

usage: check_trace.py STRACE_OUTPUT CLONE SOURCE

STRACE_OUTPUT is `strace -f -o FILE -e trace=open,openat,openat2,execve`
output. Any open or exec (successful or not) of a path inside SOURCE (the
checkout the clone was made from), beside CLONE (in its parent directory but
not inside it: e.g. ../shared), or of SOURCE's sibling `shared`, or of a
relative path climbing out with `..`, is reported; exit status 1 then.
"""
import os
import re
import sys

CALL = re.compile(r'^\d+\s+(open|openat|openat2|execve)\((?:AT_FDCWD, )?"([^"]*)"')


def outside_paths(lines, clone, source):
    beside = os.path.dirname(clone)
    shared = os.path.join(os.path.dirname(source), "shared")
    under = lambda path, root: path == root or path.startswith(root + os.sep)
    found = []
    for line in lines:
        match = CALL.match(line)
        if not match:
            continue
        path = os.path.normpath(match.group(2))
        if not os.path.isabs(path):
            if path.startswith(".."):
                found.append(line.strip())
            continue
        if under(path, clone):
            continue  # the clone may itself lie inside SOURCE (a lit %t)
        if under(path, source) or under(path, shared) or under(path, beside):
            found.append(line.strip())
    return found


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.strip())
    trace, clone, source = argv[1:]
    with open(trace, errors="replace") as f:
        found = outside_paths(f, os.path.normpath(clone), os.path.normpath(source))
    if found:
        print("fresh-clone: error: the main job touched %d path(s) outside the "
              "clone, e.g.:" % len(found))
        for line in found[:10]:
            print("  " + line)
        return 1
    print("fresh-clone: every file the main job opened came from the clone or "
          "the system")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
