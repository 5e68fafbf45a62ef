//===- HardwareJson.h - HardwareConfig <-> JSON ------------------*- C++
//-*-===//
//
// JSON layout (every key required, unknown keys rejected):
//   { "name": "...", "compute_mode": "bitline" | "bitline_free",
//     "memory": {...}, "array": {...}, "vector": {...}, "schedule": {...},
//     "area": {...}, "chip": {...}, "energy": {...} }
// with the keys of HardwareFields.def inside each group. The "energy" group
// and each of its keys are optional (defaults in HardwareFields.def). Errors
// name the file, the JSON path of the field, what was expected and what was
// found.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_HARDWARE_HARDWAREJSON_H
#define CIM_HARDWARE_HARDWAREJSON_H

#include "cim/Hardware/HardwareConfig.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

namespace cim {

/// Decode a parsed JSON value. `where` names the source in error messages
/// (a file name); `path` is the JSON path of `value` itself ("$" at the top).
llvm::Expected<HardwareConfig> hardwareFromJson(const nlohmann::json &value,
                                                llvm::StringRef where,
                                                llvm::StringRef path = "$");

/// Parse JSON text. Also validates the configuration against the model's rules.
llvm::Expected<HardwareConfig> parseHardwareConfig(llvm::StringRef text,
                                                   llvm::StringRef where);

/// Read and parse a file.
llvm::Expected<HardwareConfig> loadHardwareConfig(llvm::StringRef path);

nlohmann::json hardwareToJson(const HardwareConfig &config);

/// Pretty-printed JSON text with a trailing newline.
std::string hardwareToJsonText(const HardwareConfig &config);

/// Short description of a JSON value's type and content for error messages,
/// e.g. `string "abc"` or `number 1.5`.
std::string describeJson(const nlohmann::json &value);

/// Limits of the JSON files the tools read (docs/reliability.md): nesting
/// depth (checked before nlohmann parses, whose recursion would overflow the
/// stack) and the length of a hardware `name`.
constexpr int kMaxJsonDepth = 64;
constexpr size_t kMaxHardwareNameLength = 256;

/// Read a whole regular file of at most kMaxJsonFileBytes (special files and
/// larger files are rejected before reading); the error names the file.
llvm::Expected<std::string> readTextFile(llvm::StringRef path);

/// Parse JSON text without exceptions; the error names `where`. Nesting
/// deeper than kMaxJsonDepth and duplicate keys in an object are errors
/// (the error names the key path).
llvm::Expected<nlohmann::json> parseJsonText(llvm::StringRef text,
                                             llvm::StringRef where);

} // namespace cim

#endif // CIM_HARDWARE_HARDWAREJSON_H
