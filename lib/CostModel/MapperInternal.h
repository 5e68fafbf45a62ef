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

} // namespace detail
} // namespace cim

#endif // CIM_LIB_COSTMODEL_MAPPERINTERNAL_H
