//===- MappedLayers.cpp - Layers of a function with their mappings --------===//

#include "MappedLayers.h"

#include "cim/Dialect/Cim/IR/CimDialect.h"

using namespace mlir;
using namespace cim;

std::string cim::layerNameFor(Operation *anchor, const Layer &layer,
                              size_t index) {
  if (auto name = anchor->getAttrOfType<StringAttr>(
          CimDialect::LayerNameAttrHelper::getNameStr()))
    return name.str();
  Location loc = anchor->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (isa<NameLoc>(inner)) {
        loc = inner;
        break;
      }
  if (auto named = dyn_cast<NameLoc>(loc))
    return named.getName().str();
  if (!layer.name.empty())
    return layer.name;
  return (stringifyLayerKind(layer.kind) + llvm::Twine(index)).str();
}

FailureOr<MappedLayers> cim::getMappedLayers(func::FuncOp func) {
  FailureOr<ExtractedWorkload> extracted = extractWorkload(func);
  if (failed(extracted))
    return failure();
  MappedLayers result;
  result.extracted = std::move(*extracted);
  const std::vector<Layer> &layers = result.extracted.workload.layers;
  for (size_t i = 0; i < layers.size(); ++i) {
    Operation *anchor = result.extracted.anchors[i];
    auto mapping = anchor->getAttrOfType<MappingAttr>(
        CimDialect::MappingAttrHelper::getNameStr());
    if (!mapping)
      return anchor->emitOpError("has no '")
             << CimDialect::MappingAttrHelper::getNameStr()
             << "' attribute: run cim-map first";
    result.mappings.push_back(mapping.getMapping());
    result.names.push_back(layerNameFor(anchor, layers[i], i));
  }
  return result;
}
