//===- TestUtil.h - Helpers for the workload IR unit tests ----*- C++ -*-===//

#ifndef CIM_UNITTESTS_WORKLOADIR_TESTUTIL_H
#define CIM_UNITTESTS_WORKLOADIR_TESTUTIL_H

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
     << l.images << " in" << l.in_channels << "x" << l.in_h << "x" << l.in_w
     << " out" << l.out_channels << "x" << l.out_h << "x" << l.out_w << " ker"
     << l.kernel_h << "x" << l.kernel_w << " s" << l.stride_h << "x"
     << l.stride_w << " d" << l.dilation_h << "x" << l.dilation_w << " pad"
     << l.pad_top << "," << l.pad_left << "," << l.pad_bottom << ","
     << l.pad_right << " second " << l.second_input_elements << " work[";
  for (const VectorWork &w : l.vector_work)
    os << stringifyVectorOp(w.op).str() << ":" << w.elements << " ";
  os << "] ops[";
  for (int o : l.operands)
    os << o << " ";
  os << "]";
  return os.str();
}

/// Appends layers the way the supernet generators do: each layer's input
/// geometry is its producer's output; vector layers take `images` from their
/// output.
class LayerListBuilder {
public:
  struct Tensor {
    int producer = -1;
    int64_t images = 1, channels = 0, h = 1, w = 1;
    int64_t elements() const { return images * channels * h * w; }
  };

  Workload workload;

  static Tensor input(int64_t images, int64_t channels, int64_t h, int64_t w) {
    return Tensor{-1, images, channels, h, w};
  }

  Tensor conv(std::string name, const Tensor &in, int64_t out, int64_t kernel,
              int64_t stride, int64_t groups, int64_t pad,
              std::vector<VectorOp> work, int64_t dilation = 1) {
    Layer l = begin(std::move(name), LayerKind::Conv, in);
    int64_t span = dilation * (kernel - 1) + 1;
    l.out_h = (in.h + 2 * pad - span) / stride + 1;
    l.out_w = (in.w + 2 * pad - span) / stride + 1;
    l.groups = groups;
    l.m = in.images * l.out_h * l.out_w;
    l.k = in.channels / groups * kernel * kernel;
    l.n = out / groups;
    l.out_channels = out;
    l.kernel_h = l.kernel_w = kernel;
    l.stride_h = l.stride_w = stride;
    l.dilation_h = l.dilation_w = dilation;
    l.pad_top = l.pad_left = l.pad_bottom = l.pad_right = pad;
    return finish(std::move(l), work);
  }

  Tensor matmul(std::string name, const Tensor &in, int64_t out,
                std::vector<VectorOp> work) {
    Layer l = begin(std::move(name), LayerKind::Matmul, in);
    l.m = in.images;
    l.k = in.channels * in.h * in.w;
    l.n = out;
    l.out_channels = out;
    return finish(std::move(l), work);
  }

  Tensor batchMatmul(std::string name, const Tensor &lhs, const Tensor &rhs,
                     int64_t batch, int64_t m, int64_t k, int64_t n,
                     std::vector<VectorOp> work) {
    Layer l = begin(std::move(name), LayerKind::BatchMatmul, lhs);
    l.batch = batch;
    l.m = m;
    l.k = k;
    l.n = n;
    l.out_channels = batch * n;
    l.operands.push_back(rhs.producer);
    return finish(std::move(l), work);
  }

  Tensor vector(std::string name, VectorOp op, const Tensor &in, Tensor out,
                int64_t elements, const Tensor *second = nullptr) {
    Layer l = begin(std::move(name), LayerKind::Vector, in);
    l.images = out.images;
    l.out_channels = out.channels;
    l.out_h = out.h;
    l.out_w = out.w;
    if (second) {
      l.operands.push_back(second->producer);
      l.second_input_elements = second->elements();
    }
    l.vector_work.push_back({op, elements});
    return finish(std::move(l), {});
  }

  Tensor pool(std::string name, VectorOp op, const Tensor &in, int64_t kernel,
              int64_t stride, int64_t padBegin, int64_t padEnd) {
    Layer l = begin(std::move(name), LayerKind::Vector, in);
    l.out_channels = in.channels;
    l.out_h = (in.h + padBegin + padEnd - kernel) / stride + 1;
    l.out_w = (in.w + padBegin + padEnd - kernel) / stride + 1;
    l.kernel_h = l.kernel_w = kernel;
    l.stride_h = l.stride_w = stride;
    l.pad_top = l.pad_left = padBegin;
    l.pad_bottom = l.pad_right = padEnd;
    l.vector_work.push_back({op, in.elements()});
    return finish(std::move(l), {});
  }

  /// Element-wise work appended to the last layer (ReLU after an add).
  void fuseIntoLast(VectorOp op) {
    Layer &last = workload.layers.back();
    last.vector_work.push_back({op, last.outputElements()});
  }

private:
  static Layer begin(std::string name, LayerKind kind, const Tensor &in) {
    Layer l;
    l.name = std::move(name);
    l.kind = kind;
    l.images = in.images;
    l.in_channels = in.channels;
    l.in_h = in.h;
    l.in_w = in.w;
    l.operands.push_back(in.producer);
    return l;
  }

  Tensor finish(Layer l, const std::vector<VectorOp> &work) {
    for (VectorOp op : work)
      l.vector_work.push_back({op, l.outputElements()});
    Tensor out{static_cast<int>(workload.layers.size()), l.images,
               l.out_channels, l.out_h, l.out_w};
    workload.layers.push_back(std::move(l));
    return out;
  }
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
