//===- OnnxImporterTest.cpp - ONNX import through the C++ API -------------===//

#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Import/OnnxImporter.h"

#include "onnx/onnx_pb.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

void addTensorValueInfo(onnx::ValueInfoProto *vi, const std::string &name,
                        std::initializer_list<int64_t> dims) {
  vi->set_name(name);
  auto *tensor = vi->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

/// x[2,4] -> Gemm(x, W[4,5] ones, transB=0) -> Relu -> y[2,5]
std::string gemmReluModel(int64_t opset) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  auto *op = model.add_opset_import();
  op->set_domain("");
  op->set_version(opset);
  onnx::GraphProto *g = model.mutable_graph();
  g->set_name("tiny-net");
  addTensorValueInfo(g->add_input(), "x", {2, 4});
  addTensorValueInfo(g->add_output(), "y", {2, 5});
  onnx::TensorProto *w = g->add_initializer();
  w->set_name("fc.weight");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(4);
  w->add_dims(5);
  for (int i = 0; i < 20; ++i)
    w->add_float_data(1.0f);
  onnx::NodeProto *gemm = g->add_node();
  gemm->set_op_type("Gemm");
  gemm->set_name("fc");
  gemm->add_input("x");
  gemm->add_input("fc.weight");
  gemm->add_output("h");
  onnx::NodeProto *relu = g->add_node();
  relu->set_op_type("Relu");
  relu->add_input("h");
  relu->add_output("y");
  return model.SerializeAsString();
}

struct ImportFixture : ::testing::Test {
  ImportFixture() {
    DialectRegistry registry;
    cim::registerOnnxImportDialects(registry);
    context.appendDialectRegistry(registry);
  }
  MLIRContext context;
};

} // namespace

TEST(InputShapeSpec, Parses) {
  auto spec = cim::parseInputShapeSpec("input=1x3x224x224");
  ASSERT_TRUE(static_cast<bool>(spec));
  EXPECT_EQ(spec->first, "input");
  EXPECT_EQ(spec->second, (llvm::SmallVector<int64_t, 4>{1, 3, 224, 224}));
  // The name may itself contain '='; the last one separates the dims.
  auto odd = cim::parseInputShapeSpec("a=b=7");
  ASSERT_TRUE(static_cast<bool>(odd));
  EXPECT_EQ(odd->first, "a=b");
}

TEST(InputShapeSpec, RejectsBadSpecs) {
  for (const char *bad :
       {"input", "=1x3", "input=", "input=1x0x3", "input=1x-3", "input=1xx3"}) {
    auto spec = cim::parseInputShapeSpec(bad);
    ASSERT_FALSE(static_cast<bool>(spec)) << bad;
    EXPECT_NE(llvm::toString(spec.takeError()).find("expected name="),
              std::string::npos);
  }
}

TEST_F(ImportFixture, GemmReluStructure) {
  cim::OnnxImportOptions options;
  std::string bytes = gemmReluModel(13);
  auto module = cim::importOnnxModel(bytes, "tiny.onnx", context, options);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  auto func = (*module)->lookupSymbol<func::FuncOp>("tiny_net");
  ASSERT_TRUE(func);
  EXPECT_EQ(func.getFunctionType().getInput(0),
            RankedTensorType::get({2, 4}, Float32Type::get(&context)));
  EXPECT_EQ(func.getFunctionType().getResult(0),
            RankedTensorType::get({2, 5}, Float32Type::get(&context)));
  int matmuls = 0;
  llvm::SmallVector<std::string> tags;
  func.walk([&](Operation *op) {
    if (isa<linalg::MatmulOp>(op))
      ++matmuls;
    // The importer writes typed #cim.vector_op tags (setVectorOpTag).
    FailureOr<std::optional<cim::VectorOp>> tag = cim::getVectorOpTag(op);
    if (succeeded(tag) && *tag)
      tags.push_back(cim::stringifyVectorOp(**tag).str());
  });
  EXPECT_EQ(matmuls, 1);
  EXPECT_EQ(tags, (llvm::SmallVector<std::string>{"relu"}));
  // 20 weight elements > 16: a dense_resource with a blob of 20 floats.
  bool sawWeight = false;
  func.walk([&](arith::ConstantOp c) {
    if (auto res = dyn_cast<DenseResourceElementsAttr>(c.getValue())) {
      sawWeight = true;
      ASSERT_NE(res.getRawHandle().getBlob(), nullptr);
      EXPECT_EQ(res.getRawHandle().getBlob()->getData().size(), 80u);
    }
  });
  EXPECT_TRUE(sawWeight);
}

TEST_F(ImportFixture, ElidedWeightsHaveNoBlob) {
  cim::OnnxImportOptions options;
  options.elideWeights = true;
  options.funcName = "net";
  std::string bytes = gemmReluModel(17);
  auto module = cim::importOnnxModel(bytes, "tiny.onnx", context, options);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  auto func = (*module)->lookupSymbol<func::FuncOp>("net");
  ASSERT_TRUE(func);
  int handles = 0;
  func.walk([&](arith::ConstantOp c) {
    if (auto res = dyn_cast<DenseResourceElementsAttr>(c.getValue())) {
      ++handles;
      EXPECT_EQ(res.getRawHandle().getBlob(), nullptr);
      EXPECT_EQ(res.getType().getShape(), (llvm::ArrayRef<int64_t>{4, 5}));
    }
  });
  EXPECT_EQ(handles, 1);
}

