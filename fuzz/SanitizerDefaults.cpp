//===- SanitizerDefaults.cpp - ASan defaults of every harness -------------===//
//
// Linked into each harness, so that a finding replays with the same settings
// when the harness is run by hand on one file.
//
//===----------------------------------------------------------------------===//

// allow_user_poisoning=0: LLVM's BumpPtrAllocator (llvm/Support/Allocator.h)
// poisons a new slab in our instrumented copy of its inline code, while
// Debian's uninstrumented MLIR libraries allocate from the slab without
// unpoisoning it: a use-after-poison report on every MLIRContext (a false
// positive). Heap, stack and global checks are unaffected; only the
// allocator's own manual poisoning is ignored. docs/reliability.md, "Fuzzing".
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
