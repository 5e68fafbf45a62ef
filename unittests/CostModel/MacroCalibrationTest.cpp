//===- MacroCalibrationTest.cpp - Published CiM macros, model vs paper
//-----===//
//
// Each configs/hw/macros/*.json (written by scripts/fit_macros.py) runs a
// macro-level workload: one layer of full-array MVMs at the macro's
// precision, 64 input vectors, peak utilisation, as CiMLoop's macro tests do.
// The expected values are the published ones (CiMLoop's _tests.py reference
// values, mit-emze/cimloop workspace/models/arch/1_macro/<macro>/_tests.py);
// the tolerances are docs/energy.md's: 1 % on numbers a parameter was fitted
// to, 15 % on predictions, and documented misses asserted inside the band
// docs/energy.md reports.
//
//===----------------------------------------------------------------------===//

#include "TestPaths.h"
#include "TestUtil.h"

#include "cim/CostModel/Area.h"
#include "cim/CostModel/Energy.h"
#include "cim/Hardware/HardwareJson.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>

using namespace cim;
using namespace cim::test;

namespace {

struct MacroRun {
  EnergyBreakdown energy;
  ActionCounts counts;
  double macs = 0;
  double topsPerW = 0; // over the components the paper counts
  double tops = 0;
  double areaMm2 = 0;
  double topsPerMm2 = 0;
  AreaBreakdown area;
};

double pjOf(const EnergyBreakdown &e, EnergyComponent c) {
  return e.pj[static_cast<int>(c)];
}

/// Runs `vectors` MVMs of a k x n weight matrix on the macro `file`.
/// `withAccumulate`: the paper's efficiency includes the shift-and-add /
/// near-memory datapath.
MacroRun runMacro(const std::string &file, int64_t k, int64_t n,
                  bool withAccumulate) {
  MacroRun run;
  llvm::Expected<HardwareConfig> hw =
      loadHardwareConfig(testSourcePath("configs/hw/macros/" + file));
  if (!hw) {
    ADD_FAILURE() << llvm::toString(hw.takeError());
    return run;
  }
  const int64_t vectors = 64;
  Layer layer = makeMatmul("mvm", vectors, k, n);
  LayerContext ctx;
  ctx.arraysAvailable = hw->totalArrays();
  llvm::Expected<LayerChoice> c = mapLayer(layer, *hw, ctx);
  if (!c) {
    ADD_FAILURE() << llvm::toString(c.takeError());
    return run;
  }
  llvm::Expected<LayerPlan> plan = planLayer(layer, *hw, c->mapping);
  if (!plan) {
    ADD_FAILURE() << llvm::toString(plan.takeError());
    return run;
  }
  run.counts = countActions(*plan, *hw, c->cost.cycles);
  run.energy = energyOfPlan(*plan, *hw, c->cost);
  run.macs = static_cast<double>(layer.macs());
  double pj = pjOf(run.energy, EnergyComponent::Cells) +
              pjOf(run.energy, EnergyComponent::Drivers) +
              pjOf(run.energy, EnergyComponent::Adc);
  if (withAccumulate)
    pj += pjOf(run.energy, EnergyComponent::Accumulate);
  run.topsPerW = 2 * run.macs / pj;
  // Peak throughput: the compute-bound cycles of the layer.
  double seconds = static_cast<double>(c->cost.compute) / (hw->clockMhz * 1e6);
  run.tops = 2 * run.macs / seconds * 1e-12;
  run.area = chipArea(*hw);
  run.areaMm2 = run.area.macroTotal();
  run.topsPerMm2 = run.tops / run.areaMm2;
  return run;
}

double rel(double model, double published) {
  return (model - published) / published;
}

/// Prints one row of docs/energy.md's calibration table and checks it.
void check(const char *macro, const char *quantity, double model,
           double published, double lo, double hi) {
  double err = rel(model, published);
  std::printf("| %s | %s | %.4g | %.4g | %+.1f %% |\n", macro, quantity, model,
              published, 100 * err);
  EXPECT_GE(err, lo) << macro << " " << quantity;
  EXPECT_LE(err, hi) << macro << " " << quantity;
}
void fitted(const char *macro, const char *q, double model, double published) {
  check(macro, q, model, published, -0.01, 0.01);
}
void predicted(const char *macro, const char *q, double model,
               double published) {
  check(macro, q, model, published, -0.15, 0.15);
}

} // namespace

// Wang et al. 22 nm (CiMLoop macro D): 8b x 8b, 64 of 512 rows active,
// 16 ADCs; references from _tests.py (Table III, Fig. 22, Fig. 23).
TEST(MacroCalibration, WangVlsi2022) {
  const char *m = "wang_vlsi_2022";
  MacroRun v10 = runMacro("wang_vlsi_2022_1v0.json", 512, 16, true);
  // 64 vectors x 8 row groups x 16 ADC columns; 512 row drives per vector.
  EXPECT_DOUBLE_EQ(v10.counts.adcConversions, 64 * 8 * 16);
  EXPECT_DOUBLE_EQ(v10.counts.rowDrives, 64 * 512);
  double macro = v10.energy.macroTotal();
  fitted(m, "TOPS/W @1.0 V", v10.topsPerW, 16.37572276);
  fitted(m, "ADC share @1.0 V", pjOf(v10.energy, EnergyComponent::Adc) / macro,
         0.34);
  fitted(m, "DAC share @1.0 V",
         pjOf(v10.energy, EnergyComponent::Drivers) / macro, 0.22);
  fitted(m, "MAC share @1.0 V",
         pjOf(v10.energy, EnergyComponent::Cells) / macro, 0.40);
  fitted(m, "misc share @1.0 V",
         pjOf(v10.energy, EnergyComponent::Accumulate) / macro, 0.04);
  fitted(m, "area mm^2", v10.areaMm2, 0.124);
  fitted(m, "ADC area share",
         v10.area.mm2[static_cast<int>(AreaComponent::Adcs)] / v10.areaMm2,
         0.13);
  fitted(m, "DAC area share",
         v10.area.mm2[static_cast<int>(AreaComponent::Drivers)] / v10.areaMm2,
         0.30);
  predicted(m, "TOPS/mm^2 @1.0 V", v10.topsPerMm2, 3.596);

  MacroRun v07 = runMacro("wang_vlsi_2022_0v7.json", 512, 16, true);
  predicted(m, "TOPS/W @0.7 V", v07.topsPerW, 32.2);
  fitted(m, "TOPS @0.7 V (clock)", v07.tops, 0.3);
  predicted(m, "TOPS/mm^2 @0.7 V", v07.topsPerMm2, 2.4);

  MacroRun v11 = runMacro("wang_vlsi_2022_1v1.json", 512, 16, true);
  predicted(m, "TOPS/W @1.1 V", v11.topsPerW, 15.5);
  predicted(m, "TOPS/mm^2 @1.1 V", v11.topsPerMm2, 4.0);
}

