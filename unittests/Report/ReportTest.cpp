//===- ReportTest.cpp - Network totals of the cycle report ----------------===//
//
// The report (cim-sim, cim-opt --cim-report) takes its network totals from
// networkTotal(), the function the search's mapNetwork uses, so both name
// the same bounding term: the term with the most bounded cycles summed over
// the layers, not the bound of the layers with the most cycles.
//
//===----------------------------------------------------------------------===//

#include "cim/Report/Report.h"

#include "gtest/gtest.h"

using namespace cim;

namespace {

CostBreakdown
layerCost(CostTerm bound,
          std::initializer_list<std::pair<CostTerm, int64_t>> boundedCycles) {
  CostBreakdown c;
  for (auto [term, cycles] : boundedCycles) {
    c.boundedCycles[static_cast<int>(term)] = cycles;
    c.cycles += cycles;
  }
  c.bound = bound;
  return c;
}

// a: compute 60 + program 50 = 110 cycles, bound compute;
// b: dram 45 + compute 40 = 85, bound dram; c: dram 35 + compute 30 = 65,
// bound dram. Per term over the network: compute 130, dram 80, program 50,
// so compute. Giving each layer's cycles to its own bound would say dram
// (85 + 65 = 150 against 110).
NetworkReport threeLayerNetwork() {
  NetworkReport net;
  net.function = "f";
  net.hardware = "h";
  net.layers.push_back(
      {"a",
       LayerKind::Conv,
       {},
       layerCost(CostTerm::Compute,
                 {{CostTerm::Compute, 60}, {CostTerm::Program, 50}})});
  net.layers.push_back({"b",
                        LayerKind::Conv,
                        {},
                        layerCost(CostTerm::Dram, {{CostTerm::Dram, 45},
                                                   {CostTerm::Compute, 40}})});
  net.layers.push_back({"c",
                        LayerKind::Conv,
                        {},
                        layerCost(CostTerm::Dram, {{CostTerm::Dram, 35},
                                                   {CostTerm::Compute, 30}})});
  return net;
}

TEST(Report, NetworkBoundIsTheTermWithTheMostBoundedCycles) {
  NetworkReport net = threeLayerNetwork();
  CostBreakdown total = net.total();
  EXPECT_EQ(total.cycles, 110 + 85 + 65);
  EXPECT_EQ(total.boundedCycles[static_cast<int>(CostTerm::Compute)], 130);
  EXPECT_EQ(total.boundedCycles[static_cast<int>(CostTerm::Dram)], 80);
  EXPECT_EQ(total.boundedCycles[static_cast<int>(CostTerm::Program)], 50);
  EXPECT_EQ(total.bound, CostTerm::Compute);

  std::vector<CostBreakdown> costs;
  for (const LayerReport &l : net.layers)
    costs.push_back(l.cost);
  CostBreakdown search = networkTotal(costs);
  EXPECT_EQ(search.bound, total.bound);
  EXPECT_EQ(search.boundedCycles, total.boundedCycles);
}

TEST(Report, JsonCarriesTheBoundedCyclesOfEveryTerm) {
  llvm::json::Value json = reportToJson({threeLayerNetwork()});
  const llvm::json::Object *network =
      json.getAsObject()->getArray("networks")->front().getAsObject();
  EXPECT_EQ(network->getString("bound"), "compute");
  const llvm::json::Object *bounded = network->getObject("bounded_cycles");
  ASSERT_NE(bounded, nullptr);
  EXPECT_EQ(bounded->size(), static_cast<size_t>(kNumCostTerms));
  EXPECT_EQ(bounded->getInteger("compute"), 130);
  EXPECT_EQ(bounded->getInteger("dram"), 80);
  EXPECT_EQ(bounded->getInteger("program"), 50);
  EXPECT_EQ(bounded->getInteger("gb"), 0);
  const llvm::json::Object *layerC =
      network->getArray("layers")->back().getAsObject();
  EXPECT_EQ(layerC->getString("bound"), "dram");
  EXPECT_EQ(layerC->getObject("bounded_cycles")->getInteger("dram"), 35);
}

} // namespace
