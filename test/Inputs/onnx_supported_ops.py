"""The ONNX ops the importer lowers (lib/Import/OnnxImporter.cpp, the op
table; docs/importer.md), for the test scripts that sweep ONNX's node tests."""

SUPPORTED = set("""
Conv Gemm MatMul MaxPool AveragePool GlobalAveragePool GlobalMaxPool Add Sub
Mul Div Pow Relu LeakyRelu Sigmoid HardSigmoid HardSwish Tanh Erf Sqrt Exp Neg
Reciprocal Clip BatchNormalization LayerNormalization ReduceMean Softmax
Reshape Flatten Squeeze Unsqueeze Transpose Concat Slice Split Gather Identity
Dropout Expand Cast Constant Shape Size ConstantOfShape Range Equal Less
Greater Where Not And Or Min Max
""".split())
