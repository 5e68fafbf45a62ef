//===- MapperInternal.h - Layer mapper without hardware validation -*- C++ -*-//

#ifndef CIM_LIB_COSTMODEL_MAPPERINTERNAL_H
#define CIM_LIB_COSTMODEL_MAPPERINTERNAL_H

#include "cim/CostModel/CostModel.h"

namespace cim {
namespace detail {

/// mapLayer for a hardware configuration the caller already validated.
llvm::Expected<LayerChoice> mapLayerUnchecked(const Layer &layer,
                                              const HardwareConfig &hw,
                                              const LayerContext &ctx,
                                              LayerCostCache *cache);

/// The fewest arrays that give `layer` the same mapping candidates as
/// ctx.arrays_available (so the same best choice).
int64_t canonicalArrays(const Layer &layer, const HardwareConfig &hw,
                        const LayerContext &ctx);

} // namespace detail
} // namespace cim

#endif // CIM_LIB_COSTMODEL_MAPPERINTERNAL_H