TEST_F(ImportFixture, OpsetOutOfRange) {
  cim::OnnxImportOptions options;
  for (int64_t opset : {6, 18}) {
    std::string bytes = gemmReluModel(opset);
    auto module = cim::importOnnxModel(bytes, "tiny.onnx", context, options);
    ASSERT_FALSE(static_cast<bool>(module));
    EXPECT_EQ(llvm::toString(module.takeError()),
              "tiny.onnx: model opset " + std::to_string(opset) +
                  " is outside the supported range 7..17");
  }
}

TEST_F(ImportFixture, TruncatedBytes) {
  cim::OnnxImportOptions options;
  std::string bytes = gemmReluModel(13);
  bytes.resize(bytes.size() / 2);
  auto module = cim::importOnnxModel(bytes, "cut.onnx", context, options);
  ASSERT_FALSE(static_cast<bool>(module));
  EXPECT_EQ(llvm::toString(module.takeError()),
            "cut.onnx: not a valid ONNX model (the protobuf is malformed or "
            "truncated)");
}

TEST_F(ImportFixture, UnknownInputShapeName) {
  cim::OnnxImportOptions options;
  options.inputShapes.push_back({"X", {2, 4}});
  std::string bytes = gemmReluModel(13);
  auto module = cim::importOnnxModel(bytes, "tiny.onnx", context, options);
  ASSERT_FALSE(static_cast<bool>(module));
  EXPECT_EQ(llvm::toString(module.takeError()),
            "tiny.onnx: --input-shape names 'X' but the graph inputs are: x");
}

TEST(OnnxText, RecognizedByTheModelHeader) {
  EXPECT_TRUE(cim::isOnnxTextModel("<ir_version: 8> g () => () {}"));
  EXPECT_TRUE(cim::isOnnxTextModel("# a comment\n\n  <ir_version: 8>"));
  EXPECT_FALSE(cim::isOnnxTextModel(gemmReluModel(13)));
  EXPECT_FALSE(cim::isOnnxTextModel("# only a comment"));
  EXPECT_FALSE(cim::isOnnxTextModel(""));
}

TEST_F(ImportFixture, TextModelImports) {
  auto module = cim::importOnnxModel(
      "<ir_version: 8, opset_import: [\"\" : 17]>\n"
      "tiny (float[2,3] x) => (float[2,3] y) {\n  y = Relu(x)\n}\n",
      "tiny.onnxtext", context, {});
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  EXPECT_TRUE((*module)->lookupSymbol<func::FuncOp>("tiny"));
}

// Errors in a text model carry where they are: the parser's position, or
// the model header for everything else. Binary models have none.
TEST_F(ImportFixture, ImportErrorsCarryTheirPosition) {
  auto position = [&](llvm::StringRef bytes, std::string &message) {
    auto module = cim::importOnnxModel(bytes, "m", context, {});
    EXPECT_FALSE(static_cast<bool>(module));
    std::pair<unsigned, unsigned> at{~0u, ~0u};
    llvm::handleAllErrors(module.takeError(),
                          [&](const cim::OnnxImportError &e) {
                            at = {e.getLine(), e.getColumn()};
                            message = e.message();
                          });
    return at;
  };
  std::string message;
  EXPECT_EQ(position("# header next\n  <ir_version: 8, opset_import: "
                     "[\"\" : 17]>\ng (float[2] x) => (float[2] y) {\n"
                     "  y = Celu(x)\n}\n",
                     message),
            std::make_pair(2u, 3u));
  EXPECT_EQ(message, "m: node 'Celu_0' (Celu): unsupported ONNX op 'Celu'");
  EXPECT_EQ(position("<ir_version: 8, opset_import: [\"\" : 17]>\n"
                     "g (float[2] x) => (float[2] y) {\n  y Relu(x)\n}\n",
                     message),
            std::make_pair(3u, 5u));
  EXPECT_EQ(message,
            "m: not a valid ONNX text model: Expected character = not found.");
  std::string bytes = gemmReluModel(18);
  EXPECT_EQ(position(bytes, message), std::make_pair(0u, 0u));
  EXPECT_EQ(message, "m: model opset 18 is outside the supported range 7..17");
}

TEST(OnnxFiles, SignatureAndImportFromAFile) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("tiny", "onnx", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << gemmReluModel(13);
  }
  // The weight is an initializer, not an input.
  auto signature = cim::readOnnxGraphSignature(path);
  ASSERT_TRUE(static_cast<bool>(signature))
      << llvm::toString(signature.takeError());
  EXPECT_EQ(signature->inputs, std::vector<std::string>{"x"});
  EXPECT_EQ(signature->outputs, std::vector<std::string>{"y"});

  MLIRContext context;
  auto module = cim::importOnnxFile(path, context, {});
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  EXPECT_TRUE((*module)->lookupSymbol<func::FuncOp>("tiny_net"));
  llvm::sys::fs::remove(path);

  auto missing = cim::importOnnxFile(path, context, {});
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "cannot open '" + path.str().str() +
                "': No such file or directory");
  auto noSignature = cim::readOnnxGraphSignature(path);
  EXPECT_FALSE(static_cast<bool>(noSignature));
  llvm::consumeError(noSignature.takeError());
}
