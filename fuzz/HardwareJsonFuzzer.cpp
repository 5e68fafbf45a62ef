//===- HardwareJsonFuzzer.cpp - Fuzz the hardware JSON loader -------------===//
//
// Text -> cim::parseHardwareConfig (lib/Hardware/HardwareJson.cpp), the
// loader behind --hardware/config= in every tool. An accepted configuration
// must survive its own round trip: hardwareToJsonText then parse again gives
// the same configuration.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/Hardware/HardwareJson.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto config =
      cim::parseHardwareConfig(cim::fuzz::asText(data, size), "fuzz.json");
  if (!config) {
    cim::fuzz::dropError(config.takeError());
    return 0;
  }
  std::string text = cim::hardwareToJsonText(*config);
  auto again = cim::parseHardwareConfig(text, "round-trip.json");
  if (!again) {
    llvm::errs() << llvm::toString(again.takeError()) << "\n";
    cim::fuzz::propertyFailed("an accepted hardware file does not re-parse "
                              "after hardwareToJsonText");
  }
  if (!(*again == *config))
    cim::fuzz::propertyFailed("hardware JSON round trip changed the "
                              "configuration");
  return 0;
}
