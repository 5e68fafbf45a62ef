//===- CimOps.cpp - cim dialect operations and their verifiers ------------===//

#include "cim/Dialect/Cim/IR/CimOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace cim;

#define GET_OP_CLASSES
#include "cim/Dialect/Cim/IR/CimOps.cpp.inc"

/// The hardware of the module enclosing `op`; emits an error when there is
/// none (schedule ops only make sense against a configuration).
static std::optional<HardwareConfig> requireHardware(Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  HardwareAttr hw = module ? getModuleHardware(module) : HardwareAttr();
  if (!hw) {
    op->emitOpError("needs a #cim.hardware attribute ('")
        << CimDialect::HardwareAttrHelper::getNameStr()
        << "') on the enclosing module";
    return std::nullopt;
  }
  return hw.getConfig();
}

static LogicalResult requireNonNegative(Operation *op, StringRef name,
                                        IntegerAttr attr) {
  if (attr && attr.getInt() < 0)
    return op->emitOpError()
           << name << " must be non-negative, found " << attr.getInt();
  return success();
}

static LogicalResult requirePositive(Operation *op, StringRef name,
                                     IntegerAttr attr) {
  if (attr.getInt() <= 0)
    return op->emitOpError()
           << name << " must be positive, found " << attr.getInt();
  return success();
}

//===----------------------------------------------------------------------===//
// LayerOp
//===----------------------------------------------------------------------===//

LogicalResult LayerOp::verify() {
  if (failed(requireNonNegative(*this, "index", getIndexAttr())) ||
      failed(requireNonNegative(*this, "macs", getMacsAttr())) ||
      failed(requireNonNegative(*this, "arrays_used", getArraysUsedAttr())) ||
      failed(requireNonNegative(*this, "used_weight_slots",
                                getUsedWeightSlotsAttr())) ||
      failed(requireNonNegative(*this, "total_weight_slots",
                                getTotalWeightSlotsAttr())) ||
      failed(requireNonNegative(*this, "lb_need_bytes", getLbNeedBytesAttr())))
    return failure();
  if (getUsedWeightSlots() > getTotalWeightSlots())
    return emitOpError("uses ")
           << getUsedWeightSlots() << " weight slots of only "
           << getTotalWeightSlots();
  std::optional<HardwareConfig> hw = requireHardware(*this);
  if (!hw)
    return failure();
  const LayerMapping &m = getMapping().getMapping();
  int64_t copies = m.doubleBuffered ? 2 : 1;
  // Checked: a wrapped product of a huge lb_need_bytes would pass.
  std::optional<int64_t> need =
      llvm::checkedMul(getLbNeedBytesAttr().getInt(), copies);
  if (!need || *need > hw->lbBytes)
    return emitOpError("step buffers need ")
           << getLbNeedBytesAttr().getInt() << " bytes"
           << (m.doubleBuffered ? " x 2 (double-buffered)" : "")
           << " but the local buffer holds " << hw->lbBytes;
  if (getArraysUsedAttr().getInt() > hw->totalArrays())
    return emitOpError("uses ")
           << getArraysUsedAttr().getInt() << " arrays but the hardware has "
           << hw->totalArrays();
  return success();
}

