#!/usr/bin/python3
"""Fails on FileCheck directives written without their colon.

FileCheck silently ignores `// CHECK foo` (no colon), so such a test checks less
than it appears to. For each test file, the prefixes are CHECK plus every name
given with --check-prefix/--check-prefixes in its RUN lines.
"""
import os
import re
import sys

SUFFIXES = ("", "-NEXT", "-SAME", "-NOT", "-DAG", "-LABEL", "-EMPTY", "-COUNT")
EXTENSIONS = (".mlir", ".onnxtext", ".test", ".py", ".json", ".txt")


def prefixes(text):
    names = {"CHECK"}
    for m in re.finditer(r"--check-prefix(?:es)?[= ]([A-Za-z0-9_,-]+)", text):
        names.update(p for p in m.group(1).split(",") if p)
    return names


def lint(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    bad = []
    names = "|".join(sorted(map(re.escape, prefixes(text)), key=len, reverse=True))
    sfx = "|".join(s[1:] for s in SUFFIXES if s)
    pattern = re.compile(
        r"^\s*(//|#|;)\s*(%s)(-(%s|COUNT-\d+))?(?![:A-Za-z0-9_-])" % (names, sfx))
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            bad.append("%s:%d: FileCheck directive without ':': %s" % (path, number, line.strip()))
    return bad


def main(roots):
    problems = []
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(EXTENSIONS):
                    problems += lint(os.path.join(dirpath, name))
    for p in problems:
        print(p)
    print("lint: %d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
