// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-map
// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-lower
// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-report

// Every pass that needs the hardware says so.
// expected-error @+1 {{needs a hardware configuration on the module}}
module {
  func.func @f(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    return %x : tensor<2x4xf32>
  }
}
