//===- Passes.td - Workload IR passes ----------------------*- tablegen -*-===//
//
// Passes over the workload IR (linalg on tensors).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_WORKLOADIR_PASSES
#define CIM_WORKLOADIR_PASSES

include "mlir/Pass/PassBase.td"

def CimWorkloadStats : Pass<"cim-workload-stats", "mlir::ModuleOp"> {
  let summary = "Print per-op and total MACs, weight bytes and activation bytes";
  let description = [{
    Extracts the layer list of every `func.func` in the module (the same
    extraction the cost model uses) and prints one row per compute op: the
    GEMM op or vector op that is a layer, and the element-wise ops fused into
    it. MACs count convolutions, dense matmuls and activation matmuls only.
    Weight bytes are the constant tensor operands of the op; activation bytes
    are its computed tensor operands (`act_in_bytes`) and results
    (`act_out_bytes`), each at its element type. The IR is not modified.
  }];
  let options = [
    Option<"json", "json", "bool", "false",
           "Print JSON instead of a text table">,
    Option<"output", "output", "std::string", "\"-\"",
           "File to write the statistics to ('-' for stdout)">,
  ];
}

#endif // CIM_WORKLOADIR_PASSES
