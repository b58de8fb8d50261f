// Fault injection (docs/reliability.md, "Write failures"): the store, the clock, the index and
// repair when the disk refuses a write. Each failure must give exit 3 and exactly one stderr line
// naming the error, and leave no partial state: every daily file holds its old bytes followed
// by whole event lines only, the clock is never behind the log, no temp file is left, and the
// next command without the fault works.
//
// Faults: EFBIG through RLIMIT_FSIZE (`ulimit -f`, SIGXFSZ ignored by kittylog), ENOSPC on a
// real full tmpfs when this process may mount one (else skipped: the KITTYLOG_FAULT matrix
// covers ENOSPC), EACCES through permissions as an unprivileged user (setpriv; skipped when
// unavailable), and the KITTYLOG_FAULT seam (src/platform/file_io.h) for EIO, ENOSPC, EACCES,
// EROFS and EDQUOT on open, write, fsync and rename.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "event/line_reader.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::TempDir;

constexpr int64_t kJan27Noon = 1769515200000;  // 2026-01-27T12:00:00.000Z
constexpr const char* kDay = "2026-01-27.jsonl";

std::vector<std::string> EmitArgs(const std::string& entity, const std::string& reason = "ok") {
  return {"emit", "WPStatusChanged", "--entity", entity, "--entity-type", "WorkPackage", "--payload",
          R"({"feature_slug":"001-faults","old_status":"planned","new_status":"doing","reason":")" + reason + "\"}"};
}

std::string Batch(int events, size_t reason_bytes) {
  std::string batch;
  for (int i = 0; i < events; ++i) {
    batch += R"({"event_type":"WPStatusChanged","entity_id":"WP)" + std::to_string(i) +
             R"(","entity_type":"WorkPackage","payload":{"feature_slug":"001-faults","old_status":"planned",)"
             R"("new_status":"doing","reason":")" + std::string(reason_bytes, 'r') + "\"}}\n";
  }
  return batch;
}

