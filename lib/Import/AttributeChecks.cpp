//===- AttributeChecks.cpp - Node attributes checked before libonnx -------===//
//
// ONNX's shape inference divides by strides and groups without checking
// them (a Conv with strides=[0,0] dies with SIGFPE inside libonnx), and a
// pad of 2^40 makes every later size meaningless. These checks run on the
// whole graph before onnx::shape_inference::InferShapes, so such a model is
// an error naming the node and the attribute. The limits are in
// cim/Import/OnnxImporter.h and docs/reliability.md.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"
#include "OnnxModelChecks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace cim;
using namespace cim::onnx_import;

namespace {
/// The attributes of one node, with errors naming it.
class NodeAttributes {
public:
  NodeAttributes(const onnx::NodeProto &node, int index)
      : node(node),
        prefix("node '" + OnnxGraphImporter::nodeDisplayName(node, index) +
               "' (" + node.op_type() + "): ") {}

  Error error(const Twine &msg) const { return makeError(prefix + msg); }

  const onnx::AttributeProto *find(StringRef name) const {
    for (const onnx::AttributeProto &a : node.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }

  /// Every entry of the ints attribute `name` (when present) in lo..hi.
  Expected<SmallVector<int64_t>> ints(StringRef name, int64_t lo,
                                      int64_t hi) const {
    SmallVector<int64_t> values;
    const onnx::AttributeProto *a = find(name);
    if (!a)
      return values;
    for (auto [i, v] : llvm::enumerate(a->ints())) {
      if (v < lo || v > hi)
        return error("attribute '" + name + "' entry " + Twine(i) + " is " +
                     Twine(v) + "; expected " + Twine(lo) + ".." + Twine(hi));
      values.push_back(v);
    }
    return values;
  }

  /// The int attribute `name` (when present) in lo..hi.
  Error intIn(StringRef name, int64_t lo, int64_t hi) const {
    const onnx::AttributeProto *a = find(name);
    if (a && (a->i() < lo || a->i() > hi))
      return error("attribute '" + name + "' is " + Twine(a->i()) +
                   "; expected " + Twine(lo) + ".." + Twine(hi));
    return Error::success();
  }

  const onnx::NodeProto &node;

private:
  std::string prefix;
};
} // namespace

/// Conv, MaxPool and AveragePool: window sizes, strides, dilations and pads
/// in range and of matching lengths; pools need each pad smaller than the
/// (dilated) window, or a window covering only padding has no taps (a zero
/// divisor in AveragePool, -inf in MaxPool).
static Error checkWindowAttributes(const NodeAttributes &a, bool isPool) {
  auto kernel = a.ints("kernel_shape", 1, kMaxWindowAttr);
  if (!kernel)
    return kernel.takeError();
  auto strides = a.ints("strides", 1, kMaxWindowAttr);
  if (!strides)
    return strides.takeError();
  auto dilations = a.ints("dilations", 1, kMaxWindowAttr);
  if (!dilations)
    return dilations.takeError();
  auto pads = a.ints("pads", 0, kMaxPadAttr);
  if (!pads)
    return pads.takeError();
  if (!isPool)
    if (Error err = a.intIn("group", 1, kMaxDimSize))
      return err;
  if (isPool && !a.find("kernel_shape"))
    return a.error("attribute 'kernel_shape' is required");
  size_t rank = kernel->size();
  if (rank == 0)
    return Error::success(); // Conv: the window comes from the weight
  auto sizeIs = [&](StringRef name, const SmallVector<int64_t> &v,
                    size_t expected) -> Error {
    if (a.find(name) && v.size() != expected)
      return a.error("attribute '" + name + "' has " + Twine(v.size()) +
                     " entries; expected " + Twine(expected) +
                     " for a kernel of rank " + Twine(rank));
    return Error::success();
  };
  if (Error err = sizeIs("strides", *strides, rank))
    return err;
  if (Error err = sizeIs("dilations", *dilations, rank))
    return err;
  if (Error err = sizeIs("pads", *pads, 2 * rank))
    return err;
  if (!isPool || pads->empty())
    return Error::success();
  for (size_t i = 0; i < 2 * rank; ++i) {
    size_t axis = i % rank;
    int64_t dilation = dilations->empty() ? 1 : (*dilations)[axis];
    int64_t window = ((*kernel)[axis] - 1) * dilation + 1;
    if ((*pads)[i] >= window)
      return a.error("attribute 'pads' entry " + Twine(i) + " is " +
                     Twine((*pads)[i]) +
                     "; a pool's pad must be smaller than "
                     "its window (" +
                     Twine(window) + " on axis " + Twine(axis) + ")");
  }
  return Error::success();
}

std::optional<std::string>
cim::onnx_import::tensorSizeProblem(ArrayRef<int64_t> shape,
                                    int64_t maxElements) {
  int64_t elements = 1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d < 0 || d > kMaxDimSize)
      return ("has dimension " + Twine(i) + " of " + Twine(d) +
              "; expected 0.." + Twine(kMaxDimSize))
          .str();
    // elements <= maxElements <= 2^32 and d <= 2^20: no overflow.
    elements *= d;
    if (elements > maxElements)
      return ("has more than " + Twine(maxElements) + " elements (shape " +
              shapeString(shape) + ")")
          .str();
  }
  return std::nullopt;
}

