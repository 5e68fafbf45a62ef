//===- TensorIO.cpp - Host tensors, .pb/.npy files, comparison ------------===//

#include "cim/Run/TensorIO.h"

#include "cim/Import/TensorProto.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>

using namespace llvm;

namespace cim {

namespace {
Error fail(const Twine &msg) { return cim::makeError(msg); }

/// IEEE half bits to float (subnormals, infinities and NaN included).
float halfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f,
           mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31)
    magnitude = mantissa ? NAN : INFINITY;
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

struct DTypeInfo {
  DType dtype;
  const char *name;
  int64_t bytes;
  const char *npyDescr;
  int onnxType;
};

const DTypeInfo kDTypes[] = {
    {DType::F32, "f32", 4, "<f4", onnx::TensorProto::FLOAT},
    {DType::F64, "f64", 8, "<f8", onnx::TensorProto::DOUBLE},
    {DType::F16, "f16", 2, "<f2", onnx::TensorProto::FLOAT16},
    {DType::I64, "i64", 8, "<i8", onnx::TensorProto::INT64},
    {DType::I32, "i32", 4, "<i4", onnx::TensorProto::INT32},
    {DType::I16, "i16", 2, "<i2", onnx::TensorProto::INT16},
    {DType::I8, "i8", 1, "|i1", onnx::TensorProto::INT8},
    {DType::U64, "u64", 8, "<u8", onnx::TensorProto::UINT64},
    {DType::U32, "u32", 4, "<u4", onnx::TensorProto::UINT32},
    {DType::U16, "u16", 2, "<u2", onnx::TensorProto::UINT16},
    {DType::U8, "u8", 1, "|u1", onnx::TensorProto::UINT8},
    {DType::Bool, "bool", 1, "|b1", onnx::TensorProto::BOOL},
};

const DTypeInfo &info(DType dtype) {
  for (const DTypeInfo &i : kDTypes)
    if (i.dtype == dtype)
      return i;
  return kDTypes[0];
}

Expected<std::unique_ptr<MemoryBuffer>> readFile(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError())
    return fail("cannot open '" + path + "': " + ec.message());
  return std::move(*buffer);
}

// Atomic: a failing or killed cim-run leaves no half-written tensor file.
Error writeFile(StringRef path, StringRef bytes) {
  return cim::writeFileAtomically(path, bytes);
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}
} // namespace

StringRef dtypeName(DType dtype) { return info(dtype).name; }
int64_t dtypeBytes(DType dtype) { return info(dtype).bytes; }
bool isFloatDType(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F64 || dtype == DType::F16;
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double HostTensor::elementAsDouble(int64_t i) const {
  const uint8_t *p = bytes.data() + i * dtypeBytes(dtype);
  auto load = [&](auto value) {
    std::memcpy(&value, p, sizeof(value));
    return static_cast<double>(value);
  };
  switch (dtype) {
  case DType::F32:
    return load(float());
  case DType::F64:
    return load(double());
  case DType::F16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return halfToFloat(bits);
  }
  case DType::I64:
    return load(int64_t());
  case DType::I32:
    return load(int32_t());
  case DType::I16:
    return load(int16_t());
  case DType::I8:
    return load(int8_t());
  case DType::U64:
    return load(uint64_t());
  case DType::U32:
    return load(uint32_t());
  case DType::U16:
    return load(uint16_t());
  case DType::U8:
    return load(uint8_t());
  case DType::Bool:
    return *p ? 1.0 : 0.0;
  }
  return 0;
}

std::string HostTensor::describe() const {
  return (dtypeName(dtype) + "[" + shapeString(shape) + "]").str();
}

HostTensor makeTensor(DType dtype, ArrayRef<int64_t> shape) {
  HostTensor t;
  t.dtype = dtype;
  t.shape.assign(shape.begin(), shape.end());
  t.bytes.assign(t.numElements() * dtypeBytes(dtype), 0);
  return t;
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

Expected<HostTensor> parseNpy(StringRef bytes, StringRef name) {
  auto bad = [&](const Twine &what) {
    return fail("'" + name + "': not a valid .npy file: " + what);
  };
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return bad("missing the \\x93NUMPY magic");
  uint8_t major = bytes[6];
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return bad("truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(uint8_t(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    return bad("unknown format version " + Twine(major));
  }
  if (bytes.size() < offset + headerLen)
    return bad("truncated header");
  StringRef header = bytes.substr(offset, headerLen);

  auto valueOf = [&](StringRef key) -> std::optional<StringRef> {
    size_t at = header.find(("'" + key + "'").str());
    if (at == StringRef::npos)
      return std::nullopt;
    StringRef rest = header.substr(at + key.size() + 2).ltrim();
    if (!rest.consume_front(":"))
      return std::nullopt;
    return rest.ltrim();
  };
  auto descr = valueOf("descr");
  auto fortran = valueOf("fortran_order");
  auto shape = valueOf("shape");
  if (!descr || !fortran || !shape)
    return bad("header lacks descr, fortran_order or shape");
  if (!descr->consume_front("'"))
    return bad("descr is not a string");
  StringRef descrText = descr->take_until([](char c) { return c == '\''; });
  HostTensor t;
  bool known = false;
  for (const DTypeInfo &i : kDTypes) {
    StringRef d = i.npyDescr;
    // '=' and '<' are the same on little-endian hosts; one-byte types may
    // also be spelled with '<' or '='.
    if (descrText == d ||
        (descrText.size() == 3 && d.size() == 3 &&
         descrText.substr(1) == d.substr(1) &&
         (descrText[0] == '=' || descrText[0] == '<' || descrText[0] == '|'))) {
      t.dtype = i.dtype;
      known = true;
      break;
    }
  }
  if (!known)
    return bad("unsupported dtype '" + descrText + "'");
  if (fortran->starts_with("True"))
    return bad("fortran_order arrays are not supported");
  if (!shape->consume_front("("))
    return bad("shape is not a tuple");
  StringRef dims = shape->take_until([](char c) { return c == ')'; });
  SmallVector<StringRef, 4> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0)
      return bad("bad dimension '" + part + "'");
    t.shape.push_back(d);
  }
  size_t dataBytes = t.numElements() * dtypeBytes(t.dtype);
  StringRef data = bytes.substr(offset + headerLen);
  if (data.size() != dataBytes)
    return bad(formatv("{0} data bytes, expected {1} for {2}", data.size(),
                       dataBytes, t.describe()));
  t.bytes.assign(data.begin(), data.end());
  return t;
}

