#include "platform/file_io.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kittylog::platform {
namespace {

// ---------------------------------------------------------------------------------------------
// Fault injection runs in a fresh process: KITTYLOG_FAULT is parsed once per process, on the first
// call, so a test cannot set it after the fact. The test re-executes its own binary with
// KITTYLOG_FAULT and kChildOperation set; this static initialiser runs the one operation before
// GoogleTest starts, writes the resulting status message to kChildResult and exits with the
// status' exit code.
constexpr const char* kChildOperation = "KL_FILE_IO_TEST_OPERATION";
constexpr const char* kChildPath = "KL_FILE_IO_TEST_PATH";
constexpr const char* kChildResult = "KL_FILE_IO_TEST_RESULT";
constexpr std::string_view kNewBytes = "new bytes\n";

struct FaultChild {
  FaultChild() {
    const char* operation = std::getenv(kChildOperation);
    if (operation == nullptr) return;
    std::string op(operation);
    std::string path = std::getenv(kChildPath);
    Status status;
    std::string report;
    if (op == "atomic_replace") {
      status = AtomicReplace(path, kNewBytes);
    } else if (op == "append") {
      status = AppendDurably(path, kNewBytes);
    } else if (op == "inspect") {
      for (std::string_view name : {"open", "write", "fsync", "rename", "other"}) {
        report += std::string(name) + "=" + std::to_string(InjectedFault(name)) + "\n";
      }
    } else {
      std::_Exit(100);
    }
    std::ofstream(std::getenv(kChildResult), std::ios::binary) << (report.empty() ? status.message() : report);
    std::_Exit(status.exit_code());
  }
};
const FaultChild kFaultChild;

struct ChildOutcome {
  int exit_code = -1;
  std::string message;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs `operation` on `path` in a re-executed copy of this binary with KITTYLOG_FAULT=`fault`.
ChildOutcome RunWithFault(const std::string& fault, const std::string& operation, const std::string& path,
                          const std::string& result_path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("KITTYLOG_FAULT", fault.c_str(), 1);
    ::setenv(kChildOperation, operation.c_str(), 1);
    ::setenv(kChildPath, path.c_str(), 1);
    ::setenv(kChildResult, result_path.c_str(), 1);
    char arg0[] = "file_io_fault_child";
    char* argv[] = {arg0, nullptr};
    ::execv("/proc/self/exe", argv);
    std::_Exit(127);
  }
  ChildOutcome outcome;
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status)) << "child did not exit normally: " << status;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  outcome.message = Slurp(result_path);
  return outcome;
}

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/kl-file-io-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ASSERT_NE(::mkdtemp(result_pattern_), nullptr);
    result_path_ = std::string(result_pattern_) + "/result";
  }
  void TearDown() override {
    std::string command = "rm -rf '" + dir_ + "' '" + result_pattern_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  std::string Path(std::string_view name) const { return dir_ + "/" + std::string(name); }
  void WriteRaw(const std::string& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  std::vector<std::string> Entries() {
    Result<std::vector<std::string>> names = ListDirectory(dir_);
    EXPECT_TRUE(names.ok());
    return names.ok() ? *names : std::vector<std::string>{};
  }
  ChildOutcome Fault(const std::string& fault, const std::string& operation, const std::string& path) {
    return RunWithFault(fault, operation, path, result_path_);
  }

  std::string dir_;
  char result_pattern_[32] = "/tmp/kl-file-io-result-XXXXXX";
  std::string result_path_;
};

// ------------------------------------ reads and paths ------------------------------------------

TEST_F(FileIoTest, ReadFileAndPaddedBuffer) {
  WriteRaw(Path("a"), std::string("abc\0def", 7));
  Result<std::string> text = ReadFile(Path("a"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, std::string("abc\0def", 7));
  Result<PaddedBuffer> padded = ReadFilePadded(Path("a"), 64);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->view(), std::string_view("abc\0def", 7));
  for (size_t i = 0; i < 64; ++i) EXPECT_EQ(padded->data[7 + i], '\0') << i;
}

TEST_F(FileIoTest, ReadErrorsNameThePath) {
  Result<std::string> missing = ReadFile(Path("missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kIo);
  EXPECT_NE(missing.status().message().find(Path("missing")), std::string::npos);
  EXPECT_NE(missing.status().message().find(std::strerror(ENOENT)), std::string::npos);
  Result<std::string> directory = ReadFile(dir_);
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find(std::strerror(EISDIR)), std::string::npos);
}

TEST_F(FileIoTest, EmptyFileReadsAsEmpty) {
  WriteRaw(Path("empty"), "");
  Result<PaddedBuffer> padded = ReadFilePadded(Path("empty"));
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->size, 0u);
}

TEST_F(FileIoTest, StatReportsIdentity) {
  EXPECT_FALSE(Stat(Path("missing")).exists);
  WriteRaw(Path("f"), "12345");
  FileIdentity id = Stat(Path("f"));
  EXPECT_TRUE(id.exists);
  EXPECT_EQ(id.size, 5u);
  EXPECT_NE(id.inode, 0u);
  EXPECT_EQ(Stat(Path("f")), id);
  EXPECT_TRUE(IsDirectory(dir_));
  EXPECT_FALSE(IsDirectory(Path("f")));
  EXPECT_FALSE(IsDirectory(Path("missing")));
}

TEST(PathTest, DirNameBaseNameJoinPath) {
  EXPECT_EQ(DirName("/a/b/c.jsonl"), "/a/b");
  EXPECT_EQ(DirName("/c"), "/");
  EXPECT_EQ(DirName("c"), ".");
  EXPECT_EQ(BaseName("/a/b/c.jsonl"), "c.jsonl");
  EXPECT_EQ(BaseName("c"), "c");
  EXPECT_EQ(JoinPath("/a", "b"), "/a/b");
  EXPECT_EQ(JoinPath("/a/", "b"), "/a/b");
  EXPECT_EQ(JoinPath("", "b"), "b");
  EXPECT_EQ(JoinPath("/a", "/abs"), "/abs");
}

// ------------------------------------ directories ----------------------------------------------

TEST_F(FileIoTest, ListDirectoryIsSortedWithoutDotEntries) {
  for (std::string_view name : {"2026-01-28.jsonl", "index.db", "2026-01-27.jsonl", ".lock", "B", "a", "2025-12-31.jsonl"}) {
    WriteRaw(Path(name), "x");
  }
  ASSERT_EQ(::mkdir(Path("sub").c_str(), 0777), 0);
  EXPECT_EQ(Entries(), (std::vector<std::string>{".lock", "2025-12-31.jsonl", "2026-01-27.jsonl", "2026-01-28.jsonl",
                                                 "B", "a", "index.db", "sub"}));
}

TEST_F(FileIoTest, ListDirectoryOfAbsentDirectoryIsEmpty) {
  Result<std::vector<std::string>> names = ListDirectory(Path("nope"));
  ASSERT_TRUE(names.ok());
  EXPECT_TRUE(names->empty());
  EXPECT_TRUE(Entries().empty());
}

TEST_F(FileIoTest, ListDirectoryOfAFileIsAnError) {
  WriteRaw(Path("f"), "x");
  Result<std::vector<std::string>> names = ListDirectory(Path("f"));
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().kind(), ErrorKind::kIo);
  EXPECT_NE(names.status().message().find(Path("f")), std::string::npos);
}

