//===- Resources.h - Files the tools ship with -------------------*- C++
//-*-===//
//
// The configurations (configs/) and the bundled measured data (data/) are
// installed as <prefix>/share/cimnet beside <prefix>/bin, and the build tree
// has the same layout (<build>/share/cimnet beside <build>/bin). A tool finds
// them relative to its own executable, so an installed prefix can be moved
// and no binary carries a source-tree path.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPPORT_RESOURCES_H
#define CIM_SUPPORT_RESOURCES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace cim {

/// Path of the running executable (symbolic links resolved).
std::string mainExecutablePath();

/// <directory of the executable>/../share/cimnet.
std::string resourceDirectory();

/// <resourceDirectory()>/<relative> when that file exists; otherwise an
/// error naming the path looked at.
llvm::Expected<std::string> findResource(llvm::StringRef relative);

/// The project's version ("cimnet X.Y.Z"), for --version.
llvm::StringRef versionString();

} // namespace cim

#endif // CIM_SUPPORT_RESOURCES_H
