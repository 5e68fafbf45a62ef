// RUN: cim-opt %S/Inputs/layernorm-mean-output.mlir --cim-compile="config=%test_inputs/hw/small.json" | FileCheck %s

// ONNX LayerNormalization with its optional Mean and InvStdDev outputs
// (libonnx-testdata test_layer_normalization_2d_axis0, imported): the
// normalization (its own layer) sits between the ops of the statistics layer
// and reads the mean; cim-lower moves it after that layer, whose three values
// (mean, variance-derived inverse deviation, and the variance the
// normalization reads) become its results.
// CHECK-LABEL: func.func @test_layer_normalization_2d_axis0
// CHECK: %[[STATS:.*]]:3 = cim.layer "layer_norm_0" kind vector
// CHECK: } schedule {
// CHECK: %[[NORM:.*]] = cim.layer "layer_norm_1" kind vector
// CHECK: ins(%arg0, %[[STATS]]#{{[0-9]}}, %[[STATS]]#{{[0-9]}}, %arg1, %arg2
// CHECK: return %[[NORM]], %[[STATS]]#{{[0-9]}}, %[[STATS]]#{{[0-9]}}