TEST_F(FileIoTest, MakeDirectoriesCreatesParentsAndIsIdempotent) {
  std::string nested = Path("a/b/c");
  ASSERT_TRUE(MakeDirectories(nested).ok());
  EXPECT_TRUE(IsDirectory(nested));
  EXPECT_TRUE(MakeDirectories(nested).ok());
  WriteRaw(Path("file"), "x");
  Status blocked = MakeDirectories(Path("file/sub"));
  EXPECT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.kind(), ErrorKind::kIo);
}

// ------------------------------------ appends --------------------------------------------------

TEST_F(FileIoTest, AppendDurablyCreatesThenAppends) {
  std::string path = Path("2026-01-27.jsonl");
  ASSERT_TRUE(AppendDurably(path, "{\"a\":1}\n").ok());
  ASSERT_TRUE(AppendDurably(path, "{\"b\":2}\n").ok());
  ASSERT_TRUE(AppendDurably(path, "").ok());
  ASSERT_TRUE(AppendDurably(path, "{\"c\":3}\n{\"d\":4}\n").ok());
  EXPECT_EQ(*ReadFile(path), "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n");
}

TEST_F(FileIoTest, AppendDurablyKeepsATornTail) {
  std::string path = Path("torn.jsonl");
  WriteRaw(path, "{\"a\":1}\n{\"fragm");
  ASSERT_TRUE(AppendDurably(path, "\n{\"b\":2}\n").ok());
  EXPECT_EQ(*ReadFile(path), "{\"a\":1}\n{\"fragm\n{\"b\":2}\n");
}

