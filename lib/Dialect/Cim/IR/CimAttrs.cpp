//===- CimAttrs.cpp - #cim.hardware assembly format and verifier ---------===//

#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace cim;

#include "cim/Dialect/Cim/IR/CimEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/Cim/IR/CimAttrs.cpp.inc"

void CimDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "cim/Dialect/Cim/IR/CimAttrs.cpp.inc"
      >();
}

HardwareAttr cim::getModuleHardware(ModuleOp module) {
  return module->getAttrOfType<HardwareAttr>(
      CimDialect::HardwareAttrHelper::getNameStr());
}

void cim::setVectorOpTag(Operation *op, VectorOp kind) {
  op->setAttr(CimDialect::VectorOpAttrHelper::getNameStr(),
              VectorOpAttr::get(op->getContext(), kind));
}

FailureOr<std::optional<VectorOp>> cim::getVectorOpTag(Operation *op) {
  constexpr StringLiteral name = CimDialect::VectorOpAttrHelper::getNameStr();
  Attribute attr = op->getAttr(name);
  if (!attr)
    return std::optional<VectorOp>();
  if (auto tag = dyn_cast<VectorOpAttr>(attr))
    return std::optional<VectorOp>(tag.getValue());
  // The string form (`cim.vector_op = "relu"`) the ONNX importer writes.
  if (auto word = dyn_cast<StringAttr>(attr)) {
    if (std::optional<VectorOp> kind = symbolizeVectorOp(word.getValue()))
      return kind;
    return op->emitError() << "unknown " << name << " '" << word.getValue()
                           << "'";
  }
  return op->emitError() << "expected '" << name
                         << "' to be a #cim.vector_op attribute, found "
                         << attr;
}

void HardwareAttr::print(AsmPrinter &printer) const {
  const HardwareConfig &c = getConfig();
  printer << "<name = ";
  printer.printString(c.name);
  printer << ", compute_mode = " << stringifyComputeMode(c.computeMode);
  forEachField(
      c,
      [&](StringRef, StringRef, StringRef member, int64_t value) {
        printer << ", " << member << " = " << value;
      },
      [&](StringRef, StringRef, StringRef member, bool value) {
        printer << ", " << member << " = " << (value ? "true" : "false");
      });
  // Energy parameters are optional: only those set away from the default.
  forEachRealField(c, [&](StringRef, StringRef, StringRef member, double value,
                          double dflt) {
    if (value != dflt) {
      printer << ", " << member << " = ";
      printer.printFloat(llvm::APFloat(value));
    }
  });
  printer << ">";
}

Attribute HardwareAttr::parse(AsmParser &parser, Type) {
  HardwareConfig config;
  llvm::StringSet<> seen;
  if (parser.parseLess())
    return {};
  do {
    SMLoc keyLoc = parser.getCurrentLocation();
    std::string key;
    if (parser.parseKeywordOrString(&key) || parser.parseEqual())
      return {};
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc)
          << "hardware parameter '" << key << "' appears twice";
      return {};
    }
    if (key == "name") {
      if (parser.parseString(&config.name))
        return {};
    } else if (key == "compute_mode") {
      SMLoc modeLoc = parser.getCurrentLocation();
      StringRef mode;
      if (parser.parseKeyword(&mode))
        return {};
      std::optional<ComputeMode> parsed = symbolizeComputeMode(mode);
      if (!parsed) {
        parser.emitError(modeLoc) << "expected compute_mode 'bitline' or "
                                     "'bitline_free', found '"
                                  << mode << "'";
        return {};
      }
      config.computeMode = *parsed;
    } else if (isIntField(key)) {
      int64_t value = 0;
      if (parser.parseInteger(value))
        return {};
      setIntField(config, key, value);
    } else if (isRealField(key)) {
      double value = 0;
      if (parser.parseFloat(value))
        return {};
      setRealField(config, key, value);
    } else if (isBoolField(key)) {
      SMLoc boolLoc = parser.getCurrentLocation();
      StringRef word;
      if (parser.parseKeyword(&word))
        return {};
      if (word != "true" && word != "false") {
        parser.emitError(boolLoc) << "expected 'true' or 'false' for hardware "
                                     "parameter '"
                                  << key << "', found '" << word << "'";
        return {};
      }
      setBoolField(config, key, word == "true");
    } else {
      parser.emitError(keyLoc) << "unknown hardware parameter '" << key << "'";
      return {};
    }
  } while (succeeded(parser.parseOptionalComma()));
  if (parser.parseGreater())
    return {};

  std::vector<std::string> missing;
  if (!seen.contains("name"))
    missing.push_back("name");
  if (!seen.contains("compute_mode"))
    missing.push_back("compute_mode");
  forEachField(
      config,
      [&](StringRef, StringRef, StringRef member, int64_t) {
        if (!seen.contains(member))
          missing.push_back(member.str());
      },
      [&](StringRef, StringRef, StringRef member, bool) {
        if (!seen.contains(member))
          missing.push_back(member.str());
      });
  if (!missing.empty()) {
    InFlightDiagnostic diag = parser.emitError(parser.getNameLoc())
                              << "#cim.hardware is missing parameter"
                              << (missing.size() > 1 ? "s" : "") << " ";
    for (size_t i = 0; i < missing.size(); ++i)
      diag << (i ? ", " : "") << "'" << missing[i] << "'";
    return {};
  }
  return HardwareAttr::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), config);
}

