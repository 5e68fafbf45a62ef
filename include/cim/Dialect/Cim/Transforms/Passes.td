//===- Passes.td - cim dialect passes -----------------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
#define CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CimAttachHardware : Pass<"cim-attach-hardware", "mlir::ModuleOp"> {
  let summary = "Attach a hardware configuration (JSON file) to the module";
  let description = [{
    Reads a hardware configuration in the JSON format of docs/hardware.md,
    validates it against every rule of the hardware model, and attaches it to
    the module as `cim.hardware = #cim.hardware<...>`, replacing any
    configuration already attached.
  }];
  let dependentDialects = ["::cim::CimDialect"];
  let options = [
    Option<"config", "config", "std::string", /*default=*/"\"\"",
           "Path of the hardware configuration JSON file">,
  ];
}

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
