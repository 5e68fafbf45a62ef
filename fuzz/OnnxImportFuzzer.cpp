//===- OnnxImportFuzzer.cpp - Fuzz the ONNX importer ----------------------===//
//
// Bytes -> ONNX ModelProto (binary or text syntax) -> checks, shape
// inference, import into a module -> MLIR verifier, as cim-translate
// --import-onnx does (lib/Import). Weights stay in (elideWeights off) so
// that constant folding runs on them.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/Import/OnnxImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static cim::fuzz::ReusedContext context(cim::registerOnnxImportDialects);
  cim::OnnxImportOptions options;
  auto module = cim::importOnnxModel(cim::fuzz::asText(data, size), "fuzz.onnx",
                                     context.get(), options);
  if (!module) {
    cim::fuzz::dropError(module.takeError());
    return 0;
  }
  // The importer promises a module that verifies; one that does not is an
  // importer bug, not bad input.
  if (mlir::failed(mlir::verify(module->get())))
    cim::fuzz::propertyFailed("an imported module does not verify");
  return 0;
}
