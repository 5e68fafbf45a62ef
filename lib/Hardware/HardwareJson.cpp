//===- HardwareJson.cpp - HardwareConfig <-> JSON
//---------------------------===//
//
// nlohmann/json is used without exceptions (LLVM builds with -fno-exceptions),
// so every access checks the type first and parsing uses the non-throwing form.
//
//===----------------------------------------------------------------------===//

#include "cim/Hardware/HardwareJson.h"
#include "cim/Support/Error.h"

#include "cim/Support/FileChecks.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

using namespace cim;
using json = nlohmann::json;

std::string cim::describeJson(const json &value) {
  std::string dumped =
      value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (dumped.size() > 40)
    dumped = dumped.substr(0, 37) + "...";
  switch (value.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "boolean " + dumped;
  case json::value_t::string:
    return "string " + dumped;
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "integer " + dumped;
  case json::value_t::number_float:
    return "number " + dumped;
  case json::value_t::array:
    return "array " + dumped;
  case json::value_t::object:
    return "object " + dumped;
  default:
    return dumped;
  }
}

static llvm::Error fieldError(llvm::StringRef where, llvm::StringRef path,
                              llvm::StringRef expected, llvm::StringRef found) {
  return cim::makeError(
      (where + ": " + path + ": expected " + expected + ", found " + found)
          .str());
}

namespace {
/// Checks one JSON object: required keys present with the right type, and no
/// key left over.
class ObjectReader {
public:
  ObjectReader(const json &object, llvm::StringRef where, std::string path)
      : object(object), where(where), path(std::move(path)) {}

  llvm::Error getInt(llvm::StringRef key, int64_t &out) {
    const json *v;
    if (llvm::Error err = get(key, "an integer", v))
      return err;
    if (!v->is_number_integer())
      return fieldError(where, path + "." + key.str(), "an integer",
                        describeJson(*v));
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      return fieldError(where, path + "." + key.str(),
                        "an integer that fits in 64 bits", describeJson(*v));
    out = v->get<int64_t>();
    return llvm::Error::success();
  }
  llvm::Error getBool(llvm::StringRef key, bool &out) {
    const json *v;
    if (llvm::Error err = get(key, "true or false", v))
      return err;
    if (!v->is_boolean())
      return fieldError(where, path + "." + key.str(), "true or false",
                        describeJson(*v));
    out = v->get<bool>();
    return llvm::Error::success();
  }
  /// A number that may be missing (then `out` keeps its default).
  llvm::Error getOptionalNumber(llvm::StringRef key, double &out) {
    seen.insert(key);
    known.push_back(key.str());
    auto it = object.find(key.str());
    if (it == object.end())
      return llvm::Error::success();
    if (!it->is_number())
      return fieldError(where, path + "." + key.str(), "a number",
                        describeJson(*it));
    out = it->get<double>();
    return llvm::Error::success();
  }
  bool has(llvm::StringRef key) const {
    return object.find(key.str()) != object.end();
  }
  llvm::Error getString(llvm::StringRef key, std::string &out) {
    const json *v;
    if (llvm::Error err = get(key, "a string", v))
      return err;
    if (!v->is_string())
      return fieldError(where, path + "." + key.str(), "a string",
                        describeJson(*v));
    out = v->get<std::string>();
    return llvm::Error::success();
  }
  llvm::Error getObject(llvm::StringRef key, const json *&out) {
    if (llvm::Error err = get(key, "an object", out))
      return err;
    if (!out->is_object())
      return fieldError(where, path + "." + key.str(), "an object",
                        describeJson(*out));
    return llvm::Error::success();
  }
  /// Call after every expected key was read.
  llvm::Error rejectUnknownKeys() {
    for (auto it = object.begin(); it != object.end(); ++it)
      if (!seen.contains(it.key()))
        return cim::makeError(
            (where + ": " + path + "." + it.key() +
             ": unknown key (a typo?); expected one of: " + knownList())
                .str());
    return llvm::Error::success();
  }

private:
  llvm::Error get(llvm::StringRef key, llvm::StringRef expected,
                  const json *&out) {
    seen.insert(key);
    known.push_back(key.str());
    auto it = object.find(key.str());
    if (it == object.end())
      return fieldError(where, path + "." + key.str(), expected,
                        "nothing (the key is missing)");
    out = &*it;
    return llvm::Error::success();
  }
  std::string knownList() const {
    std::string s;
    for (const std::string &k : known)
      s += (s.empty() ? "" : ", ") + k;
    return s;
  }

  const json &object;
  llvm::StringRef where;
  std::string path;
  llvm::StringSet<> seen;
  std::vector<std::string> known;
};
} // namespace

static const char *const kGroups[] = {"memory",   "array", "vector",
                                      "schedule", "area",  "chip"};

