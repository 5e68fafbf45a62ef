//===- Gt1Test.cpp - Timeloop tutorial GT1 access counts ------------------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {
TEST(Gt1, Placeholder) {}
} // namespace
