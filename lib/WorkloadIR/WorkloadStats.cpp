//===- WorkloadStats.cpp - cim-workload-stats pass ---------------------===//
//
// One row per compute op of every function (layer anchors and the ops fused
// into them) with MACs, weight bytes and activation bytes, as a text table
// or JSON. Rows come from extractWorkload, so the numbers are the ones the
// cost model sees.
//
//===----------------------------------------------------------------------===//

#include "cim/WorkloadIR/Passes.h"
#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace cim {
#define GEN_PASS_DEF_CIMWORKLOADSTATS
#include "cim/WorkloadIR/Passes.h.inc"
} // namespace cim

using namespace mlir;

namespace cim {
namespace {

enum class TensorRole { Weight, Init, Activation };

/// What a tensor operand is: a weight (from arith.constant), an init
/// (tensor.empty / linalg.fill) or an activation, looking through
/// data-movement ops with a single data input.
TensorRole roleOf(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<arith::ConstantOp>(def))
      return TensorRole::Weight;
    if (isa<tensor::EmptyOp, linalg::FillOp>(def))
      return TensorRole::Init;
    if (def->hasAttr(kVectorOpAttrName))
      return TensorRole::Activation;
    if (auto pad = dyn_cast<tensor::PadOp>(def))
      v = pad.getSource();
    else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def))
      v = collapse.getSrc();
    else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
      v = expand.getSrc();
    else if (auto reshape = dyn_cast<tensor::ReshapeOp>(def))
      v = reshape.getSource();
    else if (auto cast = dyn_cast<tensor::CastOp>(def))
      v = cast.getSource();
    else if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def))
      v = slice.getSource();
    else if (auto transpose = dyn_cast<linalg::TransposeOp>(def))
      v = transpose.getInput();
    else if (auto broadcast = dyn_cast<linalg::BroadcastOp>(def))
      v = broadcast.getInput();
    else
      return TensorRole::Activation;
  }
  return TensorRole::Activation;
}

struct OpRow {
  int layer = 0;
  bool anchor = true;
  std::string op, name, kind;
  int64_t macs = 0, weightBytes = 0, actInBytes = 0, actOutBytes = 0;
};

struct FunctionStats {
  std::string name;
  int layers = 0;
  std::vector<OpRow> rows;
  int64_t macs = 0, weightBytes = 0, actInBytes = 0, actOutBytes = 0;
};

/// Bytes of a static tensor at its element type (sub-byte types round up).
FailureOr<int64_t> bytesOf(Operation *op, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 0;
  Type element = tensor.getElementType();
  if (!element.isIntOrIndexOrFloat() || element.isIndex())
    return op->emitError() << "cannot size tensor element type " << element
                           << " (expected an integer or float type)";
  int64_t bits = tensor.getNumElements() *
                 static_cast<int64_t>(element.getIntOrFloatBitWidth());
  return (bits + 7) / 8;
}

FailureOr<OpRow> rowFor(Operation *op) {
  OpRow row;
  row.op = op->getName().getStringRef().str();
  llvm::SmallVector<Value> seen;
  for (OpOperand &operand : op->getOpOperands()) {
    Value v = operand.get();
    if (!isa<TensorType>(v.getType()) || llvm::is_contained(seen, v))
      continue;
    seen.push_back(v);
    TensorRole role = roleOf(v);
    if (role == TensorRole::Init)
      continue;
    // Computed inits (in-place updates) are read like inputs.
    FailureOr<int64_t> bytes = bytesOf(op, v.getType());
    if (failed(bytes))
      return failure();
    if (role == TensorRole::Weight)
      row.weightBytes += *bytes;
    else
      row.actInBytes += *bytes;
  }
  for (Type type : op->getResultTypes()) {
    FailureOr<int64_t> bytes = bytesOf(op, type);
    if (failed(bytes))
      return failure();
    row.actOutBytes += *bytes;
  }
  return row;
}

class CimWorkloadStats : public impl::CimWorkloadStatsBase<CimWorkloadStats> {
public:
  using impl::CimWorkloadStatsBase<CimWorkloadStats>::CimWorkloadStatsBase;