// Jia et al. 65 nm (CiMLoop macro A): 1b x 1b, 2304 rows (768 x 3 folded
// columns) x 256 ADC columns; Table I / II. The paper's TOPS/W counts ADC and
// CiM (drivers, cells) but not the near-memory datapath.
TEST(MacroCalibration, JiaJssc2020) {
  const char *m = "jia_jssc_2020";
  const double uses = 64 * 256; // ADC uses (= outputs) over 64 operations
  // Table I's three numbers, per ADC use / output.
  struct PerUse {
    double adc, cim, nmc;
  };
  auto perUse = [&](const MacroRun &run) {
    const EnergyBreakdown &e = run.energy;
    return PerUse{
        pjOf(e, EnergyComponent::Adc) / uses,
        (pjOf(e, EnergyComponent::Cells) + pjOf(e, EnergyComponent::Drivers)) /
            uses,
        pjOf(e, EnergyComponent::Accumulate) / uses};
  };
  MacroRun lo = runMacro("jia_jssc_2020_0v85.json", 2304, 256, false);
  EXPECT_DOUBLE_EQ(lo.counts.adcConversions, uses);
  PerUse l = perUse(lo);
  fitted(m, "ADC pJ/conversion @0.85 V", l.adc, 1.79);
  fitted(m, "CiM pJ per ADC use @0.85 V", l.cim, 9.7);
  fitted(m, "NMC pJ per output @0.85 V", l.nmc, 8.3);
  fitted(m, "1b TOPS/W @0.85 V", lo.topsPerW, 400);
  fitted(m, "1b TOPS @0.85 V (clock)", lo.tops, 0.874);
  fitted(m, "1b TOPS/mm^2 @0.85 V", lo.topsPerMm2, 0.24);

  MacroRun hi = runMacro("jia_jssc_2020_1v2.json", 2304, 256, false);
  PerUse h = perUse(hi);
  predicted(m, "ADC pJ/conversion @1.2 V", h.adc, 3.56);
  predicted(m, "CiM pJ per ADC use @1.2 V", h.cim, 20.4);
  predicted(m, "NMC pJ per output @1.2 V", h.nmc, 14.7);
  predicted(m, "1b TOPS/W @1.2 V", hi.topsPerW, 192);
  predicted(m, "1b TOPS/mm^2 @1.2 V", hi.topsPerMm2, 0.6);
}

// Sinangil et al. 7 nm (CiMLoop macro B): 4b x 4b, 64 x 16 4-bit columns;
// Table I at average output value 6 (351 TOPS/W, 372.4 GOPS); Section IV area.
TEST(MacroCalibration, SinangilJssc2021) {
  const char *m = "sinangil_jssc_2021";
  MacroRun lo = runMacro("sinangil_jssc_2021_0v8.json", 64, 16, true);
  EXPECT_DOUBLE_EQ(lo.counts.adcConversions, 64 * 16);
  fitted(m, "TOPS/W @0.8 V", lo.topsPerW, 351);
  fitted(m, "ADC pJ/conversion @0.8 V (CiMLoop fit)",
         pjOf(lo.energy, EnergyComponent::Adc) / (64 * 16), 0.19);
  fitted(m, "GOPS @0.8 V (clock)", lo.tops * 1e3, 372.4);
  fitted(m, "area um^2", lo.areaMm2 * 1e6, 1596 + 800 + 160);
  // Derived from the published throughput and area (not stated as such).
  fitted(m, "TOPS/mm^2 @0.8 V", lo.topsPerMm2, 0.3724 / 2556e-6);
  fitted(m, "ADC area share",
         lo.area.mm2[static_cast<int>(AreaComponent::Adcs)] / lo.areaMm2,
         1596.0 / (1596 + 800 + 160));
  MacroRun hi = runMacro("sinangil_jssc_2021_1v0.json", 64, 16, true);
  fitted(m, "GOPS @1.0 V (clock)", hi.tops * 1e3, 455.1);
  fitted(m, "TOPS/mm^2 @1.0 V", hi.topsPerMm2, 0.4551 / 2556e-6);
  // Known miss (docs/energy.md): Table I falls only 351 -> 321 TOPS/W from
  // 0.8 to 1.0 V at output 6, far flatter than C V^2 (and than CiMLoop's
  // V^1.7): the model predicts 351 / 1.5625 = 224.6, -30 %.
  check(m, "TOPS/W @1.0 V", hi.topsPerW, 321, -0.32, -0.28);
}
