//===- CimAttrs.td - cim dialect attributes -----------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMATTRS_TD
#define CIM_DIALECT_CIM_IR_CIMATTRS_TD

include "cim/Dialect/Cim/IR/CimDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enum attributes (docs/dialect.md, "Typed contracts")
//===----------------------------------------------------------------------===//

// An attribute holding one value of a C++ enum whose spelling is given by
// cim::EnumSpelling<Enum> (CimAttrs.h): the cost model's enums keep their
// stringify/symbolize in lib/CostModel (plain C++, no MLIR) and the IR reads
// and writes exactly those names. Printed `#cim.<mnemonic><value>` on its own
// and as the bare keyword `value` in the ops' assembly (custom<EnumKeyword>).
class Cim_EnumAttr<string name, string cppEnum, string attrMnemonic,
                   string desc> : AttrDef<Cim_Dialect, name> {
  let mnemonic = attrMnemonic;
  let summary = desc;
  let parameters = (ins AttrParameter<cppEnum, desc>:$value);
  // `<value>`, parsed by cim::parseEnumAttr so that an unknown word yields
  // one diagnostic naming the valid values.
  let hasCustomAssemblyFormat = 1;
  let extraClassDefinition = [{
    ::mlir::Attribute $cppClass::parse(::mlir::AsmParser &parser,
                                       ::mlir::Type) {
      return ::cim::parseEnumAttr<$cppClass>(parser);
    }
    void $cppClass::print(::mlir::AsmPrinter &printer) const {
      ::cim::printEnumAttr(printer, *this);
    }
  }];
  let returnType = cppEnum;
  let convertFromStorage = "$_self.getValue()";
  let constBuilderCall =
      "::cim::" # name # "Attr::get($_builder.getContext(), $0)";
}

def Cim_LayerKindAttr : Cim_EnumAttr<"LayerKind", "::cim::LayerKind",
    "layer_kind", "a layer kind (cim::LayerKind): conv, matmul, batch_matmul "
    "or vector">;

def Cim_CaseKindAttr : Cim_EnumAttr<"CaseKind", "::cim::CaseKind",
    "case_kind", "an iteration case kind of a layer plan (cim::CaseKind): "
    "step, fill, drain, program or model_load">;

def Cim_ExecUnitAttr : Cim_EnumAttr<"ExecUnit", "::cim::ExecUnit",
    "exec_unit", "the unit that executes a layer (cim::ExecUnit): arrays or "
    "vector">;

def Cim_VectorOpAttr : Cim_EnumAttr<"VectorOp", "::cim::VectorOp",
    "vector_op", "a kind of vector-unit work (cim::VectorOp)">;

// The memory interfaces a transfer uses exist only in the IR (the cost model
// has one byte count per interface), so TableGen owns this enum.
def Cim_LinkEnum : I32EnumAttr<"Link", "a memory interface of a transfer", [
    I32EnumAttrCase<"Dram", 0, "dram">,
    I32EnumAttrCase<"Noc", 1, "noc">,
    I32EnumAttrCase<"Lb", 2, "lb">]> {
  let cppNamespace = "::cim";
  let genSpecializedAttr = 0;
}

def Cim_LinkAttr : Cim_EnumAttr<"Link", "::cim::Link", "link",
    "a memory interface: dram (DRAM <-> global buffer), noc (global buffer "
    "<-> local buffers) or lb (local buffer <-> arrays or vector lanes)">;

def Cim_HardwareConfigParameter
    : AttrParameter<"::cim::HardwareConfig", "a CiM hardware configuration"> {
  let comparator = "$_lhs == $_rhs";
}

def Cim_HardwareAttr : AttrDef<Cim_Dialect, "Hardware"> {
  let mnemonic = "hardware";
  let summary = "A compute-in-memory hardware configuration";
  let description = [{
    Every parameter of the hardware model (docs/hardware.md), stored as one
    `cim::HardwareConfig`, the same C++ type the JSON files, the cost model and
    the search use. The assembly lists every parameter as `key = value` in a
    fixed order; the parser accepts any order but requires each key once.

    ```mlir
    module attributes {cim.hardware = #cim.hardware<name = "default",
        compute_mode = bitline, dram_bytes_per_cycle = 32, ...>} {}
    ```
  }];
  let parameters = (ins Cim_HardwareConfigParameter:$config);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def Cim_LayerMappingParameter
    : AttrParameter<"::cim::LayerMapping", "a layer's mapping decisions"> {
  let comparator = "$_lhs == $_rhs";
}

def Cim_MappingAttr : AttrDef<Cim_Dialect, "Mapping"> {
  let mnemonic = "mapping";
  let summary = "The mapping the cost model chose for one layer";
  let description = [{
    Every decision of `cim::LayerMapping` (include/cim/CostModel/LayerPlan.h):
    execution unit, residency, replication, temporal step size, double
    buffering, tensor placement, and the derived tiling (packing, row/column
    tiles, rounds, cores, steps). `cim-map` attaches it to each layer's op as
    `cim.mapping`; `cim-lower` materializes it; the plan re-derived from it is
    checked against the layer, so a hand-edited mapping that does not fit is
    rejected.

    ```mlir
    #cim.mapping<unit = arrays, resident = false, arrays_available = 96, ...>
    ```
  }];
  let parameters = (ins Cim_LayerMappingParameter:$mapping);
  let hasCustomAssemblyFormat = 1;
  // No negative field; counts that every mapping has (replication, step
  // height, rounds, cores, steps) and, on the arrays, the tiling are >= 1.
  let genVerifyDecl = 1;
}

#endif // CIM_DIALECT_CIM_IR_CIMATTRS_TD
