// Runs the fuzz targets' invariants (fuzz_checks.h) over the committed seed corpora
// (fuzz/corpus/<target>/) and the inputs that once broke them (fuzz/regressions/<target>/), so
// every build checks them under its own flags, sanitizers included, without libFuzzer.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "fuzz/fuzz_checks.h"

namespace kittylog::fuzz {
namespace {

using Check = std::string (*)(std::string_view);

size_t ReplayDirectory(const std::string& dir, Check check) {
  size_t files = 0;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string problem = check(bytes.str());
    EXPECT_EQ(problem, "") << entry.path().string();
    ++files;
  }
  return files;
}

void Replay(const std::string& target, Check check) {
  size_t seeds = ReplayDirectory(std::string(KL_FUZZ_DIR) + "/corpus/" + target, check);
  size_t regressions = ReplayDirectory(std::string(KL_FUZZ_DIR) + "/regressions/" + target, check);
  EXPECT_GE(seeds, 10u) << "the seed corpus of " << target << " is missing";
  std::printf("%s: %zu seeds, %zu regression inputs\n", target.c_str(), seeds, regressions);
}

TEST(FuzzCorpusReplay, LineCodec) { Replay("line_codec", &CheckLineCodec); }
TEST(FuzzCorpusReplay, Merge) { Replay("merge", &CheckMerge); }
TEST(FuzzCorpusReplay, Repair) { Replay("repair", &CheckRepair); }

// Inputs too large to commit as files, built here.
TEST(FuzzCorpusReplay, HugeInputs) {
  std::string deep = R"({"event_id":"01KAB3XR6V0000000000000001","lamport_clock":1,"payload":)" +
                     std::string(100000, '[') + std::string(100000, ']') + "}\n";
  std::string long_line = R"({"event_id":"01KAB3XR6V0000000000000002","lamport_clock":2,"payload":{"reason":")" +
                          std::string(10 << 20, 'x') + "\"}}\n";
  for (const std::string* input : {&deep, &long_line}) {
    EXPECT_EQ(CheckLineCodec(*input), "");
    EXPECT_EQ(CheckRepair(*input), "");
    EXPECT_EQ(CheckMerge(*input + "\xff" + *input + "\xff"), "");
  }
}

}  // namespace
}  // namespace kittylog::fuzz