llvm::Expected<HardwareConfig> cim::hardwareFromJson(const json &value,
                                                     llvm::StringRef where,
                                                     llvm::StringRef path) {
  if (!value.is_object())
    return fieldError(where, path, "an object with the hardware groups",
                      describeJson(value));
  HardwareConfig config;
  ObjectReader top(value, where, path.str());
  if (llvm::Error err = top.getString("name", config.name))
    return std::move(err);
  if (config.name.size() > kMaxHardwareNameLength)
    return fieldError(where, path.str() + ".name",
                      "a name of at most " +
                          std::to_string(kMaxHardwareNameLength) + " bytes",
                      "one of " + std::to_string(config.name.size()) +
                          " bytes");
  std::string mode;
  if (llvm::Error err = top.getString("compute_mode", mode))
    return std::move(err);
  std::optional<ComputeMode> parsedMode = symbolizeComputeMode(mode);
  if (!parsedMode)
    return fieldError(where, path.str() + ".compute_mode",
                      "\"bitline\" or \"bitline_free\"", "\"" + mode + "\"");
  config.computeMode = *parsedMode;

  std::map<std::string, std::unique_ptr<ObjectReader>> groups;
  for (const char *group : kGroups) {
    const json *object;
    if (llvm::Error err = top.getObject(group, object))
      return std::move(err);
    groups[group] = std::make_unique<ObjectReader>(*object, where,
                                                   (path + "." + group).str());
  }
  llvm::Error err = llvm::Error::success();
  auto readInt = [&](const char *group, const char *key, int64_t &out) {
    if (!err)
      err = groups[group]->getInt(key, out);
  };
  auto readBool = [&](const char *group, const char *key, bool &out) {
    if (!err)
      err = groups[group]->getBool(key, out);
  };
#define CIM_HW_INT(group, key, name, member, min, max, desc)                   \
  readInt(#group, #key, config.member);
#define CIM_HW_BOOL(group, key, name, member, desc)                            \
  readBool(#group, #key, config.member);
#include "cim/Hardware/HardwareFields.def"
  if (err)
    return std::move(err);
  // The energy group is optional (configurations from before it existed
  // load with the defaults of HardwareFields.def), and so is each key.
  if (top.has("energy")) {
    const json *object;
    if (llvm::Error e = top.getObject("energy", object))
      return std::move(e);
    ObjectReader energy(*object, where, (path + ".energy").str());
#define CIM_HW_REAL(group, key, name, member, dflt, desc)                      \
  if (llvm::Error e = energy.getOptionalNumber(#key, config.member))           \
    return std::move(e);
#include "cim/Hardware/HardwareFields.def"
    if (llvm::Error e = energy.rejectUnknownKeys())
      return std::move(e);
  }
  if (llvm::Error e = top.rejectUnknownKeys())
    return std::move(e);
  for (const char *group : kGroups)
    if (llvm::Error e = groups[group]->rejectUnknownKeys())
      return std::move(e);

  std::vector<HardwareViolation> violations = config.violations();
  if (!violations.empty()) {
    const HardwareViolation &v = violations.front();
    return cim::makeError(
        (where + ": " + path + "." + v.field + ": " + v.message).str());
  }
  return config;
}

/// "line:column" (1-based) of byte `offset` of `text`.
static std::string lineColumn(llvm::StringRef text, size_t offset) {
  llvm::StringRef before = text.take_front(offset);
  size_t lineStart = before.rfind('\n');
  size_t column =
      lineStart == llvm::StringRef::npos ? offset + 1 : offset - lineStart;
  return std::to_string(before.count('\n') + 1) + ":" + std::to_string(column);
}

/// The offset of the first bracket nested deeper than kMaxJsonDepth outside
/// strings, or npos. A linear scan, so a hostile file cannot make the parser
/// recurse.
static size_t tooDeepAt(llvm::StringRef text) {
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth)
        return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return llvm::StringRef::npos;
}

namespace {
/// Finds the first key that repeats within one object (nlohmann keeps the
/// last silently) and names it by its key path ("$.array.rows",
/// "$.genes[].values").
class DuplicateKeyFinder {
public:
  bool operator()(json::parse_event_t event, const json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
    case json::parse_event_t::array_start:
      frames.push_back(
          {{}, childPath(), event == json::parse_event_t::array_start});
      break;
    case json::parse_event_t::object_end:
    case json::parse_event_t::array_end:
      if (!frames.empty())
        frames.pop_back();
      break;
    case json::parse_event_t::key:
      lastKey = parsed.get<std::string>();
      if (!frames.empty() && !frames.back().keys.insert(lastKey).second &&
          duplicate.empty())
        duplicate = frames.back().path + "." + lastKey;
      break;
    case json::parse_event_t::value:
      break;
    }
    return true;
  }
  std::string duplicate;

private:
  struct Frame {
    llvm::StringSet<> keys;
    std::string path;
    bool isArray;
  };
  /// The path of a container that starts now.
  std::string childPath() const {
    if (frames.empty())
      return "$";
    return frames.back().path + (frames.back().isArray ? "[]" : "." + lastKey);
  }
  std::vector<Frame> frames;
  std::string lastKey;
};
} // namespace

llvm::Expected<json> cim::parseJsonText(llvm::StringRef text,
                                        llvm::StringRef where) {
  if (size_t at = tooDeepAt(text); at != llvm::StringRef::npos)
    return cim::makeError((where + ":" + lineColumn(text, at) +
                           ": JSON nested deeper than " +
                           std::to_string(kMaxJsonDepth) + " levels")
                              .str());
  DuplicateKeyFinder duplicates;
  json value = json::parse(
      text.begin(), text.end(),
      [&](int, json::parse_event_t event, json &parsed) {
        return duplicates(event, parsed);
      },
      /*allow_exceptions=*/false, /*ignore_comments=*/false);
  if (!value.is_discarded() && !duplicates.duplicate.empty())
    return cim::makeError(
        (where + ": " + duplicates.duplicate +
         ": duplicate key (each key may appear once in an object)")
            .str());
  if (value.is_discarded()) {
    // Re-scan with a callback-free SAX pass to find the failing byte offset.
    struct Locator : nlohmann::json_sax<json> {
      size_t position = 0;
      std::string message;
      bool null() override { return true; }
      bool boolean(bool) override { return true; }
      bool number_integer(number_integer_t) override { return true; }
      bool number_unsigned(number_unsigned_t) override { return true; }
      bool number_float(number_float_t, const string_t &) override {
        return true;
      }
      bool string(string_t &) override { return true; }
      bool binary(binary_t &) override { return true; }
      bool start_object(std::size_t) override { return true; }
      bool key(string_t &) override { return true; }
      bool end_object() override { return true; }
      bool start_array(std::size_t) override { return true; }
      bool end_array() override { return true; }
      bool parse_error(std::size_t pos, const std::string &,
                       const nlohmann::detail::exception &ex) override {
        position = pos;
        message = ex.what();
        return false;
      }
    } locator;
    json::sax_parse(text.begin(), text.end(), &locator,
                    json::input_format_t::json, /*strict=*/true);
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < locator.position && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string detail = locator.message;
    if (size_t colon = detail.find("syntax error"); colon != std::string::npos)
      detail = detail.substr(colon);
    return cim::makeError((where + ":" + std::to_string(line) + ":" +
                           std::to_string(column) +
                           ": malformed JSON: " + detail)
                              .str());
  }
  return value;
}

llvm::Expected<HardwareConfig> cim::parseHardwareConfig(llvm::StringRef text,
                                                        llvm::StringRef where) {
  llvm::Expected<json> value = parseJsonText(text, where);
  if (!value)
    return value.takeError();
  return hardwareFromJson(*value, where);
}

llvm::Expected<std::string> cim::readTextFile(llvm::StringRef path) {
  // Special files (/dev/zero, a FIFO) would never end: rejected by type.
  // A missing file keeps the message below.
  if (llvm::sys::fs::exists(path))
    if (llvm::Error err = checkRegularFile(path, kMaxJsonFileBytes, "file"))
      return std::move(err);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(),
        (path + ": cannot read file: " + buffer.getError().message()).str());
  return (*buffer)->getBuffer().str();
}

llvm::Expected<HardwareConfig> cim::loadHardwareConfig(llvm::StringRef path) {
  llvm::Expected<std::string> text = readTextFile(path);
  if (!text)
    return text.takeError();
  return parseHardwareConfig(*text, path);
}

json cim::hardwareToJson(const HardwareConfig &config) {
  json out = json::object();
  out["name"] = config.name;
  out["compute_mode"] = stringifyComputeMode(config.computeMode).str();
  for (const char *group : kGroups)
    out[group] = json::object();
  forEachField(
      config,
      [&](llvm::StringRef group, llvm::StringRef key, llvm::StringRef,
          int64_t value) { out[group.str()][key.str()] = value; },
      [&](llvm::StringRef group, llvm::StringRef key, llvm::StringRef,
          bool value) { out[group.str()][key.str()] = value; });
  // Written only when set, so files without it round-trip unchanged.
  if (!hasDefaultEnergy(config))
    forEachRealField(config, [&](llvm::StringRef group, llvm::StringRef key,
                                 llvm::StringRef, double value, double) {
      out[group.str()][key.str()] = value;
    });
  return out;
}

std::string cim::hardwareToJsonText(const HardwareConfig &config) {
  return hardwareToJson(config).dump(2) + "\n";
}
