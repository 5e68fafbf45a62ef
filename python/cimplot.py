"""Shared helpers for plotting cim-opt-search results.

Imported by python/plot_run.py (one run directory) and python/plot_fronts.py
(the CiMNet reproduction); not a command itself. Reading and front
computations need only the standard library; `pyplot()` imports matplotlib
(Debian's python3-matplotlib, under /usr/bin/python3) on first use.
"""
import csv

# Marker style per accuracy_source, in legend order: (source, marker, filled,
# legend text). Filled markers are accuracies that were measured or computed
# for the network itself; hollow ones come from a predictor.
PROVENANCE = [
    ("measured", "o", True, "measured top-1"),
    ("predicted", "o", False, "ridge-predicted top-1"),
    ("extrapolated", "^", False, "extrapolated (ridge outside its resolutions)"),
    ("evaluated", "s", True, "evaluated top-1"),
    ("none", "x", True, "no accuracy (cycles only)"),
]
UNKNOWN_STYLE = ("D", False)
KNOWN_SOURCES = [p[0] for p in PROVENANCE]


def read_csv(path):
    """(header, rows) of a CSV file; rows are dicts. Raises OSError."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def accuracy(row):
    """The row's accuracy as a float, or None when it has none."""
    text = row.get("accuracy", "")
    return float(text) if text not in ("", "-", None) else None


def source_order(sources):
    """Known sources in PROVENANCE order, then any others alphabetically."""
    present = set(sources)
    return [s for s in KNOWN_SOURCES if s in present] + \
        sorted(s for s in present if s not in KNOWN_SOURCES)


def style(source):
    """(marker, filled) of an accuracy source."""
    for name, marker, filled, _ in PROVENANCE:
        if name == source:
            return marker, filled
    return UNKNOWN_STYLE


def legend_text(source):
    for name, _, _, text in PROVENANCE:
        if name == source:
            return "%s: %s" % (name, text)
    return source


def staircase(points):
    """The non-dominated subset of (cycles, accuracy) points (fewer cycles and
    higher accuracy are better), sorted by cycles; accuracy strictly rises."""
    front, best = [], float("-inf")
    for c, a in sorted(points, key=lambda p: (p[0], -p[1])):
        if a > best:
            front.append((c, a))
            best = a
    return front


def step_xy(front):
    """x, y of the staircase line through a sorted front: from each point the
    accuracy holds until the next point's cycles."""
    xs, ys = [], []
    for c, a in front:
        if xs:
            xs.append(c)
            ys.append(ys[-1])
        xs.append(c)
        ys.append(a)
    return xs, ys


def pyplot():
    """matplotlib.pyplot with the file-only Agg backend."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def scatter_by_source(ax, points, color, **kwargs):
    """Scatters (x, y, source) points, one call per source so each gets its
    marker; filled or hollow by the source. Returns the sources drawn."""
    by_source = {}
    for x, y, source in points:
        by_source.setdefault(source, []).append((x, y))
    for source in source_order(by_source):
        marker, filled = style(source)
        xs = [p[0] for p in by_source[source]]
        ys = [p[1] for p in by_source[source]]
        if marker == "x":
            ax.scatter(xs, ys, marker=marker, color=color, **kwargs)
        else:
            ax.scatter(xs, ys, marker=marker, edgecolors=color,
                       facecolors=color if filled else "none", **kwargs)
    return list(by_source)


def provenance_handles(sources, color="0.3"):
    """Legend handles, one per source, in the markers scatter_by_source uses."""
    from matplotlib.lines import Line2D
    handles = []
    for source in source_order(sources):
        marker, filled = style(source)
        handles.append(Line2D([], [], linestyle="none", marker=marker, color=color,
                              markerfacecolor=color if filled or marker == "x" else "none",
                              label=legend_text(source)))
    return handles