Expected<HostTensor> readNpy(StringRef path) {
  auto buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  return parseNpy((*buffer)->getBuffer(), path);
}

Error writeNpy(StringRef path, const HostTensor &tensor) {
  std::string header = "{'descr': '";
  header += info(tensor.dtype).npyDescr;
  header += "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    header += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  // A one-element tuple needs its trailing comma: "(5,)".
  header += tensor.shape.size() == 1 ? ",)" : ")";
  header += ", }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += char(header.size() & 0xff);
  out += char((header.size() >> 8) & 0xff);
  out += header;
  out.append(reinterpret_cast<const char *>(tensor.bytes.data()),
             tensor.bytes.size());
  return writeFile(path, out);
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

Expected<HostTensor> readTensorProto(StringRef path) {
  auto buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  onnx::TensorProto proto;
  StringRef bytes = (*buffer)->getBuffer();
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return fail("'" + path +
                "': not a valid ONNX TensorProto (malformed or truncated)");
  auto decoded = onnx_import::decodeTensorProto(proto);
  if (!decoded)
    return fail("'" + path + "': " + toString(decoded.takeError()));
  const DTypeInfo *type = llvm::find_if(kDTypes, [&](const DTypeInfo &i) {
    return i.onnxType == decoded->dtype;
  });
  if (type == std::end(kDTypes))
    return fail("'" + path + "': unsupported element type " +
                onnx_import::dtypeName(decoded->dtype));
  HostTensor t;
  t.dtype = type->dtype;
  t.shape = decoded->shape;
  ArrayRef<char> values = decoded->bytes();
  t.bytes.assign(values.begin(), values.end());
  return t;
}

Error writeTensorProto(StringRef path, const HostTensor &tensor) {
  onnx::TensorProto proto;
  proto.set_data_type(info(tensor.dtype).onnxType);
  for (int64_t d : tensor.shape)
    proto.add_dims(d);
  proto.set_raw_data(tensor.bytes.data(), tensor.bytes.size());
  std::string out;
  if (!proto.SerializeToString(&out))
    return fail("cannot serialize the tensor for '" + path + "'");
  return writeFile(path, out);
}

Expected<HostTensor> readTensorFile(StringRef path) {
  if (path.ends_with(".npy"))
    return readNpy(path);
  if (path.ends_with(".pb"))
    return readTensorProto(path);
  return fail("'" + path +
              "': unknown tensor file type (expected .pb or .npy)");
}

Error writeTensorFile(StringRef path, const HostTensor &tensor) {
  if (path.ends_with(".npy"))
    return writeNpy(path, tensor);
  if (path.ends_with(".pb"))
    return writeTensorProto(path, tensor);
  return fail("'" + path +
              "': unknown tensor file type (expected .pb or .npy)");
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

Tolerance defaultTolerance(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return {1e-4, 1e-5};
  case DType::F64:
    return {1e-9, 1e-12};
  case DType::F16:
    return {1e-2, 1e-3};
  default:
    return {0, 0};
  }
}

Expected<Comparison> compareTensors(const HostTensor &actual,
                                    const HostTensor &expected,
                                    Tolerance tolerance) {
  if (actual.dtype != expected.dtype || actual.shape != expected.shape)
    return fail("expected " + expected.describe() + ", found " +
                actual.describe());
  Comparison c;
  for (int64_t i = 0, e = actual.numElements(); i < e; ++i) {
    double a = actual.elementAsDouble(i), x = expected.elementAsDouble(i);
    bool ok;
    if (std::isnan(x) || std::isnan(a)) {
      ok = std::isnan(x) && std::isnan(a);
    } else if (std::isinf(x) || std::isinf(a)) {
      ok = a == x;
    } else {
      double abs = std::fabs(a - x);
      c.maxAbsError = std::max(c.maxAbsError, abs);
      if (x != 0)
        c.maxRelError = std::max(c.maxRelError, abs / std::fabs(x));
      ok = abs <= tolerance.atol + tolerance.rtol * std::fabs(x);
    }
    if (!ok) {
      if (c.mismatches == 0)
        c.firstMismatch = i;
      ++c.mismatches;
    }
  }
  return c;
}

} // namespace cim
