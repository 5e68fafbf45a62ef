//===- TestUtil.h - Helpers for the workload IR unit tests ----*- C++ -*-===//

#ifndef CIM_UNITTESTS_WORKLOADIR_TESTUTIL_H
#define CIM_UNITTESTS_WORKLOADIR_TESTUTIL_H

#include "cim/CostModel/LayerBuilder.h"
#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <sstream>
#include <string>

namespace cim {
namespace test {

using mlir::failed;
using mlir::FailureOr;
using mlir::succeeded;

/// A context with the workload dialects that records every diagnostic.
struct Harness {
  mlir::MLIRContext context;
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler;

  Harness()
      : handler(&context, [this](mlir::Diagnostic &diag) {
          llvm::raw_string_ostream os(diagnostics);
          os << diag << "\n";
          return mlir::success();
        }) {
    loadWorkloadDialects(context);
  }

  mlir::OwningOpRef<mlir::ModuleOp> parse(llvm::StringRef text) {
    return mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  }
};

inline mlir::func::FuncOp firstFunc(mlir::ModuleOp module) {
  for (mlir::func::FuncOp func : module.getOps<mlir::func::FuncOp>())
    return func;
  return nullptr;
}

/// Every field of a layer, for failure messages.
inline std::string describe(const Layer &l) {
  std::ostringstream os;
  os << l.name << " " << stringifyLayerKind(l.kind).str() << " b" << l.batch
     << " g" << l.groups << " m" << l.m << " k" << l.k << " n" << l.n << " img"
     << l.images << " in" << l.inChannels << "x" << l.in_h << "x" << l.in_w
     << " out" << l.outChannels << "x" << l.out_h << "x" << l.out_w << " ker"
     << l.kernelH << "x" << l.kernel_w << " s" << l.strideH << "x" << l.stride_w
     << " d" << l.dilationH << "x" << l.dilation_w << " pad" << l.padTop << ","
     << l.pad_left << "," << l.pad_bottom << "," << l.pad_right << " second "
     << l.secondInputElements << " work[";
  for (const VectorWork &w : l.vectorWork)
    os << stringifyVectorOp(w.op).str() << ":" << w.elements << " ";
  os << "] ops[";
  for (int o : l.operands)
    os << o << " ";
  os << "]";
  return os.str();
}

/// cim::LayerBuilder with the argument order these tests use (images
/// first, a list of fused ops) and the layer list as a member.
class LayerListBuilder {
public:
  /// A TensorRef that tests also spell {producer, images, channels, h, w}.
  struct Tensor : TensorRef {
    Tensor() = default;
    Tensor(const TensorRef &ref) : TensorRef(ref) {}
    Tensor(int producer, int64_t images, int64_t channels, int64_t h,
           int64_t w) {
      this->producer = producer;
      this->images = images;
      this->channels = channels;
      this->h = h;
      this->w = w;
    }
  };

  Workload workload;

  static Tensor input(int64_t images, int64_t channels, int64_t h, int64_t w) {
    return LayerBuilder::input(channels, h, w, images);
  }

  Tensor conv(std::string name, const Tensor &in, int64_t out, int64_t kernel,
              int64_t stride, int64_t groups, int64_t pad,
              std::vector<VectorOp> work, int64_t dilation = 1) {
    return layers.conv(std::move(name), in, out,
                       SquareWindow::symmetric(kernel, stride, pad, dilation),
                       groups, work);
  }

  Tensor matmul(std::string name, const Tensor &in, int64_t out,
                std::vector<VectorOp> work) {
    return layers.matmul(std::move(name), in, out, work);
  }

  Tensor batchMatmul(std::string name, const Tensor &lhs, const Tensor &rhs,
                     int64_t batch, int64_t m, int64_t k, int64_t n,
                     std::vector<VectorOp> work) {
    return layers.batchMatmul(std::move(name), lhs, rhs, batch, m, k, n, work);
  }

  Tensor vector(std::string name, VectorOp op, const Tensor &in, Tensor out,
                int64_t elements, const Tensor *second = nullptr) {
    return layers.vector(std::move(name), {{op, elements}}, in, out, second);
  }

  Tensor pool(std::string name, VectorOp op, const Tensor &in, int64_t kernel,
              int64_t stride, int64_t padBegin, int64_t padEnd) {
    return layers.pool(std::move(name), {op, in.elements()}, in,
                       SquareWindow{kernel, stride, padBegin, padEnd});
  }

  /// Element-wise work appended to the last layer (ReLU after an add).
  void fuseIntoLast(VectorOp op) { layers.fuseIntoLast(op); }

private:
  LayerBuilder layers{workload};
};

/// Layer-by-layer comparison of everything the cost depends on, the
/// operands and the names; returns "" when equal.
inline std::string compareWorkloads(const Workload &expected,
                                    const Workload &actual) {
  std::ostringstream os;
  if (expected.layers.size() != actual.layers.size())
    os << "layer count " << actual.layers.size() << ", expected "
       << expected.layers.size() << "\n";
  size_t count = std::min(expected.layers.size(), actual.layers.size());
  for (size_t i = 0; i < count; ++i) {
    const Layer &a = expected.layers[i], &b = actual.layers[i];
    if (!sameSignature(a, b) || a.operands != b.operands || a.name != b.name)
      os << "layer " << i << "\n  expected " << describe(a) << "\n  actual   "
         << describe(b) << "\n";
  }
  if (expected.macs() != actual.macs())
    os << "MACs " << actual.macs() << ", expected " << expected.macs() << "\n";
  return os.str();
}

} // namespace test
} // namespace cim

#endif // CIM_UNITTESTS_WORKLOADIR_TESTUTIL_H
