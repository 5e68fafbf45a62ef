//===- cim-translate.cpp - ONNX -> workload IR translator -----------------===//
//
// mlirTranslateMain with the `import-onnx` translation:
//
//   cim-translate --import-onnx model.onnx [-o out.mlir] [--elide-weights]
//                 [--input-shape name=1x3x224x224]... [--func-name NAME]
//                 [--verify-roundtrip] [--split-input-file]
//                 [--verify-diagnostics] [--mlir-timing]
//                 [--mlir-print-debuginfo]
//
// docs/importer.md describes the translation and its options.
//
//===----------------------------------------------------------------------===//

#include "cim/Import/OnnxTranslation.h"
#include "cim/Support/FileChecks.h"
#include "cim/Support/Resources.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cim::registerOnnxImportTranslation();
  // The linked LLVM libraries register hundreds of options of their own;
  // hide them. mlirTranslateMain registers the translate options (-o,
  // --split-input-file, --mlir-timing, ...) after this, so they stay.
  llvm::cl::HideUnrelatedOptions(cim::getOnnxTranslationCategory());
  llvm::cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << cim::versionString() << "\n"; });
  // The model is checked by type and size before mlirTranslateMain reads
  // it; -o is written atomically (docs/reliability.md).
  return cim::runWithCheckedFiles(
      argc, argv, {"input-shape", "func-name"}, cim::kMaxModelFileBytes,
      [](int argc, char **argv) {
        return mlir::failed(mlir::mlirTranslateMain(
                   argc, argv, "cim-translate: ONNX -> cim workload IR"))
                   ? 1
                   : 0;
      });
}
