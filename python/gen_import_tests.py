#!/usr/bin/python3
"""Generate the small ONNX models that test/cim-translate/*.test import.

  /usr/bin/python3 python/gen_import_tests.py [--out test/cim-translate/Inputs]

Every model is built with onnx.helper, deterministic (weights are arange
patterns or fixed lists, so expected constants can be worked out by hand)
and checked with onnx.checker except the deliberately broken ones. The
outputs are committed; rerun this script after changing it.
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
I64 = TensorProto.INT64


def arange(shape, scale=0.5):
    return (np.arange(int(np.prod(shape)), dtype=np.float32) * scale).reshape(shape)


def init(name, array):
    array = np.asarray(array)
    if array.dtype == np.float64:
        array = array.astype(np.float32)
    return numpy_helper.from_array(array, name)


def ints(name, values):
    return init(name, np.asarray(values, dtype=np.int64))


def vi(name, shape, dtype=F):
    return helper.make_tensor_value_info(name, dtype, shape)


def model(nodes, inputs, outputs, inits=(), opset=17, name="test_graph",
          check=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="gen_import_tests")
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    return m


def build_all():
    M = {}
    node = helper.make_node

    # --- Conv ------------------------------------------------------------
    M["conv_pad_bias"] = model(
        [node("Conv", ["x", "w", "b"], ["y"], name="conv1", pads=[1, 1, 1, 1])],
        [vi("x", [1, 3, 8, 8])], [vi("y", [1, 4, 8, 8])],
        [init("w", arange([4, 3, 3, 3])), init("b", [1.0, 2.0, 3.0, 4.0])])
    M["conv_stride_dilation"] = model(
        [node("Conv", ["x", "w"], ["y"], name="conv_sd", strides=[2, 2],
              dilations=[2, 2])],
        [vi("x", [1, 2, 9, 9])], [vi("y", [1, 3, 3, 3])],
        [init("w", arange([3, 2, 3, 3]))])
    for mode, out in [("SAME_UPPER", 5), ("SAME_LOWER", 5), ("VALID", 4)]:
        M["conv_" + mode.lower()] = model(
            [node("Conv", ["x", "w"], ["y"], name="conv_auto", auto_pad=mode)],
            [vi("x", [1, 1, 5, 5])], [vi("y", [1, 1, out, out])],
            [init("w", arange([1, 1, 2, 2]))])
    M["conv_depthwise"] = model(
        [node("Conv", ["x", "w"], ["y"], name="dw", group=4, pads=[1, 1, 1, 1])],
        [vi("x", [1, 4, 6, 6])], [vi("y", [1, 4, 6, 6])],
        [init("w", arange([4, 1, 3, 3]))])
    M["conv_grouped"] = model(
        [node("Conv", ["x", "w"], ["y"], name="gconv", group=2,
              pads=[1, 1, 1, 1])],
        [vi("x", [1, 4, 6, 6])], [vi("y", [1, 6, 6, 6])],
        [init("w", arange([6, 2, 3, 3]))])
    M["conv_depthwise_multiplier"] = model(
        [node("Conv", ["x", "w"], ["y"], name="dwm", group=2)],
        [vi("x", [1, 2, 5, 5])], [vi("y", [1, 4, 3, 3])],
        [init("w", arange([4, 1, 3, 3]))])

    # --- Gemm / MatMul ---------------------------------------------------
    M["gemm_bias"] = model(
        [node("Gemm", ["a", "b", "c"], ["y"], name="fc")],
        [vi("a", [2, 4])], [vi("y", [2, 3])],
        [init("b", arange([4, 3])), init("c", [1.0, 2.0, 3.0])])
    M["gemm_trans_alpha_beta"] = model(
        [node("Gemm", ["a", "b", "c"], ["y"], name="fc_t", transA=1, transB=1,
              alpha=2.0, beta=0.5)],
        [vi("a", [4, 2])], [vi("y", [2, 3])],
        [init("b", arange([3, 4])), init("c", [[2.0, 4.0, 6.0],
                                                [8.0, 10.0, 12.0]])])
    M["matmul_2d"] = model(
        [node("MatMul", ["a", "b"], ["y"], name="mm")],
        [vi("a", [3, 4]), vi("b", [4, 5])], [vi("y", [3, 5])])
    M["matmul_linear"] = model(
        [node("MatMul", ["a", "w"], ["y"], name="linear")],
        [vi("a", [1, 5, 4])], [vi("y", [1, 5, 3])],
        [init("w", arange([4, 3]))])
    M["matmul_batch"] = model(
        [node("MatMul", ["a", "b"], ["y"], name="bmm")],
        [vi("a", [2, 3, 4, 5]), vi("b", [2, 3, 5, 6])], [vi("y", [2, 3, 4, 6])])
    M["matmul_broadcast"] = model(
        [node("MatMul", ["a", "b"], ["y"], name="bmm_bc")],
        [vi("a", [2, 1, 4, 5]), vi("b", [3, 5, 6])], [vi("y", [2, 3, 4, 6])])
    M["matmul_vector"] = model(
        [node("MatMul", ["a", "b"], ["y"], name="mv")],
        [vi("a", [4]), vi("b", [4, 3])], [vi("y", [3])])

    # --- Pooling ---------------------------------------------------------
    M["maxpool_pads"] = model(
        [node("MaxPool", ["x"], ["y"], name="mp", kernel_shape=[3, 3],
              strides=[2, 2], pads=[1, 1, 1, 1])],
        [vi("x", [1, 1, 5, 5])], [vi("y", [1, 1, 3, 3])])
    M["maxpool_ceil"] = model(
        [node("MaxPool", ["x"], ["y"], name="mp_ceil", kernel_shape=[3, 3],
              strides=[2, 2], ceil_mode=1)],
        [vi("x", [1, 1, 6, 6])], [vi("y", [1, 1, 3, 3])])
    for include in (0, 1):
        M["avgpool_include_pad_%d" % include] = model(
            [node("AveragePool", ["x"], ["y"], name="ap", kernel_shape=[3, 3],
                  pads=[1, 1, 1, 1], count_include_pad=include)],
            [vi("x", [1, 1, 4, 4])], [vi("y", [1, 1, 4, 4])])
    M["global_pools"] = model(
        [node("GlobalAveragePool", ["x"], ["a"], name="gap"),
         node("GlobalMaxPool", ["x"], ["m"], name="gmp")],
        [vi("x", [1, 3, 4, 4])], [vi("a", [1, 3, 1, 1]), vi("m", [1, 3, 1, 1])])

    # --- Element-wise ----------------------------------------------------
    M["binary_broadcast"] = model(
        [node("Add", ["x", "y"], ["s"], name="add"),
         node("Sub", ["s", "one_half"], ["d"], name="sub"),
         node("Mul", ["d", "k"], ["p"], name="mul"),
         node("Div", ["p", "z"], ["q"], name="div")],
        [vi("x", [2, 3, 4]), vi("y", [3, 1]), vi("z", [1, 1, 4])],
        [vi("q", [2, 3, 4])],
        [init("one_half", np.float32(1.5)), init("k", [1.0, 2.0, 3.0, 4.0])])
    acts = [("Relu", {}), ("Sigmoid", {}),
            ("HardSigmoid", {"alpha": 0.25, "beta": 0.375}),
            ("HardSwish", {}), ("Tanh", {}), ("Erf", {}), ("Neg", {}),
            ("Exp", {}), ("Reciprocal", {}), ("Sqrt", {}),
            ("LeakyRelu", {"alpha": 0.125})]
    nodes, prev = [], "x"
    for i, (op, attrs) in enumerate(acts):
        nodes.append(node(op, [prev], ["t%d" % i], name=op.lower(), **attrs))
        prev = "t%d" % i
    nodes.append(node("Clip", [prev, "lo", "hi"], ["y"], name="clip"))
    M["activations"] = model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])],
                             [init("lo", np.float32(0.0)),
                              init("hi", np.float32(6.0))])
    M["clip_opset10"] = model(
        [node("Clip", ["x"], ["y"], name="clip_attr", min=-1.0, max=1.0)],
        [vi("x", [2, 3])], [vi("y", [2, 3])], opset=10)
    M["pow"] = model(
        [node("Pow", ["x", "two"], ["a"], name="square"),
         node("Pow", ["a", "half"], ["b"], name="root"),
         node("Pow", ["b", "three"], ["y"], name="cube")],
        [vi("x", [2, 3])], [vi("y", [2, 3])],
        [init("two", np.float32(2.0)), init("half", np.float32(0.5)),
         init("three", np.float32(3.0))])
    M["gelu_erf"] = model(
        [node("Div", ["x", "sqrt2"], ["a"], name="gelu_div"),
         node("Erf", ["a"], ["b"], name="gelu_erf"),
         node("Add", ["b", "one"], ["c"], name="gelu_add"),
         node("Mul", ["x", "c"], ["d"], name="gelu_mul"),
         node("Mul", ["d", "half"], ["y"], name="gelu_half")],
        [vi("x", [1, 4, 8])], [vi("y", [1, 4, 8])],
        [init("sqrt2", np.float32(1.4142135)), init("one", np.float32(1.0)),
         init("half", np.float32(0.5))], opset=13)

    # --- Normalization / softmax ----------------------------------------
    M["batchnorm"] = model(
        [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], name="bn",
              epsilon=1.0)],
        [vi("x", [1, 2, 3, 3])], [vi("y", [1, 2, 3, 3])],
        [init("s", [2.0, 3.0]), init("b", [0.5, 1.0]), init("m", [1.0, 2.0]),
         init("v", [3.0, 8.0])])
    M["layernorm"] = model(
        [node("LayerNormalization", ["x", "g", "b"], ["y"], name="ln",
              axis=-1, epsilon=1e-5)],
        [vi("x", [2, 5, 4])], [vi("y", [2, 5, 4])],
        [init("g", [1.0, 2.0, 3.0, 4.0]), init("b", [0.0, 0.0, 1.0, 1.0])])
    M["layernorm_decomposed"] = model(
        [node("ReduceMean", ["x"], ["mean"], name="ln_mean", axes=[-1]),
         node("Sub", ["x", "mean"], ["d"], name="ln_sub"),
         node("Pow", ["d", "two"], ["sq"], name="ln_pow"),
         node("ReduceMean", ["sq"], ["var"], name="ln_var", axes=[-1]),
         node("Add", ["var", "eps"], ["ve"], name="ln_eps"),
         node("Sqrt", ["ve"], ["sd"], name="ln_sqrt"),
         node("Div", ["d", "sd"], ["n"], name="ln_div"),
         node("Mul", ["n", "g"], ["ng"], name="ln_scale"),
         node("Add", ["ng", "b"], ["y"], name="ln_shift")],
        [vi("x", [2, 5, 4])], [vi("y", [2, 5, 4])],
        [init("two", np.float32(2.0)), init("eps", np.float32(1e-5)),
         init("g", [1.0, 2.0, 3.0, 4.0]), init("b", [0.0, 0.0, 1.0, 1.0])],
        opset=13)
    M["softmax_opset13"] = model(
        [node("Softmax", ["x"], ["y"], name="sm")],
        [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=13)
    M["softmax_opset11_coerced"] = model(
        [node("Softmax", ["x"], ["y"], name="sm11", axis=1)],
        [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=11)

    # --- Data movement ---------------------------------------------------
    M["reshape_flatten"] = model(
        [node("Reshape", ["x", "shape"], ["r"], name="reshape"),
         node("Flatten", ["x"], ["f"], name="flatten", axis=2),
         node("Reshape", ["x", "shape2"], ["r2"], name="reshape_mixed")],
        [vi("x", [2, 3, 4])],
        [vi("r", [2, 12]), vi("f", [6, 4]), vi("r2", [4, 6])],
        [ints("shape", [0, -1]), ints("shape2", [4, 6])])
    M["transpose"] = model(
        [node("Transpose", ["x"], ["t"], name="swap", perm=[0, 2, 1]),
         node("Transpose", ["u"], ["v"], name="unit_move", perm=[2, 0, 1, 3])],
        [vi("x", [2, 3, 4]), vi("u", [1, 3, 1, 4])],
        [vi("t", [2, 4, 3]), vi("v", [1, 1, 3, 4])])
    M["squeeze_unsqueeze"] = model(
        [node("Squeeze", ["x", "axes0"], ["s"], name="squeeze"),
         node("Unsqueeze", ["s", "axes1"], ["u"], name="unsqueeze")],
        [vi("x", [1, 3, 1, 4])], [vi("u", [3, 1, 4, 1])],
        [ints("axes0", [0, 2]), ints("axes1", [1, 3])], opset=13)
    M["squeeze_unsqueeze_opset11"] = model(
        [node("Squeeze", ["x"], ["s"], name="squeeze11", axes=[0]),
         node("Unsqueeze", ["s"], ["u"], name="unsqueeze11", axes=[-1])],
        [vi("x", [1, 3, 4])], [vi("u", [3, 4, 1])], opset=11)
    M["concat_slice_split"] = model(
        [node("Concat", ["a", "b"], ["c"], name="concat", axis=1),
         node("Slice", ["c", "starts", "ends", "axes", "steps"], ["s"],
              name="slice"),
         node("Split", ["c", "split"], ["p0", "p1"], name="split", axis=1)],
        [vi("a", [2, 2, 3]), vi("b", [2, 4, 3])],
        [vi("s", [2, 2, 3]), vi("p0", [2, 1, 3]), vi("p1", [2, 5, 3])],
        [ints("starts", [1]), ints("ends", [-1]), ints("axes", [1]),
         ints("steps", [2]), ints("split", [1, 5])], opset=13)
    M["gather"] = model(
        [node("Gather", ["x", "i0"], ["g0"], name="take_first", axis=1),
         node("Gather", ["x", "idx"], ["g1"], name="take_many", axis=1)],
        [vi("x", [1, 5, 4])], [vi("g0", [1, 4]), vi("g1", [1, 3, 4])],
        [ints("i0", 0), ints("idx", [3, 4, 1])])
    M["identity_dropout_expand"] = model(
        [node("Identity", ["x"], ["i"], name="ident"),
         node("Dropout", ["i"], ["d"], name="drop"),
         node("Expand", ["d", "shape"], ["y"], name="expand")],
        [vi("x", [3, 1])], [vi("y", [2, 3, 4])],
        [ints("shape", [2, 1, 4])])
    # What torch exports for x.view(x.size(0), -1): a shape sub-graph.
    M["shape_subgraph"] = model(
        [node("Shape", ["x"], ["shp"], name="shape"),
         node("Gather", ["shp", "zero"], ["n"], name="gather_n", axis=0),
         node("Unsqueeze", ["n", "axes0"], ["n1"], name="unsq_n"),
         node("Concat", ["n1", "minus1"], ["target"], name="cat_shape", axis=0),
         node("ConstantOfShape", ["two_elems"], ["ones"], name="cos",
              value=helper.make_tensor("v", I64, [1], [1])),
         node("Equal", ["target", "minus1"], ["is_m1"], name="eq"),
         node("Where", ["is_m1", "ones", "target"], ["expand_to"],
              name="where"),
         node("Cast", ["expand_to"], ["expand_to64"], name="cast", to=I64),
         node("Range", ["r0", "r1", "r2"], ["rng"], name="range"),
         node("Reshape", ["x", "target"], ["flat"], name="reshape"),
         node("Expand", ["flat", "expand_to64"], ["y"], name="expand")],
        [vi("x", [2, 3, 4])], [vi("y", [2, 12]), vi("rng", [3], I64)],
        [ints("zero", 0), ints("axes0", [0]), ints("minus1", [-1]),
         ints("two_elems", [2]), ints("r0", 0), ints("r1", 6), ints("r2", 2)],
        opset=13)

    # --- Run-time operands that real exports keep constant ---------------
    M["batchnorm_runtime"] = model(
        [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"],
              name="bn_rt", epsilon=0.5)],
        [vi("x", [1, 2, 3, 3]), vi("s", [2]), vi("b", [2]), vi("m", [2]),
         vi("v", [2])], [vi("y", [1, 2, 3, 3])])
    M["clip_runtime"] = model(
        [node("Clip", ["x", "lo", "hi"], ["y"], name="clip_rt")],
        [vi("x", [2, 3]), vi("lo", []), vi("hi", [])], [vi("y", [2, 3])])
    M["cast_runtime"] = model(
        [node("Cast", ["x"], ["h"], name="to_f16", to=TensorProto.FLOAT16),
         node("Cast", ["x"], ["i"], name="to_i32", to=TensorProto.INT32),
         node("Cast", ["n"], ["f"], name="i64_to_f32", to=F),
         node("Cast", ["x"], ["b"], name="to_bool", to=TensorProto.BOOL)],
        [vi("x", [2, 3]), vi("n", [2, 3], I64)],
        [vi("h", [2, 3], TensorProto.FLOAT16), vi("i", [2, 3], TensorProto.INT32),
         vi("f", [2, 3]), vi("b", [2, 3], TensorProto.BOOL)])
    M["minmax_logic"] = model(
        [node("Max", ["x", "y", "z"], ["mx"], name="max3"),
         node("Min", ["mx", "half"], ["mn"], name="min_half"),
         node("Less", ["x", "y"], ["lt"], name="less"),
         node("Greater", ["x", "y"], ["gt"], name="greater"),
         node("Or", ["lt", "gt"], ["ne"], name="or"),
         node("Not", ["ne"], ["eq"], name="not"),
         node("Where", ["eq", "x", "mn"], ["w"], name="where")],
        [vi("x", [2, 3]), vi("y", [2, 3]), vi("z", [3])],
        [vi("w", [2, 3]), vi("eq", [2, 3], TensorProto.BOOL)],
        [init("half", np.float32(0.5))])
    M["dropout_mask"] = model(
        [node("Dropout", ["x"], ["y", "mask"], name="drop_mask")],
        [vi("x", [2, 2])], [vi("y", [2, 2]), vi("mask", [2, 2], TensorProto.BOOL)])

    # --- Bad input -------------------------------------------------------
    M["range_runtime"] = model(
        [node("Range", ["a", "b", "c"], ["y"], name="rng")],
        [vi("a", [], I64), vi("b", [], I64), vi("c", [], I64)],
        [vi("y", ["n"], I64)])
    M["unsupported_op"] = model(
        [node("Relu", ["x"], ["r"], name="ok_relu"),
         node("Celu", ["r"], ["y"], name="my_celu")],
        [vi("x", [2, 3])], [vi("y", [2, 3])], opset=13)
    M["unsupported_domain"] = model(
        [node("FancyOp", ["x"], ["y"], domain="com.example")],
        [vi("x", [2, 3])], [vi("y", [2, 3])], check=False)
    M["dynamic_batch"] = model(
        [node("Relu", ["input"], ["y"], name="relu")],
        [vi("input", ["N", 3, 8, 8])], [vi("y", ["N", 3, 8, 8])])
    M["opset6"] = model([node("Relu", ["x"], ["y"])], [vi("x", [2])],
                        [vi("y", [2])], opset=6, check=False)
    M["opset18"] = model([node("Relu", ["x"], ["y"])], [vi("x", [2])],
                         [vi("y", [2])], opset=18, check=False)
    M["reshape_runtime_shape"] = model(
        [node("Reshape", ["x", "s"], ["y"], name="dyn_reshape")],
        [vi("x", [2, 3]), vi("s", [2], I64)], [vi("y", [3, 2])])
    M["where_runtime"] = model(
        [node("Where", ["c", "x", "z"], ["y"], name="select")],
        [vi("c", [2, 3], TensorProto.BOOL), vi("x", [2, 3]), vi("z", [2, 3])],
        [vi("y", [2, 3])])
    M["mixed_types"] = model(
        [node("Add", ["x", "d"], ["y"], name="add_f64")],
        [vi("x", [2, 3])], [vi("y", [2, 3])],
        [numpy_helper.from_array(np.ones([3], dtype=np.float64), "d")],
        check=False)
    M["conv3d"] = model(
        [node("Conv", ["x", "w"], ["y"], name="conv3d")],
        [vi("x", [1, 1, 4, 4, 4])], [vi("y", [1, 1, 3, 3, 3])],
        [init("w", arange([1, 1, 2, 2, 2]))])
    return M


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(
        here, "..", "test", "cim-translate", "Inputs"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    models = build_all()
    for name, m in sorted(models.items()):
        with open(os.path.join(args.out, name + ".onnx"), "wb") as f:
            f.write(m.SerializeToString())
    # A valid model cut short, and bytes that are not a protobuf at all.
    good = models["conv_pad_bias"].SerializeToString()
    with open(os.path.join(args.out, "truncated.onnx"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(os.path.join(args.out, "not_a_model.onnx"), "wb") as f:
        f.write(b"\xff\xff\xff\xff this is not an ONNX protobuf\n")
    print("wrote %d models to %s" % (len(models) + 2, args.out))


if __name__ == "__main__":
    main()
