//===- FuzzSupport.h - Shared pieces of the libFuzzer harnesses -*- C++ -*-===//
//
// Every harness calls a library entry point in-process. An llvm::Error or a
// failed diagnostic is the normal answer to bad input and is dropped here;
// anything else (a crash, a sanitizer report, a timeout, an allocation over
// libFuzzer's -malloc_limit_mb) is a finding. docs/reliability.md, "Fuzzing".
//
//===----------------------------------------------------------------------===//

#ifndef CIM_FUZZ_FUZZSUPPORT_H
#define CIM_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace cim::fuzz {

inline llvm::StringRef asText(const uint8_t *data, size_t size) {
  return llvm::StringRef(reinterpret_cast<const char *>(data), size);
}

/// Drops an expected error: rejecting the input is a valid outcome.
inline void dropError(llvm::Error err) { llvm::consumeError(std::move(err)); }

/// A property every accepted input must have failed: abort, so that
/// libFuzzer records the input as a crash.
[[noreturn]] inline void propertyFailed(llvm::StringRef what) {
  llvm::errs() << "cim fuzz: property failed: " << what << "\n";
  std::abort();
}

/// An MLIRContext, single-threaded, every diagnostic swallowed (a
/// diagnostic is a normal outcome). Creating one and loading its dialects
/// costs about 30 ms under ASan, more than most inputs, so one context serves
/// kInputsPerContext inputs and is then replaced: uniqued types and
/// attributes do not pile up over a long run. Inputs share nothing else; a
/// finding is still replayed alone by scripts/fuzz.sh as a regression.
class ReusedContext {
public:
  static constexpr unsigned kInputsPerContext = 256;
  explicit ReusedContext(void (*registerDialects)(mlir::DialectRegistry &)) {
    registerDialects(registry);
  }
  mlir::MLIRContext &get() {
    if (!context || ++uses > kInputsPerContext) {
      handler.reset();
      context = std::make_unique<mlir::MLIRContext>(
          registry, mlir::MLIRContext::Threading::DISABLED);
      context->loadAllAvailableDialects();
      handler = std::make_unique<mlir::ScopedDiagnosticHandler>(
          context.get(), [](mlir::Diagnostic &) { return mlir::success(); });
      uses = 1;
    }
    return *context;
  }

private:
  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
  unsigned uses = 0;
};

} // namespace cim::fuzz

#endif // CIM_FUZZ_FUZZSUPPORT_H
