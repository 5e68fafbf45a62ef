//===- PropertyTest.cpp - Bounds, monotonicity, conservation --------------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {
TEST(Properties, Placeholder) {}
} // namespace