// Runs `kittylog ARGS` through bash with `ulimit -f BLOCKS` (1 block = 1024 bytes).
ProcessResult KittylogWithFileLimit(const std::string& cwd, size_t blocks, const std::vector<std::string>& args,
                                    ProcessOptions options = {}) {
  std::vector<std::string> argv = {"bash", "-c", fmt::format("ulimit -f {}; exec \"$0\" \"$@\"", blocks),
                                   KITTYLOG_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.env.emplace("KITTYLOG_ACTOR", "fault-test");
  return testing::Run(argv, options);
}

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override { Init(dir_.path()); }

  void Init(const std::string& checkout) {
    ProcessResult init = Kittylog(checkout, {"init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    for (int i = 0; i < 3; ++i) {
      ProcessResult emit = Kittylog(checkout, EmitArgs("WP0" + std::to_string(i)), At(i));
      ASSERT_EQ(emit.exit_code, 0) << emit.err;
    }
  }

  static ProcessOptions At(int64_t offset_ms, ProcessOptions options = {}) {
    options.env["KITTYLOG_NOW"] = std::to_string(kJan27Noon + offset_ms);
    return options;
  }

  // The failure is one clear line with exit 3 naming `error` (strerror text). Warnings about
  // degraded service (an index that cannot be written: "reading the log directly") may precede
  // it, each on one line of its own.
  static void ExpectOneErrorLine(const ProcessResult& result, const std::string& error, const std::string& what) {
    EXPECT_EQ(result.signal, 0) << what;
    EXPECT_EQ(result.exit_code, 3) << what << ": " << result.err;
    int errors = 0;
    for (const std::string& line : testing::SplitLines(result.err)) {
      if (line.starts_with("kittylog: warning: ")) continue;
      ++errors;
      EXPECT_TRUE(line.starts_with("kittylog: error: ")) << what << ": " << line;
      EXPECT_NE(line.find(error), std::string::npos) << what << ": " << line;
    }
    EXPECT_EQ(errors, 1) << what << ": " << result.err;
  }

  // No partial state: every daily file of `before` still starts with its old bytes, anything
  // after them is whole event lines, no temp file is left, and the clock is not behind the log.
  static void ExpectNoPartialState(const std::string& checkout, const std::map<std::string, std::string>& before,
                                   const std::string& what) {
    std::map<std::string, std::string> after = testing::LogState(checkout);
    for (const auto& [path, bytes] : before) {
      if (!path.ends_with(".jsonl") || path.find("/events/") == std::string::npos) continue;
      auto now = after.find(path);
      ASSERT_NE(now, after.end()) << what << ": " << path << " vanished";
      ASSERT_GE(now->second.size(), bytes.size()) << what << ": " << path << " shrank";
      EXPECT_EQ(now->second.substr(0, bytes.size()), bytes) << what << ": " << path << " was rewritten";
      std::string added = now->second.substr(bytes.size());
      EXPECT_TRUE(added.empty() || added.back() == '\n') << what << ": " << path << " ends in a fragment: ..."
                                                         << added.substr(added.size() > 160 ? added.size() - 160 : 0);
    }
    for (const auto& [path, bytes] : after) {
      EXPECT_EQ(path.find(".tmp"), std::string::npos) << what << ": temp file left: " << path;
    }
    testing::LogScan scan = testing::ScanLog(checkout);
    for (const testing::FileProblem& problem : scan.problems) {
      ADD_FAILURE() << what << ": " << problem.problem.Format(problem.file);
    }
    EXPECT_GE(testing::StoredClock(checkout), scan.max_clock) << what << ": the clock is behind the log";
  }

  // The checkout still works: an emit succeeds above every clock, verify is clean.
  static void ExpectRecovers(const std::string& checkout, const std::string& what) {
    int64_t before = testing::ScanLog(checkout).max_clock;
    ProcessResult emit = Kittylog(checkout, EmitArgs("WP99"), At(50'000));
    ASSERT_EQ(emit.exit_code, 0) << what << ": " << emit.err;
    EXPECT_GT(testing::ScanLog(checkout).max_clock, before) << what;
    ProcessResult verify = Kittylog(checkout, {"verify"});
    EXPECT_EQ(verify.exit_code, 0) << what << ": " << verify.err;
  }

  std::string Day() const { return dir_.path() + "/.kittify/events/" + kDay; }

  // Makes the daily file need repair: a duplicate line, a line that is not an event, disorder.
  void DamageForRepair() {
    std::vector<std::string> lines = testing::SplitLines(testing::ReadFileOrEmpty(Day()));
    testing::WriteFile(Day(), lines[2] + "\n" + lines[0] + "\nnot an event\n" + lines[1] + "\n" + lines[0] + "\n");
  }

  TempDir dir_;
};

// --- EFBIG: RLIMIT_FSIZE ---------------------------------------------------------------------

TEST_F(FaultTest, FileSizeLimitOnSingleEmit) {
  auto before = testing::LogState(dir_.path());
  size_t blocks = testing::ReadFileOrEmpty(Day()).size() / 1024 + 1;
  ProcessResult result = KittylogWithFileLimit(dir_.path(), blocks, EmitArgs("WP10", std::string(3000, 'x')), At(10));
  ExpectOneErrorLine(result, "File too large", "emit under ulimit -f");
  ExpectNoPartialState(dir_.path(), before, "emit under ulimit -f");
  ExpectRecovers(dir_.path(), "emit under ulimit -f");
}

TEST_F(FaultTest, FileSizeLimitCutsABatch) {
  auto before = testing::LogState(dir_.path());
  ProcessOptions options = At(10);
  options.stdin_data = Batch(40, 200);  // ~12 KB; the limit leaves room for a few lines only
  size_t blocks = testing::ReadFileOrEmpty(Day()).size() / 1024 + 2;
  ProcessResult result = KittylogWithFileLimit(dir_.path(), blocks, {"emit", "--stdin"}, options);
  ExpectOneErrorLine(result, "File too large", "emit --stdin under ulimit -f");
  ExpectNoPartialState(dir_.path(), before, "emit --stdin under ulimit -f");
  ExpectRecovers(dir_.path(), "emit --stdin under ulimit -f");
}

TEST_F(FaultTest, FileSizeLimitZeroStopsTheClockSave) {
  auto before = testing::LogState(dir_.path());
  ProcessResult result = KittylogWithFileLimit(dir_.path(), 0, EmitArgs("WP10"), At(10));
  ExpectOneErrorLine(result, "File too large", "emit under ulimit -f 0");
  EXPECT_EQ(testing::LogState(dir_.path()), before) << "nothing may change when the clock cannot be saved";
  ExpectRecovers(dir_.path(), "emit under ulimit -f 0");
}

TEST_F(FaultTest, FileSizeLimitOnRepairChangesNothing) {
  DamageForRepair();
  auto before = testing::LogState(dir_.path());
  ProcessResult result = KittylogWithFileLimit(dir_.path(), 0, {"repair"});
  ExpectOneErrorLine(result, "File too large", "repair under ulimit -f 0");
  EXPECT_EQ(testing::ReadFileOrEmpty(Day()), before.at(Day())) << "a failed repair rewrote the file";
  for (const auto& [path, bytes] : testing::Snapshot(dir_.path() + "/.kittify")) {
    EXPECT_EQ(path.find(".tmp"), std::string::npos) << "temp file left: " << path;
  }
  ProcessResult repair = Kittylog(dir_.path(), {"repair"});
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  ExpectRecovers(dir_.path(), "repair under ulimit -f 0");
}

TEST_F(FaultTest, FileSizeLimitOnIndexRebuild) {
  if (!testing::HasCommand(dir_.path(), {"index", "rebuild"})) GTEST_SKIP() << "no `index rebuild` in this build";
  // Enough events that the index needs more than a few pages.
  ProcessOptions options = At(5);
  options.stdin_data = Batch(500, 100);
  ASSERT_EQ(Kittylog(dir_.path(), {"emit", "--stdin"}, options).exit_code, 0);
  auto before = testing::LogState(dir_.path());
  ProcessResult result = KittylogWithFileLimit(dir_.path(), 16, {"index", "rebuild"});
  ExpectOneErrorLine(result, "", "index rebuild under ulimit -f 16");
  EXPECT_EQ(testing::LogState(dir_.path()), before);
  ProcessResult rebuild = Kittylog(dir_.path(), {"index", "rebuild"});
  EXPECT_EQ(rebuild.exit_code, 0) << rebuild.err;
  ProcessResult check = Kittylog(dir_.path(), {"index", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// --- The KITTYLOG_FAULT seam: every writing command x operation x errno ------------------------

TEST_F(FaultTest, InjectedFaultMatrix) {
  const std::map<std::string, std::string> kErrors = {
      {"EIO", std::strerror(EIO)},     {"ENOSPC", std::strerror(ENOSPC)}, {"EACCES", std::strerror(EACCES)},
      {"EROFS", std::strerror(EROFS)}, {"EDQUOT", std::strerror(EDQUOT)}};
  struct Command {
    std::string name;
    std::vector<std::string> args;
    std::string stdin_data;
    bool damage = false;  // needs a damaged file (repair)
  };
  std::vector<Command> commands = {
      {"emit", EmitArgs("WP20"), ""},
      {"emit --stdin", {"emit", "--stdin"}, Batch(5, 10)},
      {"clock witness", {"clock", "witness"}, ""},
      {"repair", {"repair"}, "", true},
      {"spec create", {"spec", "create", "002-faults", "--title", "Faults"}, ""},
  };
  // Under the sanitizers (each process starts ~10x slower) every command x operation runs with one
  // errno, taken in turn so that each errno is still injected: 20 runs instead of 100.
  const size_t errnos_each = static_cast<size_t>(testing::ScaledCount("KITTYLOG_FAULT_ERRNOS", 5, 1));
  int runs = 0, refused = 0;
  size_t pair = 0;
  for (const Command& command : commands) {
    for (const char* op : {"open", "write", "fsync", "rename"}) {
      size_t errno_index = 0;
      for (const auto& [errno_name, text] : kErrors) {
        // The errnos_each errnos from the pair's own, in turn.
        if ((errno_index++ + kErrors.size() - pair % kErrors.size()) % kErrors.size() >= errnos_each) continue;
        TempDir checkout;
        Init(checkout.path());
        if (command.damage) {
          std::string day = checkout.path() + "/.kittify/events/" + kDay;
          std::vector<std::string> lines = testing::SplitLines(testing::ReadFileOrEmpty(day));
          testing::WriteFile(day, lines[1] + "\n" + lines[0] + "\n" + lines[0] + "\n" + lines[2] + "\n");
        }
        if (command.name == "clock witness") {
          // Make the witness write: the stored clock is behind the log.
          testing::WriteFile(checkout.path() + "/.kittify/clock.json", R"({"value":1,"last_updated":"2026-01-27T12:00:00.000Z"})");
        }
        auto before = testing::LogState(checkout.path());
        ProcessOptions options = At(100);
        options.stdin_data = command.stdin_data;
        options.env["KITTYLOG_FAULT"] = fmt::format("{}:{}", op, errno_name);
        std::string what = fmt::format("{} with KITTYLOG_FAULT={}:{}", command.name, op, errno_name);
        ProcessResult result = Kittylog(checkout.path(), command.args, options);
        ++runs;
        if (result.exit_code == 0) {
          // The operation did not need that system call (e.g. no rename in an append).
          if (command.damage) continue;  // repair's result is checked by the repair tests
        } else {
          ++refused;
          ExpectOneErrorLine(result, text, what);
          if (command.damage) {
            EXPECT_EQ(testing::LogState(checkout.path()), before) << what << ": a failed repair changed files";
            continue;
          }
        }
        if (command.name == "clock witness" && result.exit_code != 0) {
          // The clock was behind the log on purpose (as after a merge); a failed witness keeps it.
          EXPECT_EQ(testing::LogState(checkout.path()), before) << what;
          continue;
        }
        ExpectNoPartialState(checkout.path(), before, what);
        if (::testing::Test::HasFailure()) return;  // one broken case is enough to read
      }
      ++pair;
    }
  }
  std::printf("faults: %d injected runs, %d refused with one error line\n", runs, refused);
  RecordProperty("fault_runs", runs);
}

// --- ENOSPC on a real full filesystem ----------------------------------------------------------

class FullDiskTest : public FaultTest {
 protected:
  void SetUp() override {
    mount_ = scratch_ / "mnt";
    std::filesystem::create_directory(mount_);
    if (::mount("tmpfs", mount_.c_str(), "tmpfs", 0, "size=512k,nr_inodes=256") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                   << "): ENOSPC is covered by the KITTYLOG_FAULT matrix";
    }
    mounted_ = true;
    checkout_ = mount_ + "/repo";
    std::filesystem::create_directory(checkout_);
    Init(checkout_);
  }
  void TearDown() override {
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }

  // Fills the filesystem, then frees `pages` pages.
  void Fill(int pages) {
    std::string block(4096, 'f');
    int n = 0;
    for (;; ++n) {
      std::string path = fmt::format("{}/filler-{}", mount_, n);
      FILE* file = std::fopen(path.c_str(), "wb");
      if (file == nullptr) break;
      bool ok = std::fwrite(block.data(), 1, block.size(), file) == block.size();
      ok = std::fclose(file) == 0 && ok;
      if (!ok) {
        std::remove(path.c_str());
        break;
      }
    }
    for (int i = 0; i < pages && n - 1 - i >= 0; ++i) std::remove(fmt::format("{}/filler-{}", mount_, n - 1 - i).c_str());
  }

  TempDir scratch_;
  std::string mount_, checkout_;
  bool mounted_ = false;
};

TEST_F(FullDiskTest, EmitOnAFullDisk) {
  Fill(0);
  auto before = testing::LogState(checkout_);
  ProcessResult result = Kittylog(checkout_, EmitArgs("WP30"), At(10));
  ExpectOneErrorLine(result, "No space left on device", "emit on a full disk");
  ExpectNoPartialState(checkout_, before, "emit on a full disk");
}

TEST_F(FullDiskTest, BatchThatOutgrowsTheLastPages) {
  Fill(3);
  auto before = testing::LogState(checkout_);
  ProcessOptions options = At(10);
  options.stdin_data = Batch(100, 300);  // ~45 KB: more than the free pages
  ProcessResult result = Kittylog(checkout_, {"emit", "--stdin"}, options);
  ExpectOneErrorLine(result, "No space left on device", "emit --stdin on a nearly full disk");
  ExpectNoPartialState(checkout_, before, "emit --stdin on a nearly full disk");
}

TEST_F(FullDiskTest, IndexRebuildOnAFullDisk) {
  if (!testing::HasCommand(checkout_, {"index", "rebuild"})) GTEST_SKIP() << "no `index rebuild` in this build";
  ProcessOptions options = At(5);
  options.stdin_data = Batch(300, 100);
  ASSERT_EQ(Kittylog(checkout_, {"emit", "--stdin"}, options).exit_code, 0);
  Fill(1);
  auto before = testing::LogState(checkout_);
  ProcessResult result = Kittylog(checkout_, {"index", "rebuild"});
  ExpectOneErrorLine(result, "", "index rebuild on a full disk");
  EXPECT_EQ(testing::LogState(checkout_), before);
}

TEST_F(FullDiskTest, RepairOnAFullDiskChangesNothing) {
  std::string day = checkout_ + "/.kittify/events/" + kDay;
  std::vector<std::string> lines = testing::SplitLines(testing::ReadFileOrEmpty(day));
  testing::WriteFile(day, lines[2] + "\n" + lines[0] + "\nnot an event\n" + lines[1] + "\n" + lines[0] + "\n");
  Fill(0);
  auto before = testing::LogState(checkout_);
  ProcessResult result = Kittylog(checkout_, {"repair"});
  ExpectOneErrorLine(result, "No space left on device", "repair on a full disk");
  EXPECT_EQ(testing::LogState(checkout_), before);
}

// --- EACCES through permissions, as an unprivileged user --------------------------------------

class PermissionTest : public FaultTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch to an unprivileged user";
    if (testing::Run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"}).exit_code != 0) {
      GTEST_SKIP() << "setpriv cannot switch to uid 65534 here";
    }
    if (testing::Run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", KITTYLOG_BINARY, "--version"})
            .exit_code != 0) {
      GTEST_SKIP() << "uid 65534 cannot run " << KITTYLOG_BINARY;
    }
    ::chmod(dir_.path().c_str(), 0755);
    checkout_ = dir_ / "repo";
    std::filesystem::create_directory(checkout_);
    Init(checkout_);
    ASSERT_EQ(testing::Run({"chown", "-R", "65534:65534", checkout_}).exit_code, 0);
  }

  ProcessResult AsNobody(const std::vector<std::string>& args, ProcessOptions options = {}) {
    std::vector<std::string> argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", KITTYLOG_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    options.cwd = checkout_;
    options.env.emplace("KITTYLOG_ACTOR", "nobody");
    options.env.emplace("HOME", "/nonexistent");
    return testing::Run(argv, options);
  }

  std::string checkout_;
};

TEST_F(PermissionTest, ReadOnlyEventsDirectory) {
  // A new day's file cannot be created.
  ::chmod((checkout_ + "/.kittify/events").c_str(), 0555);
  auto before = testing::LogState(checkout_);
  ProcessResult result = AsNobody(EmitArgs("WP40"), At(86'400'000));
  ExpectOneErrorLine(result, "Permission denied", "emit into a read-only events directory");
  ExpectNoPartialState(checkout_, before, "emit into a read-only events directory");
}

TEST_F(PermissionTest, ReadOnlyDailyFile) {
  ::chmod((checkout_ + "/.kittify/events/" + kDay).c_str(), 0444);
  auto before = testing::LogState(checkout_);
  ProcessResult result = AsNobody(EmitArgs("WP41"), At(10));
  ExpectOneErrorLine(result, "Permission denied", "emit into a read-only daily file");
  ExpectNoPartialState(checkout_, before, "emit into a read-only daily file");
}

TEST_F(PermissionTest, ReadOnlyKittifyDirectory) {
  // The clock's temp file cannot be created: nothing is appended.
  ::chmod((checkout_ + "/.kittify").c_str(), 0555);
  auto before = testing::LogState(checkout_);
  ProcessResult result = AsNobody(EmitArgs("WP42"), At(10));
  ExpectOneErrorLine(result, "Permission denied", "emit with a read-only .kittify/");
  EXPECT_EQ(testing::LogState(checkout_), before);
}

TEST_F(PermissionTest, UnreadableDailyFileForReaders) {
  ::chmod((checkout_ + "/.kittify/events/" + kDay).c_str(), 0000);
  ProcessResult result = AsNobody({"verify"});
  ExpectOneErrorLine(result, "Permission denied", "verify of an unreadable daily file");
}

}  // namespace
}  // namespace kittylog
