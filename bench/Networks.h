//===- Networks.h - ResNet-50 and MobileNetV3-Large layer lists -*- C++ -*-===//
//
// Built by hand from the torchvision definitions (resnet50, and
// mobilenet_v3_large with its bneck table), 224x224 input, batch 1. BN is
// folded into the convolutions (a bias per output), activations are fused
// into the producing GEMM, residual adds and SE gates are vector layers.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_BENCH_NETWORKS_H
#define CIM_BENCH_NETWORKS_H

#include "cim/CostModel/Workload.h"

namespace cim {
namespace bench {

Workload resnet50();
Workload mobilenetV3Large();

} // namespace bench
} // namespace cim

#endif // CIM_BENCH_NETWORKS_H
