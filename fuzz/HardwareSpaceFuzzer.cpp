//===- HardwareSpaceFuzzer.cpp - Fuzz the hardware-space JSON loader ------===//
//
// Text -> cim::parseJsonText -> HardwareSpace::fromJson (lib/Hardware/
// HardwareSpace.cpp), the loader behind cim-opt-search --hw-space. A `base`
// given as a file name resolves against the bundled configs/hw-space
// directory, as for configs/hw-space/default.json. An accepted space must
// decode its base genome and its first genome, and format/parse its genome
// text both ways.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/Hardware/HardwareJson.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Support/Resources.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string baseDirectory = [] {
    llvm::SmallString<256> dir(cim::resourceDirectory());
    llvm::sys::path::append(dir, "configs", "hw-space");
    return std::string(dir);
  }();
  auto value = cim::parseJsonText(cim::fuzz::asText(data, size), "space.json");
  if (!value) {
    cim::fuzz::dropError(value.takeError());
    return 0;
  }
  auto space =
      cim::HardwareSpace::fromJson(*value, "space.json", baseDirectory);
  if (!space) {
    cim::fuzz::dropError(space.takeError());
    return 0;
  }
  // fromJson proved every genome decodes; check the first one again, and that
  // its genome text parses back to it.
  std::vector<int> first(space->genes().size(), 0);
  auto config = space->decode(first);
  if (!config) {
    llvm::errs() << llvm::toString(config.takeError()) << "\n";
    cim::fuzz::propertyFailed("an accepted space does not decode genome 0");
  }
  if (!space->checkInvariants(*config).empty())
    cim::fuzz::propertyFailed("genome 0 breaks its own space's invariants");
  std::string text = space->formatGenome(first);
  auto parsed = space->parseGenome(text);
  if (!parsed) {
    llvm::errs() << llvm::toString(parsed.takeError()) << "\n";
    cim::fuzz::propertyFailed("formatGenome's text does not parse");
  }
  if (*parsed != first)
    cim::fuzz::propertyFailed("genome text round trip changed the genome");
  (void)space->baseGenome();
  return 0;
}
