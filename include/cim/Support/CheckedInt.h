//===- CheckedInt.h - int64 arithmetic that remembers overflow --*- C++ -*-===//
//
// The cost model's cycle, byte and count arithmetic runs on CheckedInt so
// that an overflow can never become a wrong (or negative) number: every
// operation goes through llvm::checkedAdd / checkedSub / checkedMul, and an
// overflowed value stays overflowed through everything computed from it
// (like a NaN). The caller asks overflowed() once at the end and reports the
// layer (docs/reliability.md). Call sites keep their ordinary operators.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPPORT_CHECKEDINT_H
#define CIM_SUPPORT_CHECKEDINT_H

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdint>
#include <optional>

namespace cim {

class CheckedInt {
public:
  CheckedInt() = default;
  CheckedInt(int64_t value) : v(value) {}
  static CheckedInt overflow() {
    CheckedInt c;
    c.bad = true;
    return c;
  }

  bool overflowed() const { return bad; }
  /// The value; only valid when !overflowed().
  int64_t value() const {
    if (bad)
      llvm::report_fatal_error("CheckedInt::value() of an overflowed value");
    return v;
  }

  friend CheckedInt operator+(CheckedInt a, CheckedInt b) {
    return a.bad || b.bad ? overflow() : from(llvm::checkedAdd(a.v, b.v));
  }
  friend CheckedInt operator-(CheckedInt a, CheckedInt b) {
    return a.bad || b.bad ? overflow() : from(llvm::checkedSub(a.v, b.v));
  }
  friend CheckedInt operator*(CheckedInt a, CheckedInt b) {
    return a.bad || b.bad ? overflow() : from(llvm::checkedMul(a.v, b.v));
  }
  CheckedInt &operator+=(CheckedInt o) { return *this = *this + o; }
  CheckedInt &operator-=(CheckedInt o) { return *this = *this - o; }
  CheckedInt &operator*=(CheckedInt o) { return *this = *this * o; }

  /// Ordering of two valid values; an overflowed value compares as larger
  /// than every valid one (so a minimum search never prefers it).
  friend bool operator<(CheckedInt a, CheckedInt b) {
    if (a.bad || b.bad)
      return !a.bad && b.bad;
    return a.v < b.v;
  }
  friend bool operator>(CheckedInt a, CheckedInt b) { return b < a; }

  /// ceil(a / b) for a >= 0, b > 0 (b <= 0 counts as overflow: no divisor
  /// of a validated configuration is ever zero).
  static CheckedInt divideCeil(CheckedInt a, CheckedInt b) {
    if (a.bad || b.bad || b.v <= 0 || a.v < 0)
      return overflow();
    return a.v / b.v + (a.v % b.v != 0);
  }

private:
  static CheckedInt from(std::optional<int64_t> r) {
    return r ? CheckedInt(*r) : overflow();
  }
  int64_t v = 0;
  bool bad = false;
};

/// Free functions (not hidden friends) so that plain int64_t arguments
/// convert: checkedCeilDiv(rows, hw.rowsActive).
inline CheckedInt checkedCeilDiv(CheckedInt a, CheckedInt b) {
  return CheckedInt::divideCeil(a, b);
}
inline CheckedInt checkedMax(CheckedInt a, CheckedInt b) {
  if (a.overflowed() || b.overflowed())
    return CheckedInt::overflow();
  return a < b ? b : a;
}

/// dst += v, remembering an overflow of v or of the sum in `overflowed`.
inline void checkedAccumulate(int64_t &dst, CheckedInt v, bool &overflowed) {
  CheckedInt sum = CheckedInt(dst) + v;
  if (sum.overflowed())
    overflowed = true;
  else
    dst = sum.value();
}

} // namespace cim

#endif // CIM_SUPPORT_CHECKEDINT_H
