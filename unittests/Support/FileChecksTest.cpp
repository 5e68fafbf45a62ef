//===- FileChecksTest.cpp - readRegularFile and AtomicOutputPath ----------===//

#include "cim/Support/FileChecks.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace llvm;

namespace {

/// A fresh directory, removed with its files at the end of the test.
struct TempDir {
  SmallString<128> path;
  TempDir() {
    EXPECT_FALSE(sys::fs::createUniqueDirectory("filechecks", path));
  }
  ~TempDir() { sys::fs::remove_directories(path); }
  std::string file(StringRef name) const {
    SmallString<128> p(path);
    sys::path::append(p, name);
    return p.str().str();
  }
};

void writeFile(StringRef path, StringRef text) {
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  ASSERT_FALSE(ec);
  os << text;
}

std::string readBack(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : "<missing>";
}

TEST(FileChecks, RejectsSpecialFilesAndOversizedFiles) {
  TempDir dir;
  EXPECT_EQ(toString(cim::checkRegularFile(dir.path, 10, "model")),
            "model '" + dir.path.str().str() +
                "' is a directory; expected a regular file");
  EXPECT_EQ(toString(cim::checkRegularFile("/dev/null", 10, "model")),
            "model '/dev/null' is a character device; expected a regular file");
  std::string small = dir.file("small.txt");
  writeFile(small, "0123456789");
  EXPECT_FALSE(cim::checkRegularFile(small, 10));
  EXPECT_EQ(toString(cim::checkRegularFile(small, 9, "table")),
            "table '" + small + "' is 10 bytes; the limit is 9 bytes");
  auto read = cim::readRegularFile(small, 10);
  ASSERT_TRUE(static_cast<bool>(read));
  EXPECT_EQ((*read)->getBuffer(), "0123456789");
  EXPECT_EQ(toString(cim::checkRegularFile(dir.file("none"), 10)),
            "cannot open '" + dir.file("none") +
                "': No such file or directory");
}

TEST(FileChecks, OutputAppearsOnlyOnCommit) {
  TempDir dir;
  std::string target = dir.file("out.txt");
  writeFile(target, "old");
  {
    auto out = cim::AtomicOutputPath::create(target);
    ASSERT_TRUE(static_cast<bool>(out));
    EXPECT_NE(out->tempPath(), target);
    writeFile(out->tempPath(), "partial");
    // Destroyed without commit: the old file stays, the temporary goes.
    std::string temp = out->tempPath();
    out = cim::AtomicOutputPath::create(target); // drops the first
    EXPECT_FALSE(sys::fs::exists(temp));
  }
  EXPECT_EQ(readBack(target), "old");
  auto out = cim::AtomicOutputPath::create(target);
  ASSERT_TRUE(static_cast<bool>(out));
  writeFile(out->tempPath(), "new");
  EXPECT_FALSE(out->commit());
  EXPECT_EQ(readBack(target), "new");
  EXPECT_FALSE(sys::fs::exists(out->tempPath()));
}

TEST(FileChecks, DevicesAreWrittenInPlaceAndBadPlacesRejected) {
  auto null = cim::AtomicOutputPath::create("/dev/null");
  ASSERT_TRUE(static_cast<bool>(null));
  EXPECT_EQ(null->tempPath(), "/dev/null");
  EXPECT_FALSE(null->commit());
  TempDir dir;
  auto inDir = cim::AtomicOutputPath::create(dir.path);
  ASSERT_FALSE(static_cast<bool>(inDir));
  EXPECT_EQ(toString(inDir.takeError()), "cannot write output file '" +
                                             dir.path.str().str() +
                                             "': it is a directory");
  auto missing = cim::AtomicOutputPath::create(dir.file("no/such/out"));
  EXPECT_FALSE(static_cast<bool>(missing));
  consumeError(missing.takeError());
}

} // namespace
