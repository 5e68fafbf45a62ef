//===- ReferenceSimulator.cpp - Naive tile-by-tile layer simulator --------===//

#include "ReferenceSimulator.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

using namespace cim;
using namespace cim::test;

namespace {

int64_t up(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Element operations per element, restated from docs/timing.md.
int64_t opCost(VectorOp op) {
  switch (op) {
  case VectorOp::BatchNorm:
    return 2;
  case VectorOp::HardSigmoid:
    return 3;
  case VectorOp::HardSwish:
  case VectorOp::Div:
    return 4;
  case VectorOp::Exp:
  case VectorOp::Sqrt:
  case VectorOp::Erf:
  case VectorOp::LayerNorm:
    return 8;
  case VectorOp::Softmax:
    return 12;
  case VectorOp::Sigmoid:
    return 13;
  case VectorOp::Tanh:
    return 14;
  case VectorOp::Gelu:
    return 18;
  default:
    return 1;
  }
}

struct KRange {
  int64_t group, begin, end;
};

struct Tile {
  int64_t inst, blk, i, j, rows, cols, weights;
  std::vector<KRange> ranges;
};

struct Unit {
  int64_t rep;
  const Tile *tile;
  int64_t core;
};

/// One MVM's interval and latency, restated from docs/timing.md.
void mvmTime(const HardwareConfig &hw, int64_t r, int64_t c, bool final,
             int64_t &interval, int64_t &latency) {
  int64_t slices = up(hw.inputBits, hw.inputBitsPerCycle);
  int64_t tree = hw.adderTreeDepth;
  if (tree == 0) {
    int64_t log = 0;
    while ((int64_t(1) << log) < hw.rows)
      ++log;
    tree = log + 1;
  }
  int64_t cw = up(hw.weightBits, hw.bitsPerCell);
  if (hw.computeMode == ComputeMode::Bitline) {
    int64_t adcs = hw.cols / hw.colsPerAdc;
    interval = slices * up(r, hw.rowsActive) * up(c * cw, adcs) * hw.adcCycles;
    latency = interval;
  } else {
    interval = slices;
    latency = slices + tree;
  }
  int64_t pin = hw.arrayInputBitsPerCycle ? hw.arrayInputBitsPerCycle
                                          : hw.rows * hw.inputBitsPerCycle;
  int64_t log = 0;
  while ((int64_t(1) << log) < hw.rows)
    ++log;
  int64_t psumBits = hw.inputBits + hw.weightBits + log;
  int64_t portIn = up(r * hw.inputBits, pin);
  int64_t portOut =
      up(c * (final ? hw.outputBits : psumBits), hw.arrayOutputBitsPerCycle);
  int64_t port = std::max(portIn, portOut);
  if (port > interval) {
    interval = port;
    latency = port + tree;
  }
}

struct Terms {
  int64_t compute = 0, dram = 0, gb = 0, lb = 0, vector = 0;
};

int64_t stepCycles(const HardwareConfig &hw, const Terms &t, bool db) {
  int64_t body = db ? std::max({t.compute, t.dram, t.gb, t.lb, t.vector})
                    : t.compute + t.dram + t.gb + t.lb + t.vector;
  return hw.stepOverheadCycles + body;
}

/// Output-row geometry of the steps.
struct Rows {
  int64_t images, perImage, vectorsPerRow, span;
  bool halo;
};

Rows rowsOf(const Layer &l) {
  if (l.kind == LayerKind::Matmul || l.kind == LayerKind::BatchMatmul)
    return {1, l.m, 1, 1, false};
  if (l.out_h > 1)
    return {l.images, l.out_h, l.out_w, l.in_w, true};
  return {1, l.images, l.out_w, l.in_h * l.in_w, false};
}

/// Contiguous input rows a block of output rows [a, b) reads.
int64_t inputRows(const Layer &l, const Rows &g, int64_t a, int64_t b) {
  if (!g.halo)
    return b - a;
  int64_t lo = -1, hi = -1;
  for (int64_t oh = a; oh < b; ++oh)
    for (int64_t kh = 0; kh < l.kernelH; ++kh) {
      int64_t ih = oh * l.strideH - l.padTop + kh * l.dilationH;
      if (ih < 0 || ih >= l.in_h)
        continue;
      if (lo < 0 || ih < lo)
        lo = ih;
      hi = std::max(hi, ih);
    }
  return lo < 0 ? 0 : hi - lo + 1;
}

ReferenceResult simulateVectorUnit(const Layer &l, const HardwareConfig &hw,
                                   const LayerMapping &m) {
  ReferenceResult res;
  Rows g = rowsOf(l);
  bool conv = l.kind == LayerKind::Conv;
  int64_t cores = std::min(hw.cores, conv ? l.groups : l.outChannels);
  int64_t ab = hw.inputBits, ob = hw.outputBits;
  int64_t work = 0; // fused work of a conv, or the vector layer itself
  for (const VectorWork &w : l.vectorWork)
    if (!(conv && w.op == VectorOp::Requantize)) // counted per output below
      work += opCost(w.op) * w.elements;
  int64_t second = 0;
  if (!conv && l.operands.size() >= 2)
    second = l.secondInputElements ? l.secondInputElements : l.outputElements();
  int64_t weightBytes = conv ? up(l.groups * l.k * l.n * hw.weightBits, 8) : 0;
  int64_t allRows = g.images * g.perImage;
  int64_t allOutputs = l.groups * l.m * l.n;
  if (weightBytes > 0) {
    int64_t dram = m.weightsInGb ? 0 : weightBytes;
    int64_t t = std::max({up(dram, hw.dramBytesPerCycle),
                          up(weightBytes, hw.gbBytesPerCycle),
                          up(up(weightBytes, cores), hw.lbBytesPerCycle)});
    res.cycles += t;
    res.dramBytes += dram;
    res.gbBytes += weightBytes;
    res.lbBytes += weightBytes;
  }
  for (int64_t img = 0; img < g.images; ++img)
    for (int64_t a = 0, b = 0; a < g.perImage; a = b) {
      b = std::min(g.perImage, a + m.rowsPerStep);
      int64_t rowsIn = inputRows(l, g, a, b);
      int64_t vectors = (b - a) * g.vectorsPerRow;
      int64_t outElems = vectors * l.outChannels;
      int64_t in = up(rowsIn * g.span * l.inChannels * ab, 8);
      int64_t sec = second ? up(up(second * (b - a), allRows) * ab, 8) : 0;
      int64_t out = up(outElems * ob, 8);
      int64_t ops = 0, macs = 0;
      if (conv) {
        for (int64_t v = 0; v < vectors; ++v)
          for (int64_t oc = 0; oc < l.outChannels; ++oc)
            macs += l.k; // one output element: K products
        ops = macs + outElems + (work ? up(work * outElems, allOutputs) : 0);
      } else {
        ops = up(work * (b - a), allRows);
      }
      Terms t;
      int64_t dram = (m.inputInGb ? 0 : in) + (m.secondInputInGb ? 0 : sec) +
                     (m.outputInGb ? 0 : out);
      t.dram = up(dram, hw.dramBytesPerCycle);
      t.gb = up(in + sec + out, hw.gbBytesPerCycle);
      int64_t lbAll = in + sec + out + weightBytes;
      t.lb = up(up(lbAll, cores), hw.lbBytesPerCycle);
      t.vector = up(up(ops, cores), hw.vectorLanesPerCore);
      res.cycles += stepCycles(hw, t, m.doubleBuffered);
      res.dramBytes += dram;
      res.gbBytes += in + sec + out;
      res.lbBytes += lbAll;
      res.macs += macs;
      ++res.steps;
      bool first = img == 0 && a == 0;
      bool last = img + 1 == g.images && b == g.perImage;
      if (m.doubleBuffered && first) {
        int64_t d = (m.inputInGb ? 0 : in) + (m.secondInputInGb ? 0 : sec);
        // Exposed time only: the bytes are the first step's, counted above.
        res.cycles +=
            up(d, hw.dramBytesPerCycle) + up(in + sec, hw.gbBytesPerCycle);
      }
      if (m.doubleBuffered && last) {
        int64_t d = m.outputInGb ? 0 : out;
        res.cycles += up(d, hw.dramBytesPerCycle) + up(out, hw.gbBytesPerCycle);
      }
    }
  res.rounds = 1;
  return res;
}

} // namespace

ReferenceResult test::simulateLayer(const Layer &l, const HardwareConfig &hw,
                                    const LayerMapping &m) {
  if (m.unit == ExecUnit::Vector)
    return simulateVectorUnit(l, hw, m);
  ReferenceResult res;
  int64_t R = hw.rows;
  int64_t cw = up(hw.weightBits, hw.bitsPerCell);
  int64_t Cw = hw.cols / cw;
  int64_t K = l.k, N = l.n, G = l.groups;
  int64_t area = l.kind == LayerKind::Conv ? l.kernelH * l.kernel_w : 1;
  int64_t log = 0;
  while ((int64_t(1) << log) < hw.rows)
    ++log;
  int64_t pb = hw.inputBits + hw.weightBits + log;
  int64_t ab = hw.inputBits, ob = hw.outputBits, wb = hw.weightBits;

  // Lay out every tile; columns are (instance, block, j) in that order.
  int64_t perArray = G > 1 ? std::min(R / K, Cw / N) : 0;
  std::vector<std::vector<Tile>> columns;
  int64_t rowTiles = 0;
  for (int64_t inst = 0; inst < l.batch; ++inst) {
    if (perArray >= 1) {
      for (int64_t g0 = 0, blk = 0; g0 < G; g0 += perArray, ++blk) {
        int64_t pe = std::min(perArray, G - g0);
        Tile t{inst, blk, 0, 0, pe * K, pe * N, pe * K * N, {}};
        for (int64_t gg = g0; gg < g0 + pe; ++gg)
          t.ranges.push_back({gg, 0, K});
        columns.push_back({t});
      }
      rowTiles = 1;
      continue;
    }
    for (int64_t grp = 0; grp < G; ++grp)
      for (int64_t j = 0; j * Cw < N; ++j) {
        std::vector<Tile> column;
        for (int64_t i = 0; i * R < K; ++i) {
          int64_t r = std::min(R, K - i * R), c = std::min(Cw, N - j * Cw);
          column.push_back(
              {inst, grp, i, j, r, c, r * c, {{grp, i * R, i * R + r}}});
        }
        rowTiles = static_cast<int64_t>(column.size());
        columns.push_back(column);
      }
  }

  // Fill rounds: whole columns while they fit, else slices of a column.
  struct Round {
    std::vector<const Tile *> tiles;
    bool first = true, last = true;
  };
  std::vector<Round> rounds;
  int64_t rho = m.replication;
  bool split = m.columnsPerRound == 0;
  if (!split) {
    Round cur;
    int64_t held = 0;
    for (const auto &column : columns) {
      if (held == m.columnsPerRound) {
        rounds.push_back(cur);
        cur = Round();
        held = 0;
      }
      for (const Tile &t : column)
        cur.tiles.push_back(&t);
      ++held;
    }
    rounds.push_back(cur);
  } else {
    size_t slice = static_cast<size_t>(m.rowTilesPerRound);
    for (const auto &column : columns)
      for (size_t s = 0; s < column.size(); s += slice) {
        Round r;
        for (size_t t = s; t < column.size() && t < s + slice; ++t)
          r.tiles.push_back(&column[t]);
        r.first = s == 0;
        r.last = s + slice >= column.size();
        rounds.push_back(r);
      }
  }
  res.rounds = static_cast<int64_t>(rounds.size());

  Rows g = rowsOf(l);
  int64_t fusedOps = 0;
  for (const VectorWork &w : l.vectorWork)
    if (w.op != VectorOp::Requantize) // the periphery or the psum pass does it
      fusedOps += opCost(w.op) * w.elements;
  int64_t allOutputs = l.batch * G * l.m * N;
  int64_t outBits = rowTiles > 1 ? pb : ob;
  bool finalOut = rowTiles == 1;

  // The partial sums a split column's first slice writes for all its
  // vectors wait in the GB when they fit it, else they go through DRAM.
  int64_t psumHoldBits = 0;
  if (split)
    for (const Round &round : rounds) {
      if (!round.first)
        continue;
      int64_t bits = 0;
      for (int64_t img = 0; img < g.images; ++img)
        for (int64_t a = 0; a < g.perImage; a += m.rowsPerStep)
          bits += (std::min(g.perImage, a + m.rowsPerStep) - a) *
                  g.vectorsPerRow * round.tiles.front()->cols * pb;
      psumHoldBits = std::max(psumHoldBits, bits);
    }
  bool psumsInDram = up(psumHoldBits, 8) > hw.gbBytes;

  for (const Round &round : rounds) {
    // Place the copies: ordered by (replica, instance, block, i, j), dealt
    // to cores in equal contiguous shares.
    std::vector<Unit> units;
    for (int64_t rep = 0; rep < rho; ++rep)
      for (const Tile *t : round.tiles)
        units.push_back({rep, t, 0});
    std::stable_sort(units.begin(), units.end(),
                     [](const Unit &a, const Unit &b) {
                       return std::make_tuple(a.rep, a.tile->inst, a.tile->blk,
                                              a.tile->i, a.tile->j) <
                              std::make_tuple(b.rep, b.tile->inst, b.tile->blk,
                                              b.tile->i, b.tile->j);
                     });
    int64_t U = static_cast<int64_t>(units.size());
    int64_t share = up(U, std::min(hw.cores, U));
    int64_t cores = 0;
    for (int64_t u = 0; u < U; ++u) {
      units[u].core = u / share;
      cores = std::max(cores, units[u].core + 1);
    }

    // Programming.
    {
      std::vector<int64_t> coreBits(cores, 0);
      std::vector<std::set<const Tile *>> delivered(cores);
      int64_t rows = 0, distinctBits = 0;
      for (const Unit &u : units) {
        rows = std::max(rows, u.tile->rows);
        if (hw.writeBroadcast && !delivered[u.core].insert(u.tile).second)
          continue;
        coreBits[u.core] += u.tile->weights * wb;
      }
      for (const Tile *t : round.tiles)
        distinctBits += t->weights * wb;
      bool fromDram =
          m.resident || (l.kind == LayerKind::BatchMatmul ? !m.secondInputInGb
                                                          : !m.weightsInGb);
      int64_t dram = fromDram ? up(distinctBits, 8) : 0;
      int64_t noc = 0, lbMax = 0;
      for (int64_t b : coreBits) {
        noc += up(b, 8);
        lbMax = std::max(lbMax, up(b, 8));
      }
      int64_t t = std::max(
          {rows * hw.programCyclesPerRow, up(dram, hw.dramBytesPerCycle),
           up(noc, hw.gbBytesPerCycle), up(lbMax, hw.lbBytesPerCycle)});
      if (m.resident) {
        res.modelLoadCycles += t;
      } else {
        res.cycles += t;
        res.dramBytes += dram;
        res.gbBytes += noc;
        res.lbBytes += noc;
      }
    }

    // Input channels the round reads, and its output columns.
    std::set<std::tuple<int64_t, int64_t, int64_t>> channels;
    std::map<std::tuple<int64_t, int64_t, int64_t>, std::pair<int64_t, int64_t>>
        outColumns; // (inst, blk, j) -> (width, row tiles in round)
    for (const Tile *t : round.tiles) {
      for (const KRange &r : t->ranges)
        for (int64_t kk = r.begin; kk < r.end; ++kk)
          channels.insert({t->inst, r.group, kk / area});
      auto &col = outColumns[{t->inst, t->blk, t->j}];
      col.first = t->cols;
      col.second += 1;
    }
    int64_t channelCount = static_cast<int64_t>(channels.size());
    std::vector<int64_t> tileChannels(units.size(), 0);
    for (size_t u = 0; u < units.size(); ++u) {
      std::set<std::pair<int64_t, int64_t>> mine;
      for (const KRange &r : units[u].tile->ranges)
        for (int64_t kk = r.begin; kk < r.end; ++kk)
          mine.insert({r.group, kk / area});
      tileChannels[u] = static_cast<int64_t>(mine.size());
    }

    for (int64_t img = 0; img < g.images; ++img)
      for (int64_t a = 0, b = 0; a < g.perImage; a = b) {
        b = std::min(g.perImage, a + m.rowsPerStep);
        int64_t rowsIn = inputRows(l, g, a, b);
        int64_t vectors = (b - a) * g.vectorsPerRow;
        std::vector<int64_t> lbBits(cores, 0), mvms(units.size(), 0);
        for (int64_t v = 0; v < vectors; ++v) {
          int64_t rep = v % rho;
          std::vector<std::set<std::tuple<int64_t, int64_t, int64_t>>> sent(
              cores);
          for (size_t u = 0; u < units.size(); ++u) {
            if (units[u].rep != rep)
              continue;
            const Tile *t = units[u].tile;
            if (!hw.inputLineBuffer &&
                sent[units[u].core].insert({t->inst, t->blk, t->i}).second)
              lbBits[units[u].core] += t->rows * ab;
            lbBits[units[u].core] += t->cols * outBits;
            ++mvms[u];
            res.macs += t->weights;
          }
        }
        if (hw.inputLineBuffer)
          for (size_t u = 0; u < units.size(); ++u)
            lbBits[units[u].core] += rowsIn * g.span * tileChannels[u] * ab;
        Terms t;
        for (size_t u = 0; u < units.size(); ++u) {
          if (mvms[u] == 0)
            continue;
          int64_t interval = 0, latency = 0;
          mvmTime(hw, units[u].tile->rows, units[u].tile->cols, finalOut,
                  interval, latency);
          t.compute =
              std::max(t.compute, mvms[u] * interval + latency - interval);
        }
        int64_t outElems = 0, ops = 0;
        for (const auto &col : outColumns) {
          int64_t width = col.second.first, inRound = col.second.second;
          outElems += vectors * width;
          ops += (inRound - 1) * vectors * width;
          if (split && !round.first)
            ops += vectors * width;
          if (round.last && rowTiles > 1)
            ops += vectors * width;
        }
        if (round.last && fusedOps > 0)
          ops += up(fusedOps * outElems, allOutputs);
        int64_t in = up(rowsIn * g.span * channelCount * ab, 8);
        int64_t finalBytes = round.last ? up(outElems * ob, 8) : 0;
        int64_t psumOut = round.last ? 0 : up(outElems * pb, 8);
        int64_t psumIn = split && !round.first ? up(outElems * pb, 8) : 0;
        int64_t fanout = hw.nocMulticast ? 1 : cores;
        int64_t noc = in * fanout + psumIn + psumOut + finalBytes;
        int64_t dram = (m.inputInGb ? 0 : in) +
                       (m.outputInGb ? 0 : finalBytes) +
                       (psumsInDram ? psumIn + psumOut : 0);
        int64_t lbMax = 0, lbAll = 0;
        for (int64_t bits : lbBits) {
          lbMax = std::max(lbMax, up(bits, 8));
          lbAll += up(bits, 8);
        }
        t.dram = up(dram, hw.dramBytesPerCycle);
        t.gb = up(noc, hw.gbBytesPerCycle);
        t.lb = up(lbMax, hw.lbBytesPerCycle);
        t.vector = up(up(ops, cores), hw.vectorLanesPerCore);
        res.cycles += stepCycles(hw, t, m.doubleBuffered);
        res.compute += t.compute;
        res.dramBytes += dram;
        res.gbBytes += noc;
        res.lbBytes += lbAll;
        ++res.steps;
        bool first = img == 0 && a == 0;
        bool last = img + 1 == g.images && b == g.perImage;
        if (m.doubleBuffered && first) {
          int64_t d = (m.inputInGb ? 0 : in) + (psumsInDram ? psumIn : 0);
          // Exposed time only: the bytes are this step's, counted above.
          res.cycles += up(d, hw.dramBytesPerCycle) +
                        up(in * fanout + psumIn, hw.gbBytesPerCycle);
        }
        if (m.doubleBuffered && last) {
          int64_t d =
              (m.outputInGb ? 0 : finalBytes) + (psumsInDram ? psumOut : 0);
          res.cycles += up(d, hw.dramBytesPerCycle) +
                        up(finalBytes + psumOut, hw.gbBytesPerCycle);
        }
      }
  }
  return res;
}