TEST_F(FileIoTest, AppendDurablyLargeAppend) {
  std::string path = Path("big");
  std::string bytes(8 * 1024 * 1024, 'z');
  ASSERT_TRUE(AppendDurably(path, bytes).ok());
  EXPECT_EQ(Stat(path).size, bytes.size());
}

TEST_F(FileIoTest, AppendDurablyIntoMissingDirectoryFails) {
  Status status = AppendDurably(Path("missing/x.jsonl"), "x\n");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kIo);
  EXPECT_NE(status.message().find(Path("missing/x.jsonl")), std::string::npos);
}

TEST_F(FileIoTest, LastByte) {
  EXPECT_EQ(LastByte(Path("missing")), -1);
  WriteRaw(Path("empty"), "");
  EXPECT_EQ(LastByte(Path("empty")), -1);
  WriteRaw(Path("lf"), "abc\n");
  EXPECT_EQ(LastByte(Path("lf")), '\n');
  WriteRaw(Path("torn"), "abc");
  EXPECT_EQ(LastByte(Path("torn")), 'c');
  WriteRaw(Path("high"), "a\xff");
  EXPECT_EQ(LastByte(Path("high")), 0xff);
  WriteRaw(Path("nul"), std::string("a\0", 2));
  EXPECT_EQ(LastByte(Path("nul")), 0);
  ASSERT_TRUE(AppendDurably(Path("torn"), "\n").ok());
  EXPECT_EQ(LastByte(Path("torn")), '\n');
}

// ------------------------------------ atomic replacement ---------------------------------------

TEST_F(FileIoTest, AtomicReplaceCreatesAndReplaces) {
  std::string path = Path("clock.json");
  ASSERT_TRUE(AtomicReplace(path, "{\"value\":1}").ok());
  EXPECT_EQ(*ReadFile(path), "{\"value\":1}");
  FileIdentity before = Stat(path);
  ASSERT_TRUE(AtomicReplace(path, "{\"value\":2}").ok());
  EXPECT_EQ(*ReadFile(path), "{\"value\":2}");
  EXPECT_NE(Stat(path).inode, before.inode) << "replaced by rename, not rewritten in place";
  ASSERT_TRUE(AtomicReplace(path, "").ok());
  EXPECT_EQ(*ReadFile(path), "");
  EXPECT_EQ(Entries(), std::vector<std::string>{"clock.json"}) << "no temp file left behind";
}

