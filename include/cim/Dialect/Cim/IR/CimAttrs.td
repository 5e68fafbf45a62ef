//===- CimAttrs.td - cim dialect attributes -----------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMATTRS_TD
#define CIM_DIALECT_CIM_IR_CIMATTRS_TD

include "cim/Dialect/Cim/IR/CimDialect.td"
include "mlir/IR/AttrTypeBase.td"

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
}

#endif // CIM_DIALECT_CIM_IR_CIMATTRS_TD