/// Adds the shape of each tensor-typed value with a shape in `values`.
static void
addShapes(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> &values,
          llvm::StringMap<SmallVector<int64_t>> &shapes) {
  for (const onnx::ValueInfoProto &v : values) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
      continue;
    SmallVector<int64_t> &dims = shapes[v.name()];
    dims.clear();
    for (const auto &d : v.type().tensor_type().shape().dim())
      dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
  }
}

/// The shapes known before shape inference: graph inputs with a static
/// shape and initializers. -1 for a dimension without a value.
static llvm::StringMap<SmallVector<int64_t>>
knownShapes(const onnx::GraphProto &graph) {
  llvm::StringMap<SmallVector<int64_t>> shapes;
  addShapes(graph.input(), shapes);
  for (const onnx::TensorProto &t : graph.initializer())
    shapes[t.name()] = SmallVector<int64_t>(t.dims().begin(), t.dims().end());
  return shapes;
}

/// libonnx's Conv shape inference takes the window from the weight's shape
/// when `kernel_shape` is absent and then indexes the per-axis vectors it
/// sized by the input's rank (dilations, pads) with it unchecked: an
/// out-of-bounds read when the weight has more spatial axes than the input
/// (found by fuzz/OnnxImportFuzzer.cpp). A rank mismatch of two known
/// shapes is an error here; otherwise the weight's window becomes the
/// `kernel_shape` attribute (what the spec says it defaults to), which
/// libonnx checks against the input's rank even when only inference knows
/// that rank.
static Error
checkConvRanks(onnx::NodeProto &node, int index,
               const llvm::StringMap<SmallVector<int64_t>> &shapes) {
  if (node.input_size() < 2)
    return Error::success(); // the ONNX checker names the missing input
  auto x = shapes.find(node.input(0));
  auto w = shapes.find(node.input(1));
  NodeAttributes a(node, index);
  if (w != shapes.end() && w->second.size() < 3)
    return a.error("weight '" + node.input(1) + "' has rank " +
                   Twine(w->second.size()) +
                   "; expected at least 3 (out, in / group, window...)");
  if (x != shapes.end() && w != shapes.end() &&
      x->second.size() != w->second.size())
    return a.error("input '" + node.input(0) + "' has rank " +
                   Twine(x->second.size()) + " but weight '" + node.input(1) +
                   "' has rank " + Twine(w->second.size()) +
                   "; expected equal ranks");
  if (a.find("kernel_shape") || w == shapes.end())
    return Error::success();
  ArrayRef<int64_t> window = ArrayRef<int64_t>(w->second).drop_front(2);
  if (llvm::any_of(window, [](int64_t d) { return d < 0; }))
    return Error::success(); // libonnx infers nothing from an unknown dim
  onnx::AttributeProto *attr = node.add_attribute();
  attr->set_name("kernel_shape");
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t d : window)
    attr->add_ints(d);
  return Error::success();
}

Error cim::onnx_import::checkGraphStructure(onnx::GraphProto &graph) {
  if (graph.node_size() == 0)
    return makeError("graph '" + graph.name() + "' has no nodes");
  if (graph.output_size() == 0)
    return makeError("graph '" + graph.name() + "' declares no outputs");
  llvm::StringMap<SmallVector<int64_t>> shapes = knownShapes(graph);
  for (auto [i, n] : llvm::enumerate(*graph.mutable_node())) {
    if (n.op_type() == "Conv")
      if (Error err = checkConvRanks(n, i, shapes))
        return err;
    NodeAttributes a(n, i);
    StringRef op = n.op_type();
    if (op == "Conv" || op == "MaxPool" || op == "AveragePool")
      if (Error err = checkWindowAttributes(a, op != "Conv"))
        return err;
    if (op == "Split")
      if (auto sizes = a.ints("split", 0, kMaxDimSize); !sizes)
        return sizes.takeError();
  }
  return Error::success();
}

/// A Conv whose window libonnx would take from a weight of unknown shape.
static bool windowFromUnknownWeight(
    const onnx::NodeProto &node,
    const llvm::StringMap<SmallVector<int64_t>> &shapes) {
  if (node.op_type() != "Conv" || node.input_size() < 2 ||
      shapes.count(node.input(1)))
    return false;
  return llvm::none_of(node.attribute(), [](const onnx::AttributeProto &a) {
    return a.name() == "kernel_shape";
  });
}

Error cim::onnx_import::checkConvWeightsFromNodes(onnx::ModelProto &model) {
  onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringMap<SmallVector<int64_t>> shapes = knownShapes(graph);
  SmallVector<int> pending;
  for (auto [i, n] : llvm::enumerate(graph.node()))
    if (windowFromUnknownWeight(n, shapes))
      pending.push_back(static_cast<int>(i));
  if (pending.empty())
    return Error::success();
  onnx::ModelProto probe = model;
  for (int i : llvm::reverse(pending))
    probe.mutable_graph()->mutable_node()->DeleteSubrange(i, 1);
  probe.mutable_graph()->clear_value_info();
  inferOnnxShapesLeniently(probe);
  addShapes(probe.graph().value_info(), shapes);
  for (int i : pending) {
    onnx::NodeProto &n = *graph.mutable_node(i);
    if (!shapes.count(n.input(1)))
      return NodeAttributes(n, i).error(
          "the shape of weight '" + n.input(1) +
          "' is not known before shape inference; give the node a "
          "'kernel_shape' attribute");
    if (Error err = checkConvRanks(n, i, shapes))
      return err;
  }
  return Error::success();
}
