#!/usr/bin/python3
"""Runs a fenced shell block of a Markdown document as written.

  run_doc_blocks.py --doc FILE --after TEXT --repo ROOT --build BUILD --scratch DIR

The block is the first fenced code block (``` or ```sh) after the first line
of FILE that contains TEXT. It runs with bash in DIR, a scratch directory that
mirrors the repository root ROOT: every top-level entry of ROOT except build
directories, results and .git is a symlink to the real one and `build` points
at BUILD, so paths relative to the root work and new files land in DIR, not in
the source tree. The block runs as one script (so `export` and `cd` carry over
from line to line) under `set -eo pipefail`; the first command that fails
stops it with

  doc command failed (status N): COMMAND

on stderr and exit status 1. On success the block's own output is followed by
`ran N command(s) from FILE`. Blocks with no commands are an error (a renamed
heading would otherwise pass silently).
"""
import argparse
import os
import subprocess
import sys

SKIP = {".git", "build", "results", "out", "__pycache__"}


def find_block(lines, after):
    start = next((i for i, line in enumerate(lines) if after in line), None)
    if start is None:
        raise SystemExit("run_doc_blocks.py: no line contains %r" % after)
    fence = next((i for i in range(start, len(lines))
                  if lines[i].lstrip().startswith("```")), None)
    if fence is None:
        raise SystemExit("run_doc_blocks.py: no code block after %r" % after)
    end = next((i for i in range(fence + 1, len(lines))
                if lines[i].lstrip().startswith("```")), None)
    if end is None:
        raise SystemExit("run_doc_blocks.py: unterminated code block after %r" % after)
    return lines[fence + 1:end]


def command_count(block):
    """Logical command lines: not blank, not comments, continuations joined."""
    count, continued = 0, False
    for line in block:
        text = line.strip()
        if not continued and text and not text.startswith("#"):
            count += 1
        continued = text.endswith("\\")
    return count


def mirror(repo, build, scratch):
    os.makedirs(scratch, exist_ok=True)
    for name in sorted(os.listdir(repo)):
        if name in SKIP or name.startswith("build"):
            continue
        link = os.path.join(scratch, name)
        if not os.path.lexists(link):
            os.symlink(os.path.join(repo, name), link)
    link = os.path.join(scratch, "build")
    if not os.path.lexists(link):
        os.symlink(os.path.abspath(build), link)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--scratch", required=True)
    args = parser.parse_args()
    with open(args.doc) as f:
        block = find_block(f.read().splitlines(), args.after)
    count = command_count(block)
    if count == 0:
        raise SystemExit("run_doc_blocks.py: the block after %r has no commands" % args.after)
    mirror(os.path.abspath(args.repo), args.build, args.scratch)
    script = "\n".join(
        ["set -eo pipefail",
         "trap 'status=$?; echo \"doc command failed (status $status): $BASH_COMMAND\" >&2;"
         " exit 1' ERR"] + block) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=args.scratch)
    if result.returncode != 0:
        return 1
    print("ran %d command(s) from %s" % (count, os.path.basename(args.doc)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
