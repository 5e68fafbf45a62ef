//===- CimAttrs.cpp - #cim.hardware assembly format and verifier ---------===//

#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace cim;

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/Cim/IR/CimAttrs.cpp.inc"

void CimDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "cim/Dialect/Cim/IR/CimAttrs.cpp.inc"
      >();
}

HardwareAttr cim::getModuleHardware(ModuleOp module) {
  return module->getAttrOfType<HardwareAttr>(CimDialect::getHardwareAttrName());
}

void HardwareAttr::print(AsmPrinter &printer) const {
  const HardwareConfig &c = getConfig();
  printer << "<name = ";
  printer.printString(c.name);
  printer << ", compute_mode = " << stringifyComputeMode(c.compute_mode);
  forEachField(
      c,
      [&](StringRef, StringRef, StringRef member, int64_t value) {
        printer << ", " << member << " = " << value;
      },
      [&](StringRef, StringRef, StringRef member, bool value) {
        printer << ", " << member << " = " << (value ? "true" : "false");
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
      parser.emitError(keyLoc) << "hardware parameter '" << key
                               << "' appears twice";
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
      config.compute_mode = *parsed;
    } else if (isIntField(key)) {
      int64_t value = 0;
      if (parser.parseInteger(value))
        return {};
      setIntField(config, key, value);
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

LogicalResult
HardwareAttr::verify(function_ref<InFlightDiagnostic()> emitError,
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
