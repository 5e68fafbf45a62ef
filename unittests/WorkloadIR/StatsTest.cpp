//===- StatsTest.cpp - cim-workload-stats through a PassManager ---------===//
//
// Runs the pass on the hand-written modules of test/WorkloadIR/Inputs and
// checks its JSON and text output against numbers worked out by hand.
//
//===----------------------------------------------------------------------===//

#include "TestPaths.h"
#include "TestUtil.h"

#include "cim/WorkloadIR/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {

std::string readFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

struct StatsRun {
  bool succeeded = false;
  std::string output;
  std::string diagnostics;
};

StatsRun runStats(llvm::StringRef input, bool json,
                  std::string outputPath = "") {
  StatsRun run;
  Harness h;
  auto module = h.parse(
      readFile(testSourcePath("test/WorkloadIR/Inputs/") + input.str()));
  if (!module) {
    run.diagnostics = h.diagnostics;
    return run;
  }
  llvm::SmallString<128> temp;
  bool ownTemp = outputPath.empty();
  if (ownTemp) {
    if (llvm::sys::fs::createTemporaryFile("cim-workload-stats", "out", temp))
      return run;
    outputPath = temp.str().str();
  }
  mlir::PassManager pm(&h.context);
  CimWorkloadStatsOptions options;
  options.json = json;
  options.output = outputPath;
  pm.addPass(createCimWorkloadStats(options));
  run.succeeded = mlir::succeeded(pm.run(*module));
  run.output = readFile(outputPath);
  run.diagnostics = h.diagnostics;
  if (ownTemp)
    llvm::sys::fs::remove(outputPath);
  return run;
}

int64_t intAt(const llvm::json::Object *object, llvm::StringRef key) {
  if (!object)
    return -1;
  std::optional<int64_t> value = object->getInteger(key);
  return value ? *value : -1;
}

TEST(StatsTest, JsonRowsAndTotalsForConvBiasRelu) {
  StatsRun run = runStats("conv_bias_relu.mlir", /*json=*/true);
  ASSERT_TRUE(run.succeeded) << run.diagnostics;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(run.output);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Array *functions =
      parsed->getAsObject()->getArray("functions");
  ASSERT_TRUE(functions && functions->size() == 1u);
  const llvm::json::Object *f = (*functions)[0].getAsObject();
  EXPECT_EQ(f->getString("name"),
            std::optional<llvm::StringRef>("conv_bias_relu"));
  const llvm::json::Array *ops = f->getArray("ops");
  ASSERT_TRUE(ops && ops->size() == 3u);
  // conv: 64*27*4 MACs; weights 4*3*3*3 f32; reads the padded 1x3x10x10
  // input; writes 1x4x8x8.
  const llvm::json::Object *conv = (*ops)[0].getAsObject();
  EXPECT_EQ(conv->getString("kind"), std::optional<llvm::StringRef>("conv"));
  EXPECT_EQ(conv->getString("op"),
            std::optional<llvm::StringRef>("linalg.conv_2d_nchw_fchw"));
  EXPECT_EQ(conv->getString("role"), std::optional<llvm::StringRef>("layer"));
  EXPECT_EQ(intAt(conv, "macs"), 6912);
  EXPECT_EQ(intAt(conv, "weight_bytes"), 432);
  EXPECT_EQ(intAt(conv, "act_in_bytes"), 1200);
  EXPECT_EQ(intAt(conv, "act_out_bytes"), 1024);
  // bias: 4 f32 of weights; reads and writes 256 f32.
  const llvm::json::Object *bias = (*ops)[1].getAsObject();
  EXPECT_EQ(bias->getString("kind"), std::optional<llvm::StringRef>("bias"));
  EXPECT_EQ(bias->getString("role"), std::optional<llvm::StringRef>("fused"));
  EXPECT_EQ(intAt(bias, "layer"), 0);
  EXPECT_EQ(intAt(bias, "macs"), 0);
  EXPECT_EQ(intAt(bias, "weight_bytes"), 16);
  EXPECT_EQ(intAt(bias, "act_in_bytes"), 1024);
  EXPECT_EQ(intAt(bias, "act_out_bytes"), 1024);
  const llvm::json::Object *relu = (*ops)[2].getAsObject();
  EXPECT_EQ(intAt(relu, "weight_bytes"), 0);
  EXPECT_EQ(intAt(relu, "act_in_bytes"), 1024);
  const llvm::json::Object *total = f->getObject("total");
  EXPECT_EQ(intAt(total, "macs"), 6912);
  EXPECT_EQ(intAt(total, "weight_bytes"), 432 + 16);
  EXPECT_EQ(intAt(total, "act_in_bytes"), 1200 + 1024 + 1024);
  EXPECT_EQ(intAt(total, "act_out_bytes"), 3 * 1024);
}

TEST(StatsTest, TextTotalLineForSqueezeExcitation) {
  StatsRun run = runStats("se_residual.mlir", /*json=*/false);
  ASSERT_TRUE(run.succeeded) << run.diagnostics;
  // MACs 8*2 + 2*8. Weights (16 + 16) f32. Reads: pool 128, reduce 8,
  // relu 2, expand 2, hard_sigmoid 8, mul 128+8, add 128+128, relu 128
  // = 668 f32; writes: 8 + 2 + 2 + 8 + 8 + 128 * 3 = 412 f32.
  EXPECT_NE(run.output.find("total @se_residual: macs 32 weight_bytes 128 "
                            "act_in_bytes 2672 act_out_bytes 1648"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("cim-workload-stats @se_residual: 5 layers"),
            std::string::npos);
}

TEST(StatsTest, UnwritableOutputIsAnError) {
  StatsRun run = runStats("se_residual.mlir", /*json=*/false,
                          "/nonexistent-directory/stats.txt");
  EXPECT_FALSE(run.succeeded);
  EXPECT_NE(run.diagnostics.find("cim-workload-stats: cannot open output file "
                                 "'/nonexistent-directory/stats.txt'"),
            std::string::npos)
      << run.diagnostics;
}

} // namespace