  void runOnOperation() override {
    std::vector<FunctionStats> functions;
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      FailureOr<ExtractedWorkload> extracted = extractWorkload(func);
      if (failed(extracted))
        return signalPassFailure();
      FunctionStats stats;
      stats.name = func.getSymName().str();
      stats.layers = static_cast<int>(extracted->workload.layers.size());
      for (size_t i = 0; i < extracted->anchors.size(); ++i) {
        const Layer &layer = extracted->workload.layers[i];
        llvm::SmallVector<Operation *> ops{extracted->anchors[i]};
        ops.append(extracted->fused[i].begin(), extracted->fused[i].end());
        for (size_t j = 0; j < ops.size(); ++j) {
          Operation *op = ops[j];
          bool anchor = j == 0;
          FailureOr<OpRow> row = rowFor(op);
          if (failed(row))
            return signalPassFailure();
          row->layer = static_cast<int>(i);
          row->anchor = anchor;
          row->name = layer.name;
          if (!anchor)
            row->kind =
                stringifyVectorOp(extracted->fusedKinds[i][j - 1]).str();
          else if (layer.isGemm())
            row->kind = stringifyLayerKind(layer.kind).str();
          else
            row->kind = stringifyVectorOp(layer.vectorWork.front().op).str();
          row->macs = anchor ? layer.macs() : 0;
          stats.macs += row->macs;
          stats.weightBytes += row->weightBytes;
          stats.actInBytes += row->actInBytes;
          stats.actOutBytes += row->actOutBytes;
          stats.rows.push_back(std::move(*row));
        }
      }
      functions.push_back(std::move(stats));
    }

    std::error_code error;
    std::unique_ptr<llvm::raw_fd_ostream> file;
    llvm::raw_ostream *os = &llvm::outs();
    if (output != "-") {
      file = std::make_unique<llvm::raw_fd_ostream>(output, error,
                                                    llvm::sys::fs::OF_Text);
      if (error) {
        getOperation().emitError()
            << "cim-workload-stats: cannot open output file '" << output
            << "': " << error.message();
        return signalPassFailure();
      }
      os = file.get();
    }
    if (json)
      printJson(*os, functions);
    else
      printTable(*os, functions);
    os->flush();
    markAllAnalysesPreserved();
  }

private:
  static void printTable(llvm::raw_ostream &os,
                         const std::vector<FunctionStats> &functions) {
    for (const FunctionStats &f : functions) {
      os << "cim-workload-stats @" << f.name << ": " << f.layers
         << " layers (MACs count conv + matmul + batch_matmul)\n";
      os << llvm::formatv("{0,5} {1,5} {2,-6} {3,-32} {4,-15} {5,-24} {6,14} "
                          "{7,14} {8,14} {9,14}\n",
                          "row", "layer", "role", "op", "kind", "name", "macs",
                          "weight_bytes", "act_in_bytes", "act_out_bytes");
      for (size_t r = 0; r < f.rows.size(); ++r) {
        const OpRow &row = f.rows[r];
        os << llvm::formatv("{0,5} {1,5} {2,-6} {3,-32} {4,-15} {5,-24} "
                            "{6,14} {7,14} {8,14} {9,14}\n",
                            r, row.layer, row.anchor ? "layer" : "fused",
                            row.op, row.kind, row.name, row.macs,
                            row.weightBytes, row.actInBytes, row.actOutBytes);
      }
      os << llvm::formatv("total @{0}: macs {1} weight_bytes {2} "
                          "act_in_bytes {3} act_out_bytes {4}\n",
                          f.name, f.macs, f.weightBytes, f.actInBytes,
                          f.actOutBytes);
    }
  }

  static void printJson(llvm::raw_ostream &os,
                        const std::vector<FunctionStats> &functions) {
    llvm::json::Array list;
    for (const FunctionStats &f : functions) {
      llvm::json::Array rows;
      for (const OpRow &row : f.rows)
        rows.push_back(
            llvm::json::Object{{"layer", row.layer},
                               {"role", row.anchor ? "layer" : "fused"},
                               {"op", row.op},
                               {"kind", row.kind},
                               {"name", row.name},
                               {"macs", row.macs},
                               {"weight_bytes", row.weightBytes},
                               {"act_in_bytes", row.actInBytes},
                               {"act_out_bytes", row.actOutBytes}});
      list.push_back(llvm::json::Object{
          {"name", f.name},
          {"layers", f.layers},
          {"ops", std::move(rows)},
          {"total", llvm::json::Object{{"macs", f.macs},
                                       {"weight_bytes", f.weightBytes},
                                       {"act_in_bytes", f.actInBytes},
                                       {"act_out_bytes", f.actOutBytes}}}});
    }
    llvm::json::Value root(
        llvm::json::Object{{"macs_convention", "conv + matmul + batch_matmul"},
                           {"functions", std::move(list)}});
    os << llvm::formatv("{0:2}", root) << "\n";
  }
};

} // namespace
} // namespace cim
