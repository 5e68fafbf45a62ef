//===- EventReport.h - cim-sim's report of both models ----------*- C++ -*-===//
//
// The default cim-sim report: the event-driven engine's cycles (lib/EventSim)
// next to the analytical model's (costOfPlan over the same schedule), their
// ratio, and per layer the critical resource, the critical path by cause
// (stalls), and every resource class's utilization.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SIM_EVENTREPORT_H
#define CIM_SIM_EVENTREPORT_H

#include "cim/EventSim/EventSim.h"
#include "cim/Report/Report.h"

namespace cim {

/// `events` and `analytic` hold the same functions in the same order.
llvm::json::Value eventReportToJson(llvm::ArrayRef<evsim::NetworkTiming> events,
                                    llvm::ArrayRef<NetworkReport> analytic);
void printEventReportText(llvm::raw_ostream &os,
                          llvm::ArrayRef<evsim::NetworkTiming> events,
                          llvm::ArrayRef<NetworkReport> analytic);

} // namespace cim

#endif // CIM_SIM_EVENTREPORT_H
