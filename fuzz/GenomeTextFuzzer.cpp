//===- GenomeTextFuzzer.cpp - Fuzz the genome text parsers ----------------===//
//
// The first byte picks a search space (lib/Supernet: ofa_mbv3, ofa_mbv3_r,
// ofa_resnet50, vit_b16) or the bundled hardware space
// (configs/hw-space/default.json); the rest is genome text as --genome and
// --hw-genome take it (cim::parseGenome, HardwareSpace::parseGenome). An
// accepted genome must build its sub-network (or decode its hardware) and
// its formatted text must parse back to the same canonical genome.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/Hardware/HardwareSpace.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/SearchSpace.h"
#include "cim/Support/Resources.h"

namespace {
struct Spaces {
  std::vector<std::unique_ptr<cim::SearchSpace>> networks;
  std::unique_ptr<cim::HardwareSpace> hardware;
};
} // namespace

static const Spaces &spaces() {
  static const Spaces *all = [] {
    auto *s = new Spaces;
    for (const std::string &name : cim::searchSpaceNames()) {
      auto space = cim::createSearchSpace(name);
      if (!space) {
        llvm::errs() << llvm::toString(space.takeError()) << "\n";
        std::abort();
      }
      s->networks.push_back(std::move(*space));
    }
    auto path = cim::findResource("configs/hw-space/default.json");
    auto hw = path ? cim::HardwareSpace::load(*path)
                   : llvm::Expected<cim::HardwareSpace>(path.takeError());
    if (!hw) {
      llvm::errs() << llvm::toString(hw.takeError()) << "\n";
      std::abort();
    }
    s->hardware = std::make_unique<cim::HardwareSpace>(std::move(*hw));
    return s;
  }();
  return *all;
}

static void hardwareGenome(const cim::HardwareSpace &space,
                           llvm::StringRef text) {
  auto genome = space.parseGenome(text);
  if (!genome) {
    cim::fuzz::dropError(genome.takeError());
    return;
  }
  auto config = space.decode(*genome);
  if (!config) {
    llvm::errs() << llvm::toString(config.takeError()) << "\n";
    cim::fuzz::propertyFailed("a parsed hardware genome does not decode");
  }
  auto again = space.parseGenome(space.formatGenome(*genome));
  if (!again || *again != *genome)
    cim::fuzz::propertyFailed("hardware genome text round trip failed");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const Spaces &all = spaces();
  size_t pick = data[0] % (all.networks.size() + 1);
  llvm::StringRef text = cim::fuzz::asText(data + 1, size - 1);
  if (pick == all.networks.size()) {
    hardwareGenome(*all.hardware, text);
    return 0;
  }
  const cim::SearchSpace &space = *all.networks[pick];
  auto genome = cim::parseGenome(space, text);
  if (!genome) {
    cim::fuzz::dropError(genome.takeError());
    return 0;
  }
  auto network = space.build(*genome);
  if (!network) {
    llvm::errs() << llvm::toString(network.takeError()) << "\n";
    cim::fuzz::propertyFailed("a parsed genome does not build");
  }
  std::vector<int> canonical = space.canonicalize(*genome);
  for (cim::GenomeStyle style :
       {cim::GenomeStyle::Compact, cim::GenomeStyle::Dict}) {
    auto again =
        cim::parseGenome(space, cim::formatGenome(space, *genome, style));
    if (!again) {
      llvm::errs() << llvm::toString(again.takeError()) << "\n";
      cim::fuzz::propertyFailed("formatGenome's text does not parse");
    }
    if (space.canonicalize(*again) != canonical)
      cim::fuzz::propertyFailed("genome text round trip changed the network");
  }
  return 0;
}
