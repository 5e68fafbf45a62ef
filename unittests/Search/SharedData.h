//===- SharedData.h - Locating ../shared/data ----------------- -*- C++ -*-===//

#ifndef CIM_UNITTESTS_SEARCH_SHAREDDATA_H
#define CIM_UNITTESTS_SEARCH_SHAREDDATA_H

#include "gtest/gtest.h"

#include <cstdlib>
#include <string>
#include <sys/stat.h>

namespace cim {

/// The measured-data directory (env CIM_SHARED_DIR, else the checkout's
/// ../shared), or "" when it does not exist.
inline std::string sharedDataDir() {
  const char *env = std::getenv("CIM_SHARED_DIR");
  std::string root = env && *env ? env : CIM_SOURCE_DIR "/../shared";
  std::string dir = root + "/data";
  struct stat info;
  if (stat((dir + "/ofa_mbv3_w10_imagenet.csv").c_str(), &info) != 0)
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
                "../shared/data/ofa_mbv3_w10_imagenet.csv) is missing";        \
    GTEST_SKIP() << "shared data not found (set CIM_SHARED_DIR)";              \
  } while (false)

#endif // CIM_UNITTESTS_SEARCH_SHAREDDATA_H
