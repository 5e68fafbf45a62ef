//===- Error.h - The one way cimnet libraries make an error ------*- C++ -*-===//
//
// Errors that cross a library boundary are llvm::Error values carrying a
// message for the user (file, field, op or node; what was expected). They
// have no error code a caller could act on, so every library makes them here.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPPORT_ERROR_H
#define CIM_SUPPORT_ERROR_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace cim {

/// An error whose message is `message`.
inline llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// An error whose message is printf-formatted.
template <typename... Ts>
llvm::Error makeError(const char *format, const Ts &...values) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), format,
                                 values...);
}

} // namespace cim

#endif // CIM_SUPPORT_ERROR_H