LogicalResult HardwareAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   HardwareConfig config) {
  std::vector<HardwareViolation> violations = config.violations();
  if (violations.empty())
    return success();
  InFlightDiagnostic diag = emitError();
  diag << "invalid hardware '" << config.name << "': " << violations[0].field
       << " " << violations[0].message;
  for (size_t i = 1; i < violations.size(); ++i)
    diag << "; " << violations[i].field << " " << violations[i].message;
  return failure();
}

//===----------------------------------------------------------------------===//
// #cim.mapping
//===----------------------------------------------------------------------===//

llvm::hash_code cim::hash_value(const LayerMapping &m) {
  llvm::hash_code h = llvm::hash_value(static_cast<int>(m.unit));
#define CIM_MAPPING_INT(spelling, member, derived)                             \
  h = llvm::hash_combine(h, m.member);
#define CIM_MAPPING_BOOL(spelling, member) h = llvm::hash_combine(h, m.member);
#include "cim/CostModel/MappingFields.def"
  return h;
}

void MappingAttr::print(AsmPrinter &printer) const {
  const LayerMapping &m = getMapping();
  printer << "<unit = " << EnumSpelling<ExecUnit>::stringify(m.unit);
#define CIM_MAPPING_INT(spelling, member, derived)                             \
  printer << ", " #spelling " = " << m.member;
#define CIM_MAPPING_BOOL(spelling, member)                                     \
  printer << ", " #spelling " = " << (m.member ? "true" : "false");
#include "cim/CostModel/MappingFields.def"
  printer << ">";
}

Attribute MappingAttr::parse(AsmParser &parser, Type) {
  LayerMapping m;
  llvm::StringSet<> seen;
  if (parser.parseLess())
    return {};
  do {
    SMLoc keyLoc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc) << "mapping field '" << key << "' appears twice";
      return {};
    }
    auto parseBool = [&](bool &out) -> ParseResult {
      SMLoc loc = parser.getCurrentLocation();
      StringRef word;
      if (parser.parseKeyword(&word))
        return failure();
      if (word != "true" && word != "false")
        return parser.emitError(loc)
               << "expected 'true' or 'false' for mapping field '" << key
               << "', found '" << word << "'";
      out = word == "true";
      return success();
    };
    if (key == "unit") {
      FailureOr<ExecUnit> unit = parseEnumValue<ExecUnit>(parser);
      if (failed(unit))
        return {};
      m.unit = *unit;
      continue;
    }
#define CIM_MAPPING_INT(spelling, member, derived)                             \
  if (key == #spelling) {                                                      \
    if (parser.parseInteger(m.member))                                         \
      return {};                                                               \
    continue;                                                                  \
  }
#define CIM_MAPPING_BOOL(spelling, member)                                     \
  if (key == #spelling) {                                                      \
    if (parseBool(m.member))                                                   \
      return {};                                                               \
    continue;                                                                  \
  }
#include "cim/CostModel/MappingFields.def"
    parser.emitError(keyLoc) << "unknown mapping field '" << key << "'";
    return {};
  } while (succeeded(parser.parseOptionalComma()));
  if (parser.parseGreater())
    return {};
  std::vector<std::string> missing;
  if (!seen.contains("unit"))
    missing.push_back("unit");
#define CIM_MAPPING_INT(spelling, member, derived)                             \
  if (!seen.contains(#spelling))                                               \
    missing.push_back(#spelling);
#define CIM_MAPPING_BOOL(spelling, member)                                     \
  CIM_MAPPING_INT(spelling, member, false)
#include "cim/CostModel/MappingFields.def"
  if (!missing.empty()) {
    InFlightDiagnostic diag = parser.emitError(parser.getNameLoc())
                              << "#cim.mapping is missing field"
                              << (missing.size() > 1 ? "s" : "") << " ";
    for (size_t i = 0; i < missing.size(); ++i)
      diag << (i ? ", " : "") << "'" << missing[i] << "'";
    return {};
  }
  return MappingAttr::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), m);
}

LogicalResult
MappingAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                    LayerMapping m) {
  // The vector units have no tiling (planLayer sets it to 0).
  bool arrays = m.unit == ExecUnit::Arrays;
  auto check = [&](StringRef field, int64_t value,
                   bool positive) -> LogicalResult {
    if (value > 0 || (value == 0 && !positive))
      return success();
    return emitError() << "#cim.mapping field '" << field << "' must be "
                       << (positive ? "positive" : "non-negative") << ", found "
                       << value;
  };
  if (failed(check("arrays_available", m.arraysAvailable, arrays)) ||
      failed(check("replication", m.replication, true)) ||
      failed(check("rows_per_step", m.rowsPerStep, true)) ||
      failed(check("packing", m.packing, arrays)) ||
      failed(check("row_tiles", m.rowTiles, arrays)) ||
      failed(check("col_tiles", m.colTiles, arrays)) ||
      failed(check("tiles", m.tiles, arrays)) ||
      failed(check("columns_per_round", m.columnsPerRound, false)) ||
      failed(check("row_tiles_per_round", m.rowTilesPerRound, false)) ||
      failed(check("rounds", m.rounds, true)) ||
      failed(check("cores", m.cores, true)) ||
      failed(check("steps", m.steps, true)))
    return failure();
  return success();
}
