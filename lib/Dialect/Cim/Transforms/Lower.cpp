//===- Lower.cpp - Materialize mappings into cim schedule ops -----------===//

#include "MappedLayers.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Dialect/Cim/IR/CimOps.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/SetVector.h"

namespace cim {
#define GEN_PASS_DEF_CIMLOWER
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

/// Builds the schedule region of a layer: one cim.loop per plan case.
static void buildSchedule(OpBuilder &b, Location loc, const LayerPlan &plan) {
  const LayerMapping &m = plan.mapping;
  for (const PlanCase &c : plan.cases) {
    if (c.count == 0)
      continue;
    auto loop = b.create<LoopOp>(loc, c.kind, c.count, c.macs);
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(&loop.getBody().emplaceBlock());
    auto spatial =
        b.create<SpatialOp>(loc, m.cores, plan.arraysUsed, m.replication);
    b.setInsertionPointToStart(&spatial.getBody().emplaceBlock());
    if (c.dramBytes > 0)
      b.create<TransferOp>(loc, Link::Dram, c.dramBytes, IntegerAttr());
    if (c.gbBytes > 0)
      b.create<TransferOp>(loc, Link::Noc, c.gbBytes, IntegerAttr());
    if (c.lbBytes > 0 || c.lbBytesAllCores > 0)
      b.create<TransferOp>(loc, Link::Lb, c.lbBytes,
                           b.getI64IntegerAttr(c.lbBytesAllCores));
    if (c.rowsProgrammed > 0)
      b.create<ProgramOp>(loc, c.rowsProgrammed);
    if (c.mvmRows > 0 && c.mvmCols > 0) {
      b.create<MvmOp>(loc, c.mvms, c.mvmRows, c.mvmCols, !c.finalOutputs);
      if (!c.finalOutputs && m.rowTiles >= 2)
        b.create<AccumulateOp>(loc, m.rowTiles);
    }
    if (c.vectorOps > 0)
      b.create<VectorWorkOp>(loc, c.vectorOps);
  }
}

/// Moves the layer's ops into a new cim.layer placed where the last of them
/// was; values escaping the group become the layer's results.
static LogicalResult wrapLayer(OpBuilder &b, const std::string &name,
                               int64_t index, const Layer &layer,
                               Operation *anchor, ArrayRef<Operation *> fused,
                               const LayerPlan &plan) {
  SmallVector<Operation *> group{anchor};
  group.append(fused.begin(), fused.end());
  Block *block = anchor->getBlock();
  for (Operation *op : group)
    if (op->getBlock() != block)
      return op->emitOpError("belongs to layer '")
             << name << "' but is not in the same block as its first op";
  llvm::SmallPtrSet<Operation *, 8> inGroup(group.begin(), group.end());
  llvm::sort(group,
             [](Operation *a, Operation *c) { return a->isBeforeInBlock(c); });
  Operation *last = group.back();

  // Data-movement ops between the layer's ops belong to the layer when they
  // are made from its values and everything they produce feeds it: a reshape
  // between a matmul and its bias add, or a chain of them (the collapse +
  // expand that turns a batch matmul's heads x tokens x N into tokens x
  // heads*N before its requantization). A forward pass finds the region-free
  // ops fed by the layer, a backward pass keeps those whose every user is in
  // the layer (users follow their producers in the block, so one backward
  // pass settles whole chains).
  SmallVector<Operation *> fedByLayer;
  {
    llvm::SmallPtrSet<Operation *, 8> fed;
    for (Operation *op = group.front(); op != last; op = op->getNextNode()) {
      if (inGroup.contains(op) || op->getNumRegions() != 0 || op->use_empty())
        continue;
      bool readsLayer = llvm::any_of(op->getOperands(), [&](Value operand) {
        Operation *def = operand.getDefiningOp();
        return def && (inGroup.contains(def) || fed.contains(def));
      });
      if (readsLayer) {
        fed.insert(op);
        fedByLayer.push_back(op);
      }
    }
  }
  for (Operation *op : llvm::reverse(fedByLayer))
    if (llvm::all_of(op->getUsers(),
                     [&](Operation *u) { return inGroup.contains(u); })) {
      inGroup.insert(op);
      group.push_back(op);
    }
  llvm::sort(group,
             [](Operation *a, Operation *c) { return a->isBeforeInBlock(c); });

  // Ops interleaved with the layer's ops that consume its values but do not
  // feed it (another layer reading a LayerNorm's mean) move after the layer.
  SmallVector<Operation *> toSink;
  llvm::SmallPtrSet<Operation *, 8> sinking;
  auto readsFrom = [&](Operation *op, auto &producers) {
    WalkResult found = op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (producers.contains(def))
            return WalkResult::interrupt();
      return WalkResult::advance();
    });
    return found.wasInterrupted();
  };
  for (Operation *op = group.front(); op != last; op = op->getNextNode())
    if (!inGroup.contains(op) &&
        (readsFrom(op, inGroup) || readsFrom(op, sinking))) {
      toSink.push_back(op);
      sinking.insert(op);
    }
  for (Operation *op : toSink)
    for (Operation *user : op->getUsers())
      if (inGroup.contains(block->findAncestorOpInBlock(*user)))
        return op->emitOpError("sits between the ops of layer '")
               << name << "', reads its values and feeds it back";
  Operation *insertAfter = last;
  for (Operation *op : toSink) {
    op->moveAfter(insertAfter);
    insertAfter = op;
  }

  SmallVector<Value> escaping;
  for (Operation *op : group)
    for (Value result : op->getResults())
      for (OpOperand &use : result.getUses()) {
        Operation *user = use.getOwner();
        if (inGroup.contains(user))
          continue;
        Operation *userInBlock = block->findAncestorOpInBlock(*user);
        if (userInBlock && userInBlock->isBeforeInBlock(last))
          return user->emitOpError("uses a value of layer '")
                 << name << "' before the layer's last op";
        escaping.push_back(result);
        break;
      }

  b.setInsertionPoint(last);
  Location loc = anchor->getLoc();
  auto layerOp = b.create<LayerOp>(
      loc, ValueRange(escaping).getTypes(), name, index, layer.kind,
      MappingAttr::get(b.getContext(), plan.mapping), layer.macs(),
      plan.arraysUsed, plan.usedWeightSlots, plan.totalWeightSlots,
      plan.lbNeedBytes);
  for (auto [value, result] : llvm::zip(escaping, layerOp.getResults()))
    value.replaceUsesWithIf(result, [&](OpOperand &use) {
      return !inGroup.contains(use.getOwner());
    });

  Block *payload = &layerOp.getPayload().emplaceBlock();
  for (Operation *op : group) {
    op->moveBefore(payload, payload->end());
    op->removeAttr(CimDialect::MappingAttrHelper::getNameStr());
    op->removeAttr(CimDialect::LayerNameAttrHelper::getNameStr());
  }
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(payload);
  b.create<YieldOp>(loc, escaping);
  b.setInsertionPointToStart(&layerOp.getSchedule().emplaceBlock());
  buildSchedule(b, loc, plan);
  return success();
}

