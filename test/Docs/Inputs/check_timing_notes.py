#!/usr/bin/python3
"""Timing measurements in docs/ cannot be regenerated exactly; each section
that quotes one must name the script that measures it, the machine and the
date. One line per checked section; exit status 1 when one lacks any of the
three.

  check_timing_notes.py DOCS_DIR
"""
import os
import re
import sys

# (doc, heading of the section, script that produced its timings)
SECTIONS = [
    ("performance.md", "## Machine and conditions", "bench/run.sh"),
    ("performance.md", "## Results (median of 3 repetitions)", "bench/run.sh"),
    ("performance.md", "### Re-measured on the idle machine", "bench/run.sh"),
    ("performance.md", "## Command-line path", "scripts/bench_cli.sh"),
    ("performance.md", "## Event-driven engine", "bench/run_evsim.sh"),
    ("search.md", "## Performance (`scripts/bench_search.sh`)", "scripts/bench_search.sh"),
    ("importer.md", "## Measured (`scripts/bench_import.sh`)", "scripts/bench_import.sh"),
    ("results.md", "## Command", "scripts/reproduce_cimnet.sh"),
    ("predictors.md", "## Cycles: ridge vs the cost model", "cycles-study"),
    ("search-spaces.md", "## The Workload", "BM_DecodeOfaMbv3"),
    ("verification.md", "### Results of the node sweep", "--time-tests"),
]
DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
MACHINE = re.compile(r"2-core|nproc|2 cores")


def section(text, heading):
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith(heading)), None)
    if start is None:
        return None
    level = len(heading) - len(heading.lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"#{1,%d} " % level, lines[i])), len(lines))
    return "\n".join(lines[start:end])


def main(docs):
    bad = 0
    for doc, heading, script in SECTIONS:
        text = section(open(os.path.join(docs, doc)).read(), heading)
        missing = []
        if text is None:
            missing = ["the section"]
        else:
            if script not in text:
                missing.append("the script %s" % script)
            if not DATE.search(text):
                missing.append("a date (YYYY-MM-DD)")
            if not MACHINE.search(text):
                missing.append("the machine (2-core / nproc)")
        if missing:
            bad += 1
            print("%s: %s: missing %s" % (doc, heading, ", ".join(missing)))
        else:
            print("%s: %s: ok" % (doc, heading))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
