//===- Resources.cpp - Files the tools ship with --------------------------===//

#include "cim/Support/Resources.h"
#include "cim/Support/Error.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace cim;

static void anchor() {}

std::string cim::mainExecutablePath() {
  return llvm::sys::fs::getMainExecutable("cimnet",
                                          reinterpret_cast<void *>(&anchor));
}

std::string cim::resourceDirectory() {
  llvm::SmallString<256> dir(mainExecutablePath());
  llvm::sys::path::remove_filename(dir); // <prefix>/bin
  llvm::sys::path::remove_filename(dir); // <prefix>
  llvm::sys::path::append(dir, "share", "cimnet");
  return std::string(dir);
}

llvm::Expected<std::string> cim::findResource(llvm::StringRef relative) {
  llvm::SmallString<256> path(resourceDirectory());
  llvm::sys::path::append(path, relative);
  if (llvm::sys::fs::is_regular_file(path))
    return std::string(path);
  return cim::makeError(
      "bundled file '" + relative + "' not found at " + path +
      " (the tools look for their data in ../share/cimnet beside their "
      "own directory; rebuild, or reinstall with cmake --install)");
}

llvm::StringRef cim::versionString() { return "cimnet " CIM_VERSION; }
