#include "clock/lamport_clock.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "platform/file_io.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

class ClockFileTest : public ::testing::Test {
 protected:
  void Write(const std::string& bytes) { std::ofstream(path_, std::ios::binary) << bytes; }
  testing::TempDir dir_;
  std::string path_ = dir_.path() + "/clock.json";
};

TEST_F(ClockFileTest, MissingFileReadsAsZeroAndRecovered) {
  ClockState state = LoadClock(path_);
  EXPECT_EQ(state.value, 0);
  EXPECT_TRUE(state.recovered);
  EXPECT_TRUE(state.warning.empty());  // absent is normal for a fresh checkout
}

TEST_F(ClockFileTest, SaveThenLoadRoundTrips) {
  ASSERT_TRUE(SaveClock(path_, 1041, 1769515200000).ok());
  EXPECT_EQ(*platform::ReadFile(path_), "{\"value\":1041,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  ClockState state = LoadClock(path_);
  EXPECT_EQ(state.value, 1041);
  EXPECT_FALSE(state.recovered);
}

TEST_F(ClockFileTest, CorruptFilesAreRecoveredWithAWarning) {
  for (const std::string bytes : {"garbage", "{\"value\":\"12\"}", "{\"value\":-3}", "{\"value\":1.5}", "",
                                  "{\"value\":99999999999999999999}"}) {
    Write(bytes);
    ClockState state = LoadClock(path_);
    EXPECT_TRUE(state.recovered) << bytes;
    EXPECT_EQ(state.value, 0) << bytes;
    EXPECT_NE(state.warning.find("recovering the clock from the log"), std::string::npos) << bytes;
  }
}

TEST_F(ClockFileTest, HugeFileIsNotReadIntoMemory) {
  Write("{\"value\":5," + std::string(1 << 20, ' ') + "}");
  ClockState state = LoadClock(path_);
  EXPECT_TRUE(state.recovered);
  EXPECT_NE(state.warning.find("larger than 4 KiB"), std::string::npos);
}

TEST_F(ClockFileTest, ADirectoryInPlaceOfTheFileIsCorrupt) {
  ASSERT_TRUE(platform::MakeDirectories(path_).ok());
  ClockState state = LoadClock(path_);
  EXPECT_TRUE(state.recovered);
  EXPECT_NE(state.warning.find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace kittylog
