//===- FileChecks.h - Reading inputs and writing outputs safely -*- C++ -*-===//
//
// Every input file a tool reads goes through readRegularFile: special files
// (/dev/zero, FIFOs, directories) and oversized files are rejected by type
// and size before a byte is read. Outputs are written to a temporary file
// beside the target and renamed over it on success (AtomicOutputPath), so a
// failure never leaves a partial output behind and an unwritable target is
// an error, not a crash. docs/reliability.md lists the limits.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPPORT_FILECHECKS_H
#define CIM_SUPPORT_FILECHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace cim {

/// Size limits of the inputs the tools read (docs/reliability.md).
inline constexpr uint64_t kMaxModelFileBytes = (uint64_t(1) << 31) - 1;
inline constexpr uint64_t kMaxJsonFileBytes = uint64_t(16) << 20;
inline constexpr uint64_t kMaxCsvFileBytes = uint64_t(64) << 20;
inline constexpr uint64_t kMaxIrFileBytes = uint64_t(1) << 30;

/// An error unless `path` names a regular file (after following symbolic
/// links) of at most `maxBytes` bytes. `what` names the file's role in the
/// message ("hardware file", "model").
llvm::Error checkRegularFile(llvm::StringRef path, uint64_t maxBytes,
                             llvm::StringRef what = "input file");

/// The whole of `path` once checkRegularFile accepts it.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readRegularFile(llvm::StringRef path, uint64_t maxBytes,
                llvm::StringRef what = "input file");

/// An output path written atomically: the tool writes tempPath(), then
/// commit() renames it over the target. A target that is not a regular file
/// (a device such as /dev/null, a FIFO) is written in place; "-" is stdout.
/// The destructor removes an uncommitted temporary file.
class AtomicOutputPath {
public:
  /// Creates the temporary file beside `target`; an error naming `target`
  /// when its directory is not writable (/proc, a missing directory).
  static llvm::Expected<AtomicOutputPath> create(llvm::StringRef target);
  AtomicOutputPath(AtomicOutputPath &&other);
  AtomicOutputPath &operator=(AtomicOutputPath &&) = delete;
  ~AtomicOutputPath();

  /// The path to write.
  const std::string &tempPath() const { return temp; }
  const std::string &targetPath() const { return target; }
  /// Renames the temporary file over the target.
  llvm::Error commit();

private:
  AtomicOutputPath(std::string target, std::string temp)
      : target(std::move(target)), temp(std::move(temp)) {}
  std::string target, temp;
  bool pending = false;
};

/// Writes all of `contents` to the open file `fd` and fsyncs it; `path`
/// names the file in errors.
llvm::Error writeAllAndSync(int fd, llvm::StringRef path,
                            llvm::StringRef contents);

/// Writes `contents` to `path` through an AtomicOutputPath, fsynced before
/// the rename: a reader sees the old file or the whole new one, also after a
/// crash. "-" is stdout; devices are written in place.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef contents);

/// Runs `run(argc, argv)` (an mlirTranslateMain or MlirOptMain wrapper, which
/// open their positional input and `-o` themselves) with checked files: the
/// positional input must pass checkRegularFile (`maxInputBytes`), and `-o
/// FILE` / `-o=FILE` is redirected to an AtomicOutputPath committed only
/// when `run` returns 0. `valueOptions` names the options that take their
/// value as the next argument ("-o" is always one). Errors print as
/// "<tool>: <message>" and return 1.
int runWithCheckedFiles(int argc, char **argv,
                        llvm::ArrayRef<llvm::StringRef> valueOptions,
                        uint64_t maxInputBytes,
                        llvm::function_ref<int(int, char **)> run);

} // namespace cim

#endif // CIM_SUPPORT_FILECHECKS_H