namespace {
struct LowerPass : public cim::impl::CimLowerBase<LowerPass> {
  using CimLowerBase::CimLowerBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    HardwareAttr hardware = getModuleHardware(module);
    if (!hardware) {
      module.emitError("cim-lower needs a hardware configuration on the "
                       "module: run cim-attach-hardware and cim-map first");
      return signalPassFailure();
    }
    OpBuilder builder(&getContext());
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      FailureOr<MappedLayers> mapped = getMappedLayers(func);
      if (failed(mapped))
        return signalPassFailure();
      const ExtractedWorkload &ex = mapped->extracted;
      for (size_t i = 0; i < ex.workload.layers.size(); ++i) {
        const Layer &layer = ex.workload.layers[i];
        llvm::Expected<LayerPlan> plan =
            planLayer(layer, hardware.getConfig(), mapped->mappings[i]);
        if (!plan) {
          ex.anchors[i]->emitOpError("mapping of layer '")
              << mapped->names[i]
              << "' does not fit: " << llvm::toString(plan.takeError());
          return signalPassFailure();
        }
        if (failed(wrapLayer(builder, mapped->names[i], i, layer, ex.anchors[i],
                             ex.fused[i], *plan)))
          return signalPassFailure();
      }
    }
  }
};
} // namespace
