#!/usr/bin/python3
"""The closing line of the test suite, counted from lit's own output.

usage: lit_summary.py LIT_OUTPUT

LIT_OUTPUT is what lit printed without -s/-q: one "<CODE>: <suite> :: <test>
(<i> of <n>)" line per test, then the summary block ("  Passed     : 207",
labels padded to the longest one). Prints the tests that neither passed nor
failed (unsupported, skipped, expectedly failed, excluded) by name, then

    N passed, M failed

with N = lit's Passed (plus Passed With Retry) and M = lit's Failed,
Unresolved, Timed Out and Unexpectedly Passed, as lit's summary block counts
them (each GoogleTest test once; the per-test lines name GoogleTest shards).
Only lit's own lines count: the summary block is the last one (after the
last "Total Discovered Tests:" line), and per-test lines are those whose
"(<i> of <n>)" matches lit's "-- Testing: <n> tests" line, so the output of
a failing test that itself ran lit cannot add to the counts. A run without a
summary (lit stopped early) or without a single test counts as one failure.
Exit status 0 only when M = 0.
"""
import re
import sys

PASSED = {"PASS": "Passed", "FLAKYPASS": "Passed With Retry"}
FAILED = {"FAIL": "Failed", "UNRESOLVED": "Unresolved", "TIMEOUT": "Timed Out",
          "XPASS": "Unexpectedly Passed"}
OTHER = {"UNSUPPORTED": "Unsupported", "SKIPPED": "Skipped",
         "XFAIL": "Expectedly Failed", "EXCLUDED": "Excluded"}
LABELS = {**PASSED, **FAILED, **OTHER}

RESULT_LINE = re.compile(r"^(%s): (.+) \(\d+ of (\d+)\)$" % "|".join(LABELS))
TESTING_LINE = re.compile(r"^-- Testing: (\d+) tests?\b")
SUMMARY_LINE = re.compile(r"^  (%s)\s*: +(\d+) \(" % "|".join(
    re.escape(label) for label in LABELS.values()))


def summarize(text):
    """(passed, failed, report lines) for lit's output `text`."""
    per_test = {code: [] for code in LABELS}
    summary = {}
    discovered = None
    testing = None  # lit's own test count, from its first "-- Testing:" line
    for line in text.splitlines():
        match = TESTING_LINE.match(line)
        if match and testing is None:
            testing = match.group(1)
            continue
        match = RESULT_LINE.match(line)
        if match:
            if testing is None or match.group(3) == testing:
                per_test[match.group(1)].append(match.group(2))
            continue
        match = SUMMARY_LINE.match(line)
        if match and discovered is not None:
            summary[match.group(1)] = int(match.group(2))
            continue
        match = re.match(r"^Total Discovered Tests: (\d+)$", line)
        if match:
            # A later block replaces an earlier one (a test's own output).
            discovered = int(match.group(1))
            summary = {}

    report = []
    problems = []
    for code, label in OTHER.items():
        names = per_test[code]
        count = summary.get(label, 0)
        if count:
            report.append("%d %s:" % (count, label.lower()))
            report.extend("  " + name for name in names)
            if len(names) < count:
                report.append("  (%d more, not named by lit)" % (count - len(names)))
    # The summary block is the count: it counts each GoogleTest test, where
    # the per-test lines name a shard of a test binary once.
    passed = sum(summary.get(label, 0) for label in PASSED.values())
    failed = sum(summary.get(label, 0) for label in FAILED.values())
    if discovered is None:
        problems.append("lit printed no summary (it stopped before the end)")
    elif discovered == 0:
        problems.append("lit discovered no tests")
    if problems:
        failed += 1
        report.extend("error: " + p for p in problems)
    return passed, failed, report


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    try:
        with open(argv[1], errors="replace") as f:
            text = f.read()
    except OSError as e:
        print("lit_summary.py: cannot read %s: %s" % (argv[1], e.strerror),
              file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    passed, failed, report = summarize(text)
    for line in report:
        print(line)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
