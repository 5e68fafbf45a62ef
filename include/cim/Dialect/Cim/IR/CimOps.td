//===- CimOps.td - cim dialect operations -------------------*- tablegen -*-===//
//
// The lowered schedule of a mapped layer. `cim.layer` holds the layer's
// payload (the original tensor ops, so the IR keeps its meaning) and its
// schedule: temporal loops (`cim.loop`, one per distinct iteration case, with
// its trip count), each holding one `cim.spatial` region (the cores, arrays
// and replicas the case runs on) with the work of the busiest array and core:
// transfers per memory interface, weight programming, array MVMs,
// partial-sum accumulation and vector-unit work. cim-sim interprets exactly
// these ops (docs/timing.md).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_IR_CIMOPS_TD
#define CIM_DIALECT_CIM_IR_CIMOPS_TD

include "cim/Dialect/Cim/IR/CimDialect.td"
include "cim/Dialect/Cim/IR/CimAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Cim_LayerOp : Cim_Op<"layer", [NoTerminator]> {
  let summary = "A mapped layer: its payload and its schedule";
  let description = [{
    `payload` holds the layer's original tensor ops (a GEMM op with the
    element-wise ops fused into it, or a vector op) and yields the layer's
    results; values defined above may be used directly. `schedule` holds one
    `cim.loop` per distinct iteration case.

    `index` is the layer's position in the network (the order the cost model
    maps and reports layers in), which the placement of the op in its block
    need not follow.

    The verifier checks that the step loops execute exactly the layer's MACs
    (the tiles cover the iteration space once) and that one step's buffers fit
    the local buffer (twice when double-buffered).
  }];
  let arguments = (ins
    StrAttr:$layer_name,
    I64Attr:$index,
    Cim_LayerKindAttr:$kind,
    Cim_MappingAttr:$mapping,
    I64Attr:$macs,
    I64Attr:$arrays_used,
    I64Attr:$used_weight_slots,
    I64Attr:$total_weight_slots,
    I64Attr:$lb_need_bytes
  );
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$payload, SizedRegion<1>:$schedule);
  let assemblyFormat = [{
    $layer_name `kind` custom<EnumKeyword>($kind) `macs` $macs attr-dict
    `payload` $payload `schedule` $schedule (`:` type($results)^)?
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Cim_YieldOp : Cim_Op<"yield", [Pure, Terminator,
    HasParent<"::cim::LayerOp">]> {
  let summary = "Yields a layer's results from its payload";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Cim_LoopOp : Cim_Op<"loop", [NoTerminator, SingleBlock,
    HasParent<"::cim::LayerOp">]> {
  let summary = "A temporal loop over identical iterations of one case";
  let description = [{
    `kind` is `step` (a temporal step: hop + max of its terms when the layer
    is double-buffered, hop + their sum otherwise), `fill` / `drain` (the
    exposed first inbound and last outbound transfers of a double-buffered
    round), `program` (programming a streamed round, every inference) or
    `model_load` (programming a resident layer once, at model load). `trips`
    is the trip count; `macs` the MACs one iteration executes.
  }];
  let arguments = (ins Cim_CaseKindAttr:$kind, I64Attr:$trips, I64Attr:$macs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    custom<EnumKeyword>($kind) `trips` `(` $trips `)` `macs` `(` $macs `)`
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def Cim_SpatialOp : Cim_Op<"spatial", [NoTerminator, SingleBlock,
    HasParent<"::cim::LoopOp">]> {
  let summary = "The spatial extent of one iteration: cores, arrays, replicas";
  let description = [{
    The body describes the work of the busiest array and the busiest core of
    one iteration; the work of the other arrays and cores happens in
    parallel.
  }];
  let arguments = (ins I64Attr:$cores, I64Attr:$arrays, I64Attr:$replicas);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "`cores` `(` $cores `)` `arrays` `(` $arrays `)` `replicas` `(` $replicas `)` attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def Cim_TransferOp : Cim_Op<"transfer", [HasParent<"::cim::SpatialOp">]> {
  let summary = "Bytes moved over one memory interface in one iteration";
  let description = [{
    `link` is `dram` (DRAM <-> global buffer), `noc` (global buffer <-> local
    buffers, the shared NoC) or `lb` (local buffer <-> arrays or vector lanes
    of the busiest core; `all_cores` is the same link summed over cores).
  }];
  let arguments = (ins Cim_LinkAttr:$link, I64Attr:$bytes,
                   OptionalAttr<I64Attr>:$all_cores);
  let assemblyFormat =
      "custom<EnumKeyword>($link) `bytes` `(` $bytes `)` attr-dict";
  let hasVerifier = 1;
}

def Cim_ProgramOp : Cim_Op<"program", [HasParent<"::cim::SpatialOp">]> {
  let summary = "Writes weight rows into the busiest array";
  let arguments = (ins I64Attr:$rows);
  let assemblyFormat = "`rows` `(` $rows `)` attr-dict";
  let hasVerifier = 1;
}

def Cim_MvmOp : Cim_Op<"mvm", [HasParent<"::cim::SpatialOp">]> {
  let summary = "Back-to-back matrix-vector operations on the busiest array";
  let description = [{
    `count` MVMs on a tile of `rows` rows by `cols` weight columns; `partial`
    when the outputs are partial sums (`pb` bits) reduced later by
    `cim.accumulate`, else final outputs (`ob` bits). The tile must fit the
    array of the module's `#cim.hardware`.
  }];
  let arguments = (ins I64Attr:$count, I64Attr:$rows, I64Attr:$cols,
                   UnitAttr:$partial);
  let assemblyFormat = "$count `x` `[` $rows `x` $cols `]` attr-dict";
  let hasVerifier = 1;
}

def Cim_AccumulateOp : Cim_Op<"accumulate", [HasParent<"::cim::SpatialOp">]> {
  let summary = "Reduces partial sums of `row_tiles` row tiles";
  let description = [{
    Marks that the MVM outputs of this iteration are partial sums over
    `row_tiles` row tiles, added on the vector unit; the additions are part
    of the iteration's `cim.vector` operations.
  }];
  let arguments = (ins I64Attr:$row_tiles);
  let assemblyFormat = "`row_tiles` `(` $row_tiles `)` attr-dict";
  let hasVerifier = 1;
}

def Cim_VectorWorkOp : Cim_Op<"vector", [HasParent<"::cim::SpatialOp">]> {
  let summary = "Element operations on the busiest core's vector unit";
  let arguments = (ins I64Attr:$ops);
  let assemblyFormat = "`ops` `(` $ops `)` attr-dict";
  let hasVerifier = 1;
}

#endif // CIM_DIALECT_CIM_IR_CIMOPS_TD
