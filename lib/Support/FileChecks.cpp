//===- FileChecks.cpp - Reading inputs and writing outputs safely ---------===//

#include "cim/Support/FileChecks.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <unistd.h>
#include <vector>

using namespace llvm;

static Error fileError(const Twine &msg) { return cim::makeError(msg); }

static StringRef typeName(sys::fs::file_type type) {
  switch (type) {
  case sys::fs::file_type::directory_file:
    return "a directory";
  case sys::fs::file_type::character_file:
    return "a character device";
  case sys::fs::file_type::block_file:
    return "a block device";
  case sys::fs::file_type::fifo_file:
    return "a FIFO";
  case sys::fs::file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

Error cim::checkRegularFile(StringRef path, uint64_t maxBytes, StringRef what) {
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(path, status, /*Follow=*/true))
    return fileError("cannot open '" + path + "': " + ec.message());
  if (status.type() != sys::fs::file_type::regular_file)
    return fileError(what + " '" + path + "' is " + typeName(status.type()) +
                     "; expected a regular file");
  if (status.getSize() > maxBytes)
    return fileError(what + " '" + path + "' is " + Twine(status.getSize()) +
                     " bytes; the limit is " + Twine(maxBytes) + " bytes");
  return Error::success();
}

Expected<std::unique_ptr<MemoryBuffer>>
cim::readRegularFile(StringRef path, uint64_t maxBytes, StringRef what) {
  if (Error err = checkRegularFile(path, maxBytes, what))
    return std::move(err);
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError())
    return fileError("cannot read " + what + " '" + path +
                     "': " + ec.message());
  // The file may have grown between the check and the read.
  if ((*buffer)->getBufferSize() > maxBytes)
    return fileError(what + " '" + path + "' is larger than the limit of " +
                     Twine(maxBytes) + " bytes");
  return std::move(*buffer);
}

//===----------------------------------------------------------------------===//
// AtomicOutputPath
//===----------------------------------------------------------------------===//

Expected<cim::AtomicOutputPath>
cim::AtomicOutputPath::create(StringRef target) {
  if (target == "-")
    return AtomicOutputPath(target.str(), target.str());
  sys::fs::file_status status;
  if (!sys::fs::status(target, status, /*Follow=*/true)) {
    if (status.type() == sys::fs::file_type::directory_file)
      return fileError("cannot write output file '" + target +
                       "': it is a directory");
    // Devices and FIFOs (/dev/null, a pipe) are written in place.
    if (status.type() != sys::fs::file_type::regular_file)
      return AtomicOutputPath(target.str(), target.str());
  }
  SmallString<256> model(sys::path::parent_path(target));
  if (model.empty())
    model = ".";
  sys::path::append(model, "." + sys::path::filename(target) + ".tmp-%%%%%%");
  int fd;
  SmallString<256> temp;
  if (std::error_code ec =
          sys::fs::createUniqueFile(model, fd, temp, sys::fs::OF_None,
                                    sys::fs::all_read | sys::fs::all_write))
    return fileError("cannot write output file '" + target +
                     "': " + ec.message() + " (creating a file beside it)");
  sys::Process::SafelyCloseFileDescriptor(fd);
  AtomicOutputPath out(target.str(), temp.str().str());
  out.pending = true;
  return std::move(out);
}

cim::AtomicOutputPath::AtomicOutputPath(AtomicOutputPath &&other)
    : target(std::move(other.target)), temp(std::move(other.temp)),
      pending(other.pending) {
  other.pending = false;
}

cim::AtomicOutputPath::~AtomicOutputPath() {
  if (pending)
    sys::fs::remove(temp);
}

Error cim::AtomicOutputPath::commit() {
  if (!pending)
    return Error::success();
  pending = false;
  if (std::error_code ec = sys::fs::rename(temp, target)) {
    sys::fs::remove(temp);
    return fileError("cannot write output file '" + target +
                     "': " + ec.message());
  }
  return Error::success();
}

Error cim::writeAllAndSync(int fd, StringRef path, StringRef contents) {
  const char *data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return fileError("cannot write '" + path + "': " + std::strerror(errno));
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  // Devices and pipes (stdout, /dev/null) cannot be synced; regular files must.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    return fileError("cannot fsync '" + path + "': " + std::strerror(errno));
  return Error::success();
}

Error cim::writeFileAtomically(StringRef path, StringRef contents) {
  if (path == "-") {
    outs() << contents;
    outs().flush();
    return Error::success();
  }
  Expected<AtomicOutputPath> out = AtomicOutputPath::create(path);
  if (!out)
    return out.takeError();
  int fd;
  if (std::error_code ec = sys::fs::openFileForWrite(out->tempPath(), fd))
    return fileError("cannot write output file '" + path +
                     "': " + ec.message());
  Error written = writeAllAndSync(fd, out->tempPath(), contents);
  sys::Process::SafelyCloseFileDescriptor(fd);
  if (written)
    return written;
  return out->commit();
}

//===----------------------------------------------------------------------===//
// runWithCheckedFiles
//===----------------------------------------------------------------------===//

int cim::runWithCheckedFiles(int argc, char **argv,
                             ArrayRef<StringRef> valueOptions,
                             uint64_t maxInputBytes,
                             function_ref<int(int, char **)> run) {
  StringRef tool = sys::path::filename(argv[0]);
  auto fail = [&](Error err) {
    errs() << tool << ": error: " << toString(std::move(err)) << "\n";
    return 1;
  };
  std::vector<std::string> args(argv, argv + argc);
  std::string input;
  int outputArg = -1;
  size_t outputOffset = 0; // where the path starts in args[outputArg]
  for (int i = 1; i < argc; ++i) {
    StringRef arg = args[i];
    if (arg == "--")
      break;
    if (arg.size() < 2 || arg[0] != '-') {
      if (input.empty())
        input = arg.str();
      continue;
    }
    StringRef name = arg.ltrim('-');
    auto [key, value] = name.split('=');
    bool joined = name.contains('=');
    bool takesValue = key == "o" || llvm::is_contained(valueOptions, key);
    if (!takesValue)
      continue;
    if (!joined && i + 1 >= argc)
      continue; // the tool reports the missing value
    if (key == "o") {
      outputArg = joined ? i : i + 1;
      outputOffset = joined ? arg.size() - value.size() : 0;
    }
    if (!joined)
      ++i;
  }
  // A missing input is reported by the tool itself, as before.
  if (!input.empty() && sys::fs::exists(input))
    if (Error err = checkRegularFile(input, maxInputBytes))
      return fail(std::move(err));
  std::optional<AtomicOutputPath> output;
  if (outputArg >= 0) {
    auto created = AtomicOutputPath::create(
        StringRef(args[outputArg]).substr(outputOffset));
    if (!created)
      return fail(created.takeError());
    output.emplace(std::move(*created));
    args[outputArg] =
        args[outputArg].substr(0, outputOffset) + output->tempPath();
  }
  std::vector<char *> newArgv;
  for (std::string &a : args)
    newArgv.push_back(a.data());
  newArgv.push_back(nullptr);
  int rc = run(argc, newArgv.data());
  if (rc == 0 && output)
    if (Error err = output->commit())
      return fail(std::move(err));
  return rc;
}