LogicalResult LayerOp::verifyRegions() {
  Block &payload = getPayload().front();
  auto yield = payload.empty() ? nullptr : dyn_cast<YieldOp>(payload.back());
  if (!yield)
    return emitOpError("payload must end with cim.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("payload yields ")
           << yield.getValues().size()
           << " value(s) whose types differ from the layer's results";
  // The step loops must execute the layer's MACs exactly once: the tiles
  // cover the iteration space with neither gaps nor overlap.
  int64_t executed = 0;
  for (Operation &op : getSchedule().front()) {
    auto loop = dyn_cast<LoopOp>(op);
    if (!loop)
      return op.emitOpError("is not allowed directly in a layer schedule; "
                            "expected cim.loop");
    if (loop.getKind() != CaseKind::Step)
      continue;
    // Hand-written IR may hold counts whose product does not fit in int64.
    std::optional<int64_t> macs = llvm::checkedMulAdd(
        loop.getTripsAttr().getInt(), loop.getMacsAttr().getInt(), executed);
    if (!macs)
      return loop.emitOpError("executes more than 2^63-1 MACs (")
             << loop.getTripsAttr().getInt() << " trips x "
             << loop.getMacsAttr().getInt() << " MACs)";
    executed = *macs;
  }
  if (executed != getMacsAttr().getInt())
    return emitOpError("step loops execute ")
           << executed << " MACs but the layer has " << getMacsAttr().getInt()
           << ": the tiles do not cover the iteration space exactly once";
  return success();
}

//===----------------------------------------------------------------------===//
// Schedule ops
//===----------------------------------------------------------------------===//

LogicalResult LoopOp::verify() {
  if (failed(requirePositive(*this, "trips", getTripsAttr())) ||
      failed(requireNonNegative(*this, "macs", getMacsAttr())))
    return failure();
  Block &body = getBody().front();
  if (!llvm::hasSingleElement(body) || !isa<SpatialOp>(body.front()))
    return emitOpError("body must hold exactly one cim.spatial");
  return success();
}

LogicalResult SpatialOp::verify() {
  if (failed(requirePositive(*this, "cores", getCoresAttr())) ||
      failed(requireNonNegative(*this, "arrays", getArraysAttr())) ||
      failed(requirePositive(*this, "replicas", getReplicasAttr())))
    return failure();
  std::optional<HardwareConfig> hw = requireHardware(*this);
  if (!hw)
    return failure();
  if (getCoresAttr().getInt() > hw->cores)
    return emitOpError("uses ") << getCoresAttr().getInt()
                                << " cores but the hardware has " << hw->cores;
  if (getArraysAttr().getInt() > hw->totalArrays())
    return emitOpError("uses ")
           << getArraysAttr().getInt() << " arrays but the hardware has "
           << hw->totalArrays();
  return success();
}

LogicalResult TransferOp::verify() {
  if (failed(requireNonNegative(*this, "bytes", getBytesAttr())) ||
      failed(requireNonNegative(*this, "all_cores", getAllCoresAttr())))
    return failure();
  // cim-lower emits a transfer only when it moves bytes.
  if (getBytes() == 0 && getAllCores().value_or(0) == 0)
    return emitOpError("moves no bytes");
  if (getAllCores() && getLink() != Link::Lb)
    return emitOpError("all_cores applies to the lb link only");
  if (getAllCores() && *getAllCores() < getBytes())
    return emitOpError("all_cores (")
           << *getAllCores() << ") is below the busiest core's bytes ("
           << getBytes() << ")";
  return success();
}

LogicalResult ProgramOp::verify() {
  if (failed(requirePositive(*this, "rows", getRowsAttr())))
    return failure();
  std::optional<HardwareConfig> hw = requireHardware(*this);
  if (!hw)
    return failure();
  if (getRowsAttr().getInt() > hw->rows)
    return emitOpError("programs ")
           << getRowsAttr().getInt() << " rows but an array has " << hw->rows;
  return success();
}

LogicalResult MvmOp::verify() {
  if (failed(requirePositive(*this, "count", getCountAttr())) ||
      failed(requirePositive(*this, "rows", getRowsAttr())) ||
      failed(requirePositive(*this, "cols", getColsAttr())))
    return failure();
  std::optional<HardwareConfig> hw = requireHardware(*this);
  if (!hw)
    return failure();
  if (getRowsAttr().getInt() > hw->rows)
    return emitOpError("tile of ")
           << getRowsAttr().getInt() << " rows does not fit an array of "
           << hw->rows << " rows";
  if (getColsAttr().getInt() > hw->weightsPerRow())
    return emitOpError("tile of ")
           << getColsAttr().getInt()
           << " weight columns does not fit an array holding "
           << hw->weightsPerRow() << " weights per row";
  return success();
}

LogicalResult AccumulateOp::verify() {
  if (getRowTilesAttr().getInt() < 2)
    return emitOpError("row_tiles must be at least 2, found ")
           << getRowTilesAttr().getInt();
  return success();
}

LogicalResult VectorWorkOp::verify() {
  return requirePositive(*this, "ops", getOpsAttr());
}