TEST_F(FileIoTest, AtomicReplaceIntoMissingDirectoryFails) {
  Status status = AtomicReplace(Path("missing/clock.json"), "x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kIo);
  EXPECT_TRUE(Entries().empty());
}

TEST_F(FileIoTest, AtomicReplaceOverADirectoryFailsWithoutTempFile) {
  ASSERT_EQ(::mkdir(Path("taken").c_str(), 0777), 0);
  Status status = AtomicReplace(Path("taken"), "x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kIo);
  EXPECT_EQ(Entries(), std::vector<std::string>{"taken"});
}

// ------------------------------------ fault injection (child processes) ------------------------

TEST(FaultInjectionTest, NoFaultsWithoutTheVariable) {
  if (std::getenv("KITTYLOG_FAULT") != nullptr) GTEST_SKIP() << "KITTYLOG_FAULT is set for this run";
  for (std::string_view op : {"open", "write", "fsync", "rename"}) EXPECT_EQ(InjectedFault(op), 0) << op;
}

TEST_F(FileIoTest, FaultSpecIsParsed) {
  ChildOutcome outcome = Fault("fsync:EIO,write:ENOSPC,rename:EBOGUS,garbage", "inspect", Path("unused"));
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.message, "open=0\nwrite=" + std::to_string(ENOSPC) + "\nfsync=" + std::to_string(EIO) +
                                 "\nrename=" + std::to_string(EIO) + "\nother=0\n");
}

TEST_F(FileIoTest, AtomicReplaceRenameFaultKeepsOldBytesAndNoTemp) {
  std::string path = Path("clock.json");
  WriteRaw(path, "old bytes\n");
  ChildOutcome outcome = Fault("rename:EIO", "atomic_replace", path);
  EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
  EXPECT_NE(outcome.message.find(path), std::string::npos) << outcome.message;
  EXPECT_NE(outcome.message.find(std::strerror(EIO)), std::string::npos) << outcome.message;
  EXPECT_EQ(*ReadFile(path), "old bytes\n");
  EXPECT_EQ(Entries(), std::vector<std::string>{"clock.json"});
}

TEST_F(FileIoTest, AtomicReplaceRenameFaultOnNewFileLeavesNothing) {
  ChildOutcome outcome = Fault("rename:EACCES", "atomic_replace", Path("clock.json"));
  EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
  EXPECT_NE(outcome.message.find(std::strerror(EACCES)), std::string::npos) << outcome.message;
  EXPECT_TRUE(Entries().empty());
}

TEST_F(FileIoTest, AtomicReplaceOtherFaultsKeepOldBytesAndNoTemp) {
  for (std::string fault : {"fsync:EIO", "write:ENOSPC", "open:EACCES", "write:EDQUOT"}) {
    SCOPED_TRACE(fault);
    std::string path = Path("clock.json");
    WriteRaw(path, "old bytes\n");
    ChildOutcome outcome = Fault(fault, "atomic_replace", path);
    EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
    EXPECT_NE(outcome.message.find(path), std::string::npos) << outcome.message;
    EXPECT_EQ(*ReadFile(path), "old bytes\n");
    EXPECT_EQ(Entries(), std::vector<std::string>{"clock.json"});
  }
}

TEST_F(FileIoTest, AtomicReplaceSucceedsWhenTheFaultIsElsewhere) {
  std::string path = Path("clock.json");
  WriteRaw(path, "old bytes\n");
  ChildOutcome outcome = Fault("other:EIO", "atomic_replace", path);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.message;
  EXPECT_EQ(*ReadFile(path), kNewBytes);
  EXPECT_EQ(Entries(), std::vector<std::string>{"clock.json"});
}

TEST_F(FileIoTest, AppendWriteFaultLeavesTheFileUnchanged) {
  std::string path = Path("2026-01-27.jsonl");
  WriteRaw(path, "{\"a\":1}\n");
  ChildOutcome outcome = Fault("write:ENOSPC", "append", path);
  EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
  EXPECT_NE(outcome.message.find(path), std::string::npos) << outcome.message;
  EXPECT_NE(outcome.message.find(std::strerror(ENOSPC)), std::string::npos) << outcome.message;
  EXPECT_EQ(*ReadFile(path), "{\"a\":1}\n");
}

TEST_F(FileIoTest, AppendOpenFaultCreatesNothing) {
  ChildOutcome outcome = Fault("open:EROFS", "append", Path("2026-01-27.jsonl"));
  EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
  EXPECT_NE(outcome.message.find(std::strerror(EROFS)), std::string::npos) << outcome.message;
  EXPECT_TRUE(Entries().empty());
}

TEST_F(FileIoTest, AppendFsyncFaultIsReported) {
  // The bytes may have reached the file; the contract is old bytes or old bytes + a prefix.
  std::string path = Path("2026-01-27.jsonl");
  WriteRaw(path, "{\"a\":1}\n");
  ChildOutcome outcome = Fault("fsync:EIO", "append", path);
  EXPECT_EQ(outcome.exit_code, static_cast<int>(ErrorKind::kIo));
  EXPECT_NE(outcome.message.find("fsync"), std::string::npos) << outcome.message;
  std::string content = *ReadFile(path);
  ASSERT_TRUE(content.starts_with("{\"a\":1}\n")) << content;
  EXPECT_TRUE(std::string(kNewBytes).starts_with(content.substr(8))) << content;
}

// ------------------------------------ the writer lock ------------------------------------------

TEST_F(FileIoTest, LockIsCreatedAndReleasedOnDestruction) {
  std::string path = Path(".lock");
  {
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(path);
    ASSERT_TRUE(lock.ok()) << lock.status().message();
    EXPECT_TRUE(Stat(path).exists);
  }
  // Released: a non-blocking flock from a fresh descriptor now succeeds.
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ::close(fd);
  Result<std::unique_ptr<FileLock>> again = FileLock::Acquire(path);
  EXPECT_TRUE(again.ok());
}

TEST_F(FileIoTest, LockInMissingDirectoryFails) {
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Path("missing/.lock"));
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().kind(), ErrorKind::kIo);
}

