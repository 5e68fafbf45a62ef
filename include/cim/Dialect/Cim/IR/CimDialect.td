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
  let extraClassDeclaration = [{
    void registerAttributes();

    /// The module attribute that carries the hardware configuration.
    static constexpr ::llvm::StringLiteral getHardwareAttrName() {
      return ::llvm::StringLiteral("cim.hardware");
    }
  }];
}

class Cim_Op<string mnemonic, list<Trait> traits = []>
    : Op<Cim_Dialect, mnemonic, traits>;

#endif // CIM_DIALECT_CIM_IR_CIMDIALECT_TD
