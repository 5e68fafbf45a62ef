//===- OnnxTranslation.h - The importer as an MLIR translation --*- C++ -*-===//
//
// Registers the ONNX importer with MLIR's translation registry as
// `import-onnx`, so that a mlirTranslateMain tool (cim-translate) runs it
// with the upstream translate options (-o, --split-input-file,
// --verify-diagnostics, --mlir-timing, ...). The importer's own options
// (--elide-weights, --input-shape, --func-name, --verify-roundtrip) are
// registered with it, in the category "cim-translate options".
//
//===----------------------------------------------------------------------===//

#ifndef CIM_IMPORT_ONNXTRANSLATION_H
#define CIM_IMPORT_ONNXTRANSLATION_H

namespace llvm::cl {
class OptionCategory;
} // namespace llvm::cl

namespace cim {

/// Registers the `import-onnx` translation and its command-line options
/// (once; later calls do nothing).
void registerOnnxImportTranslation();

/// The category of the translation's options.
llvm::cl::OptionCategory &getOnnxTranslationCategory();

} // namespace cim

#endif // CIM_IMPORT_ONNXTRANSLATION_H
