//===- CimDialect.td - The cim dialect ---------------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMDIALECT_TD
#define CIM_DIALECT_CIM_IR_CIMDIALECT_TD

include "mlir/IR/OpBase.td"

def Cim_Dialect : Dialect {
  let name = "cim";
  let cppNamespace = "::cim";
  let summary = "Compute-in-memory hardware description and schedules";
  let description = [{
    The `cim` dialect describes a compute-in-memory accelerator
    (`#cim.hardware`, attached to a module as `cim.hardware`) and the mapped,
    lowered schedule of a workload on it: temporal steps, transfers between
    memory levels, weight programming, array matrix-vector operations,
    partial-sum accumulation and vector-unit work. The workload itself stays
    in upstream dialects (linalg on tensors).
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  // Every discardable attribute the project attaches, declared once: each
  // gets a helper class `CimDialect::<Name>AttrHelper` whose static
  // `getNameStr()` is the spelling ("cim.<name>") used everywhere.
  let discardableAttrs = (ins
    // On the module: the hardware configuration (cim-attach-hardware).
    "::cim::HardwareAttr":$hardware,
    // On a workload op: the vector-unit work it does (importers, emitter).
    "::cim::VectorOpAttr":$vector_op,
    // On a layer's first op, until cim-lower: its mapping and name (cim-map).
    "::cim::MappingAttr":$mapping,
    "::mlir::StringAttr":$layer_name,
    // On a mapped function: its cycles per inference and at model load.
    "::mlir::IntegerAttr":$cycles,
    "::mlir::IntegerAttr":$model_load_cycles
  );
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Cim_Op<string mnemonic, list<Trait> traits = []>
    : Op<Cim_Dialect, mnemonic, traits>;

#endif // CIM_DIALECT_CIM_IR_CIMDIALECT_TD
