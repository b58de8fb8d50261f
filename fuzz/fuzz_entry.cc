// libFuzzer entry point: one binary per check of fuzz_checks.h, chosen at compile time by
// KL_FUZZ_CHECK (e.g. -DKL_FUZZ_CHECK=CheckMerge). A violated invariant prints its description
// and aborts, so libFuzzer keeps the input as a crash artifact.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string problem = kittylog::fuzz::KL_FUZZ_CHECK(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "invariant violated: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
