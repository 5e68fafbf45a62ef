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
  int64_t slices = up(hw.input_bits, hw.input_bits_per_cycle);
  int64_t tree = hw.adder_tree_depth;
  if (tree == 0) {
    int64_t log = 0;
    while ((int64_t(1) << log) < hw.rows)
      ++log;
    tree = log + 1;
  }
  int64_t cw = up(hw.weight_bits, hw.bits_per_cell);
  if (hw.compute_mode == ComputeMode::Bitline) {
    int64_t adcs = hw.cols / hw.cols_per_adc;
    interval =
        slices * up(r, hw.rows_active) * up(c * cw, adcs) * hw.adc_cycles;
    latency = interval;
  } else {
    interval = slices;
    latency = slices + tree;
  }
  int64_t pin = hw.array_input_bits_per_cycle
                    ? hw.array_input_bits_per_cycle
                    : hw.rows * hw.input_bits_per_cycle;
  int64_t log = 0;
  while ((int64_t(1) << log) < hw.rows)
    ++log;
  int64_t psumBits = hw.input_bits + hw.weight_bits + log;
  int64_t portIn = up(r * hw.input_bits, pin);
  int64_t portOut = up(c * (final ? hw.output_bits : psumBits),
                       hw.array_output_bits_per_cycle);
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
  return hw.step_overhead_cycles + body;
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
    for (int64_t kh = 0; kh < l.kernel_h; ++kh) {
      int64_t ih = oh * l.stride_h - l.pad_top + kh * l.dilation_h;
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
  int64_t cores = std::min(hw.cores, conv ? l.groups : l.out_channels);
  int64_t ab = hw.input_bits, ob = hw.output_bits;
  int64_t work = 0; // fused work of a conv, or the vector layer itself
  for (const VectorWork &w : l.vector_work)
    if (!(conv && w.op == VectorOp::Requantize)) // counted per output below
      work += opCost(w.op) * w.elements;
  int64_t second = 0;
  if (!conv && l.operands.size() >= 2)
    second =
        l.second_input_elements ? l.second_input_elements : l.outputElements();
  int64_t weightBytes = conv ? up(l.groups * l.k * l.n * hw.weight_bits, 8) : 0;
  int64_t allRows = g.images * g.perImage;
  int64_t allOutputs = l.groups * l.m * l.n;
  if (weightBytes > 0) {
    int64_t dram = m.weights_in_gb ? 0 : weightBytes;
    int64_t t = std::max({up(dram, hw.dram_bytes_per_cycle),
                          up(weightBytes, hw.gb_bytes_per_cycle),
                          up(up(weightBytes, cores), hw.lb_bytes_per_cycle)});
    res.cycles += t;
    res.dram_bytes += dram;
    res.gb_bytes += weightBytes;
    res.lb_bytes += weightBytes;
  }
  for (int64_t img = 0; img < g.images; ++img)
    for (int64_t a = 0, b = 0; a < g.perImage; a = b) {
      b = std::min(g.perImage, a + m.rows_per_step);
      int64_t rowsIn = inputRows(l, g, a, b);
      int64_t vectors = (b - a) * g.vectorsPerRow;
      int64_t outElems = vectors * l.out_channels;
      int64_t in = up(rowsIn * g.span * l.in_channels * ab, 8);
      int64_t sec = second ? up(up(second * (b - a), allRows) * ab, 8) : 0;
      int64_t out = up(outElems * ob, 8);
      int64_t ops = 0, macs = 0;
      if (conv) {
        for (int64_t v = 0; v < vectors; ++v)
          for (int64_t oc = 0; oc < l.out_channels; ++oc)
            macs += l.k; // one output element: K products
        ops = macs + outElems + (work ? up(work * outElems, allOutputs) : 0);
      } else {
        ops = up(work * (b - a), allRows);
      }
      Terms t;
      int64_t dram = (m.input_in_gb ? 0 : in) +
                     (m.second_input_in_gb ? 0 : sec) +
                     (m.output_in_gb ? 0 : out);
      t.dram = up(dram, hw.dram_bytes_per_cycle);
      t.gb = up(in + sec + out, hw.gb_bytes_per_cycle);
      int64_t lbAll = in + sec + out + weightBytes;
      t.lb = up(up(lbAll, cores), hw.lb_bytes_per_cycle);
      t.vector = up(up(ops, cores), hw.vector_lanes_per_core);
      res.cycles += stepCycles(hw, t, m.double_buffered);
      res.dram_bytes += dram;
      res.gb_bytes += in + sec + out;
      res.lb_bytes += lbAll;
      res.macs += macs;
      ++res.steps;
      bool first = img == 0 && a == 0;
      bool last = img + 1 == g.images && b == g.perImage;
      if (m.double_buffered && first) {
        int64_t d = (m.input_in_gb ? 0 : in) + (m.second_input_in_gb ? 0 : sec);
        // Exposed time only: the bytes are the first step's, counted above.
        res.cycles += up(d, hw.dram_bytes_per_cycle) +
                      up(in + sec, hw.gb_bytes_per_cycle);
      }
      if (m.double_buffered && last) {
        int64_t d = m.output_in_gb ? 0 : out;
        res.cycles +=
            up(d, hw.dram_bytes_per_cycle) + up(out, hw.gb_bytes_per_cycle);
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
  int64_t cw = up(hw.weight_bits, hw.bits_per_cell);
  int64_t Cw = hw.cols / cw;
  int64_t K = l.k, N = l.n, G = l.groups;
  int64_t area = l.kind == LayerKind::Conv ? l.kernel_h * l.kernel_w : 1;
  int64_t log = 0;
  while ((int64_t(1) << log) < hw.rows)
    ++log;
  int64_t pb = hw.input_bits + hw.weight_bits + log;
  int64_t ab = hw.input_bits, ob = hw.output_bits, wb = hw.weight_bits;

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
  bool split = m.columns_per_round == 0;
  if (!split) {
    Round cur;
    int64_t held = 0;
    for (const auto &column : columns) {
      if (held == m.columns_per_round) {
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
    size_t slice = static_cast<size_t>(m.row_tiles_per_round);
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
  for (const VectorWork &w : l.vector_work)
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
        for (int64_t a = 0; a < g.perImage; a += m.rows_per_step)
          bits += (std::min(g.perImage, a + m.rows_per_step) - a) *
                  g.vectorsPerRow * round.tiles.front()->cols * pb;
      psumHoldBits = std::max(psumHoldBits, bits);
    }
  bool psumsInDram = up(psumHoldBits, 8) > hw.gb_bytes;

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
        if (hw.write_broadcast && !delivered[u.core].insert(u.tile).second)
          continue;
        coreBits[u.core] += u.tile->weights * wb;
      }
      for (const Tile *t : round.tiles)
        distinctBits += t->weights * wb;
      bool fromDram = m.resident ||
                      (l.kind == LayerKind::BatchMatmul ? !m.second_input_in_gb
                                                        : !m.weights_in_gb);
      int64_t dram = fromDram ? up(distinctBits, 8) : 0;
      int64_t noc = 0, lbMax = 0;
      for (int64_t b : coreBits) {
        noc += up(b, 8);
        lbMax = std::max(lbMax, up(b, 8));
      }
      int64_t t = std::max(
          {rows * hw.program_cycles_per_row, up(dram, hw.dram_bytes_per_cycle),
           up(noc, hw.gb_bytes_per_cycle), up(lbMax, hw.lb_bytes_per_cycle)});
      if (m.resident) {
        res.model_load_cycles += t;
      } else {
        res.cycles += t;
        res.dram_bytes += dram;
        res.gb_bytes += noc;
        res.lb_bytes += noc;
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
        b = std::min(g.perImage, a + m.rows_per_step);
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
            if (!hw.input_line_buffer &&
                sent[units[u].core].insert({t->inst, t->blk, t->i}).second)
              lbBits[units[u].core] += t->rows * ab;
            lbBits[units[u].core] += t->cols * outBits;
            ++mvms[u];
            res.macs += t->weights;
          }
        }
        if (hw.input_line_buffer)
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
        int64_t fanout = hw.noc_multicast ? 1 : cores;
        int64_t noc = in * fanout + psumIn + psumOut + finalBytes;
        int64_t dram = (m.input_in_gb ? 0 : in) +
                       (m.output_in_gb ? 0 : finalBytes) +
                       (psumsInDram ? psumIn + psumOut : 0);
        int64_t lbMax = 0, lbAll = 0;
        for (int64_t bits : lbBits) {
          lbMax = std::max(lbMax, up(bits, 8));
          lbAll += up(bits, 8);
        }
        t.dram = up(dram, hw.dram_bytes_per_cycle);
        t.gb = up(noc, hw.gb_bytes_per_cycle);
        t.lb = up(lbMax, hw.lb_bytes_per_cycle);
        t.vector = up(up(ops, cores), hw.vector_lanes_per_core);
        res.cycles += stepCycles(hw, t, m.double_buffered);
        res.compute += t.compute;
        res.dram_bytes += dram;
        res.gb_bytes += noc;
        res.lb_bytes += lbAll;
        ++res.steps;
        bool first = img == 0 && a == 0;
        bool last = img + 1 == g.images && b == g.perImage;
        if (m.double_buffered && first) {
          int64_t d = (m.input_in_gb ? 0 : in) + (psumsInDram ? psumIn : 0);
          // Exposed time only: the bytes are this step's, counted above.
          res.cycles += up(d, hw.dram_bytes_per_cycle) +
                        up(in * fanout + psumIn, hw.gb_bytes_per_cycle);
        }
        if (m.double_buffered && last) {
          int64_t d =
              (m.output_in_gb ? 0 : finalBytes) + (psumsInDram ? psumOut : 0);
          res.cycles += up(d, hw.dram_bytes_per_cycle) +
                        up(finalBytes + psumOut, hw.gb_bytes_per_cycle);
        }
      }
  }
  return res;
}
