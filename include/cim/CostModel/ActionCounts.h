//===- ActionCounts.h - Per-inference action counts of a layer --*- C++ -*-===//
//
// What the energy model (Energy.h) multiplies by energy per action. Its own
// header so that the layer mapper can keep the counts of the plan it chose
// beside that plan's cycles (LayerChoice), and the search costs energy
// without planning a layer twice.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_ACTIONCOUNTS_H
#define CIM_COSTMODEL_ACTIONCOUNTS_H

namespace cim {

/// How often each action happens in one layer, per inference; `load*` fields
/// are the one-off programming of a resident layer at model load.
struct ActionCounts {
  double cellOps = 0;
  double rowDrives = 0;
  double adcConversions = 0;
  double columnReads = 0;
  double adderTreeInputs = 0;
  double cellsProgrammed = 0;
  double lbBytes = 0;
  double gbBytes = 0;
  double nocBytes = 0;
  double dramBytes = 0;
  double vectorOps = 0;
  double cycles = 0;
  double loadCellsProgrammed = 0;
  double loadLbBytes = 0, loadGbBytes = 0, loadNocBytes = 0, loadDramBytes = 0;
};

} // namespace cim

#endif // CIM_COSTMODEL_ACTIONCOUNTS_H
