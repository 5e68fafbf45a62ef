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

// The cost model's enums: their names, and the lists of valid values.
#define CIM_COST_MODEL_ENUM_SPELLING(Enum, What, AllValues)                    \
  template <>                                                                  \
  struct EnumSpelling<Enum> {                                                  \
    static constexpr llvm::StringLiteral what = What;                          \
    static llvm::StringRef stringify(Enum v) { return stringify##Enum(v); }    \
    static std::optional<Enum> symbolize(llvm::StringRef s) {                  \
      return symbolize##Enum(s);                                               \
    }                                                                          \
    static llvm::ArrayRef<Enum> values() { return AllValues; }                 \
  };
CIM_COST_MODEL_ENUM_SPELLING(LayerKind, "layer kind", kAllLayerKinds)
CIM_COST_MODEL_ENUM_SPELLING(CaseKind, "case kind", kAllCaseKinds)
CIM_COST_MODEL_ENUM_SPELLING(ExecUnit, "execution unit", kAllExecUnits)
// Open-ended (the importers add kinds): diagnostics name the bad word only.
CIM_COST_MODEL_ENUM_SPELLING(VectorOp, "vector op", {})
#undef CIM_COST_MODEL_ENUM_SPELLING

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
