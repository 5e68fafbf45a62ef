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

def CimMap : Pass<"cim-map", "mlir::ModuleOp"> {
  let summary = "Choose a mapping for every layer with the cost model";
  let description = [{
    Extracts the layer list of every function (docs/workload-ir.md), maps the
    whole network onto the module's `#cim.hardware` with the cost model
    (residency and replication per layer, tensor placement, tiling, temporal
    steps, double buffering; docs/timing.md) and records each layer's choice
    on its op: `cim.mapping = #cim.mapping<...>` and `cim.layer_name`. The
    function gets `cim.cycles` and `cim.model_load_cycles`.
  }];
  let dependentDialects = ["::cim::CimDialect"];
  let options = [
    Option<"exhaustive", "exhaustive", "bool", /*default=*/"false",
           "Use the exhaustive residency allocator (networks of at most 6 "
           "weight layers) instead of the greedy one">,
    Option<"allowVectorUnit", "allow-vector-unit", "bool", /*default=*/"true",
           "Let grouped and depthwise convolutions run on the vector units "
           "when that is cheaper">,
  ];
}

def CimLower : Pass<"cim-lower", "mlir::ModuleOp"> {
  let summary = "Materialize each layer's mapping into cim schedule ops";
  let description = [{
    Wraps every mapped layer's ops into a `cim.layer` whose payload keeps the
    tensor ops and whose schedule holds one `cim.loop` per distinct
    iteration case of the layer's plan (trip count, MACs per iteration), each
    with a `cim.spatial` region (cores, arrays, replicas) holding the
    transfers per interface, `cim.program`, `cim.mvm`, `cim.accumulate` and
    `cim.vector` work of the busiest array and core.
  }];
  let dependentDialects = ["::cim::CimDialect"];
}

def CimReport : Pass<"cim-report", "mlir::ModuleOp"> {
  let summary = "Emit the cycle breakdown of the mapped module";
  let description = [{
    Re-costs every function's recorded mappings with the cost model and
    writes the report (docs/timing.md): per layer and in total, cycles, the
    term that bounded them, the breakdown, bytes per level, utilization;
    JSON by default, a text table with `format=text`. Written to `output`
    (default: stdout). The IR is unchanged.
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "Where to write the report ('-' for stdout)">,
    Option<"format", "format", "std::string", /*default=*/"\"json\"",
           "json or text">,
  ];
}

def CimMaterializeTiles : Pass<"cim-materialize-tiles", "mlir::ModuleOp"> {
  let summary = "Rewrite each array-mapped layer's GEMM into its tile loops";
  let description = [{
    Runs after cim-lower. In the payload of every cim.layer mapped to the
    arrays, replaces the matmul / batch_matmul / convolution by explicit tile
    arithmetic following the layer's #cim.mapping: scf.for loops over rounds,
    temporal steps (rows_per_step output rows, the edge block smaller),
    column tiles (Cw-wide weight slices, the edge narrower), packed groups
    and row tiles (R-deep K slices, the edge shorter); each tile's partial
    product is a linalg.matmul on tensor slices (convolutions via im2col),
    partial sums of the row tiles are added explicitly and inserted into the
    output. Executing the result checks that the tiles cover the iteration
    space exactly once (docs/verification.md).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
