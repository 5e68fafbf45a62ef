//===- TestPaths.h - Files of the source tree and ../shared ---*- C++ -*-===//
//
// lit gives the unit tests the source tree's root (CIM_TEST_SOURCE_DIR) and
// the reference data beside the checkout (CIM_SHARED_DIR) in the environment
// (unittests/lit.cfg.py), so no test binary carries a source-tree path.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_UNITTESTS_TESTPATHS_H
#define CIM_UNITTESTS_TESTPATHS_H

#include "gtest/gtest.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>

namespace cim {

/// <source root>/<relative>. Aborts when lit did not set the root: a test
/// run by hand needs CIM_TEST_SOURCE_DIR=<checkout>.
inline std::string testSourcePath(const std::string &relative) {
  const char *root = std::getenv("CIM_TEST_SOURCE_DIR");
  if (!root || !*root) {
    std::fprintf(stderr, "CIM_TEST_SOURCE_DIR is not set: run the unit tests "
                         "through lit, or set it to the checkout\n");
    std::abort();
  }
  return std::string(root) + "/" + relative;
}

/// The reference data directory (env CIM_SHARED_DIR, else the checkout's
/// ../shared) holding `file`, or "" when it is not there.
inline std::string
sharedDataDir(const std::string &file = "ofa_mbv3_w10_imagenet.csv") {
  const char *env = std::getenv("CIM_SHARED_DIR");
  std::string root =
      env && *env ? std::string(env) : testSourcePath("../shared");
  std::string dir = root + "/data";
  struct stat info;
  if (stat((dir + "/" + file).c_str(), &info) != 0)
    return "";
  return dir;
}

inline bool runningInCi() {
  const char *ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

} // namespace cim

/// Skips the test, or fails it under CI=true, when the data is absent.
#define skipOrFailWithoutSharedData()                                          \
  do {                                                                         \
    if (cim::runningInCi())                                                    \
      FAIL() << "CI=true but the shared data (CIM_SHARED_DIR or "              \
                "../shared/data) is missing";                                  \
    GTEST_SKIP() << "shared data not found (set CIM_SHARED_DIR)";              \
  } while (false)

#endif // CIM_UNITTESTS_TESTPATHS_H
