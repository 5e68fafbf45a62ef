//===- CimAttrs.h - cim dialect attributes ----------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMATTRS_H
#define CIM_DIALECT_CIM_IR_CIMATTRS_H

#include "cim/CostModel/LayerPlan.h"
#include "cim/CostModel/Workload.h"
#include "cim/Hardware/HardwareConfig.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/ADT/SmallVector.h"

#include "cim/Dialect/Cim/IR/CimEnums.h.inc"

namespace cim {
llvm::hash_code hash_value(const LayerMapping &mapping);

/// How the IR spells the values of an enum it carries as an attribute. The
/// cost model's enums (LayerKind, CaseKind, ExecUnit, VectorOp) are defined
/// with their stringify/symbolize in lib/CostModel, which has no MLIR; the
/// dialect's attributes hold those enums and read and write the same names
/// through these traits (docs/dialect.md). `values()` lists the valid values
/// for diagnostics (empty: the diagnostic names the bad word only).
template <typename Enum>
struct EnumSpelling;

template <>
struct EnumSpelling<LayerKind> {
  static constexpr llvm::StringLiteral what = "layer kind";
  static llvm::StringRef stringify(LayerKind v) {
    return stringifyLayerKind(v);
  }
  static std::optional<LayerKind> symbolize(llvm::StringRef s) {
    return symbolizeLayerKind(s);
  }
  static llvm::ArrayRef<LayerKind> values() { return kAllLayerKinds; }
};

template <>
struct EnumSpelling<CaseKind> {
  static constexpr llvm::StringLiteral what = "case kind";
  static llvm::StringRef stringify(CaseKind v) { return stringifyCaseKind(v); }
  static std::optional<CaseKind> symbolize(llvm::StringRef s) {
    return symbolizeCaseKind(s);
  }
  static llvm::ArrayRef<CaseKind> values() { return kAllCaseKinds; }
};

template <>
struct EnumSpelling<ExecUnit> {
  static constexpr llvm::StringLiteral what = "execution unit";
  static llvm::StringRef stringify(ExecUnit v) { return stringifyExecUnit(v); }
  static std::optional<ExecUnit> symbolize(llvm::StringRef s) {
    return symbolizeExecUnit(s);
  }
  static llvm::ArrayRef<ExecUnit> values() { return kAllExecUnits; }
};

template <>
struct EnumSpelling<VectorOp> {
  static constexpr llvm::StringLiteral what = "vector op";
  static llvm::StringRef stringify(VectorOp v) { return stringifyVectorOp(v); }
  static std::optional<VectorOp> symbolize(llvm::StringRef s) {
    return symbolizeVectorOp(s);
  }
  static llvm::ArrayRef<VectorOp> values() { return {}; }
};

/// The dialect's own enum (CimAttrs.td).
template <>
struct EnumSpelling<Link> {
  static constexpr llvm::StringLiteral what = "link";
  static llvm::StringRef stringify(Link v) { return stringifyLink(v); }
  static std::optional<Link> symbolize(llvm::StringRef s) {
    return symbolizeLink(s);
  }
  static llvm::ArrayRef<Link> values() {
    static const Link all[] = {Link::Dram, Link::Noc, Link::Lb};
    static_assert(std::size(all) == getMaxEnumValForLink() + 1,
                  "list every Link");
    return all;
  }
};

/// Parses a bare keyword naming a value of `Enum`; on an unknown word the
/// error names the word and the valid values.
template <typename Enum>
mlir::FailureOr<Enum> parseEnumValue(mlir::AsmParser &parser) {
  using Spelling = EnumSpelling<Enum>;
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef word;
  if (parser.parseOptionalKeyword(&word))
    return parser.emitError(loc) << "expected a " << Spelling::what;
  if (std::optional<Enum> value = Spelling::symbolize(word))
    return *value;
  llvm::ArrayRef<Enum> values = Spelling::values();
  if (values.empty())
    return parser.emitError(loc)
           << "unknown " << Spelling::what << " '" << word << "'";
  mlir::InFlightDiagnostic diag = parser.emitError(loc)
                                  << "expected " << Spelling::what << " ";
  for (size_t i = 0; i < values.size(); ++i)
    diag << (i == 0                   ? ""
             : i + 1 == values.size() ? " or "
                                      : ", ")
         << Spelling::stringify(values[i]);
  diag << ", found '" << word << "'";
  return diag;
}

/// The assembly `<value>` of an enum attribute.
template <typename AttrT>
mlir::Attribute parseEnumAttr(mlir::AsmParser &parser) {
  using Enum = decltype(std::declval<AttrT>().getValue());
  if (parser.parseLess())
    return {};
  mlir::FailureOr<Enum> value = parseEnumValue<Enum>(parser);
  if (mlir::failed(value) || parser.parseGreater())
    return {};
  return AttrT::get(parser.getContext(), *value);
}
template <typename AttrT>
void printEnumAttr(mlir::AsmPrinter &printer, AttrT attr) {
  using Enum = decltype(attr.getValue());
  printer << '<' << EnumSpelling<Enum>::stringify(attr.getValue()) << '>';
}

/// `custom<EnumKeyword>($attr)` in op assembly formats: the attribute as
/// its bare keyword (`cim.loop step ...`).
template <typename AttrT>
mlir::ParseResult parseEnumKeyword(mlir::OpAsmParser &parser, AttrT &attr) {
  using Enum = decltype(std::declval<AttrT>().getValue());
  mlir::FailureOr<Enum> value = parseEnumValue<Enum>(parser);
  if (mlir::failed(value))
    return mlir::failure();
  attr = AttrT::get(parser.getContext(), *value);
  return mlir::success();
}
template <typename AttrT>
void printEnumKeyword(mlir::OpAsmPrinter &printer, mlir::Operation *,
                      AttrT attr) {
  using Enum = decltype(attr.getValue());
  printer << EnumSpelling<Enum>::stringify(attr.getValue());
}
} // namespace cim

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/Cim/IR/CimAttrs.h.inc"

namespace cim {
/// The hardware attached to `module` (attribute `cim.hardware`), or null.
HardwareAttr getModuleHardware(mlir::ModuleOp module);

/// Tags `op` with the vector-unit work it does (discardable attribute
/// `cim.vector_op = #cim.vector_op<kind>`).
void setVectorOpTag(mlir::Operation *op, VectorOp kind);

/// The vector-unit work `op` is tagged with; std::nullopt when untagged.
/// Emits an error at `op` and fails on a tag that is not a vector op. Also
/// reads the string form `cim.vector_op = "relu"` older importers wrote.
mlir::FailureOr<std::optional<VectorOp>> getVectorOpTag(mlir::Operation *op);
} // namespace cim

#endif // CIM_DIALECT_CIM_IR_CIMATTRS_H