TEST_F(FileIoTest, LockExcludesASecondProcess) {
  std::string lock_path = Path(".lock");
  std::string marker = Path("child-acquired");
  int go[2];       // parent -> child: the lock is held
  int tried[2];    // child -> parent: the non-blocking attempt has been made
  ASSERT_EQ(::pipe(go), 0);
  ASSERT_EQ(::pipe(tried), 0);
  // Fork before taking the lock, so the child does not inherit the locked descriptor.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(go[1]);
    ::close(tried[0]);
    char byte;
    if (::read(go[0], &byte, 1) != 1) std::_Exit(10);
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) std::_Exit(11);
    // While the parent holds the lock, a non-blocking attempt must fail with EWOULDBLOCK.
    bool excluded = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    if (::write(tried[1], "t", 1) != 1) std::_Exit(15);
    if (!excluded) std::_Exit(12);
    // A blocking Acquire returns only once the parent has released it.
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(lock_path);
    if (!lock.ok()) std::_Exit(13);
    if (!AppendDurably(marker, "child\n").ok()) std::_Exit(14);
    std::_Exit(0);
  }
  ::close(go[0]);
  ::close(tried[1]);
  {
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(lock_path);
    EXPECT_TRUE(lock.ok()) << lock.status().message();
    EXPECT_EQ(::write(go[1], "g", 1), 1);
    char byte;
    EXPECT_EQ(::read(tried[0], &byte, 1), 1);
    // Give the child time to block in Acquire; it must not get through while we hold the lock.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(Stat(marker).exists) << "child acquired the lock while the parent held it";
    EXPECT_TRUE(AppendDurably(marker, "parent-released\n").ok());
  }
  ::close(go[1]);
  ::close(tried[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "child exit codes: 12 = not excluded, 13 = Acquire failed";
  EXPECT_EQ(*ReadFile(marker), "parent-released\nchild\n");
}

}  // namespace
}  // namespace kittylog::platform
