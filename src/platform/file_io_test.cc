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
    } else if (op == "rename") {
      report = "errno=" + std::to_string(Rename(path, path + ".moved")) + "\n";
    } else if (op == "open_for_writing") {
      FileDescriptor file = OpenForWriting(path);
      report = "errno=" + std::to_string(file.valid() ? 0 : errno) + "\n";
    } else if (op == "temporary") {
      std::string pattern = path + "-XXXXXX";
      FileDescriptor file = CreateTemporaryFile(pattern);
      report = "errno=" + std::to_string(file.valid() ? 0 : errno) + "\n";
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
  EXPECT_NE(directory.status().message().find("a directory, not a regular file"), std::string::npos);
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

// ------------------------------------ renames, removals, descriptors --------------------------

TEST_F(FileIoTest, RenameMovesALinkItselfAndReportsErrno) {
  WriteRaw(Path("target"), "kept\n");
  ASSERT_EQ(::symlink(Path("target").c_str(), Path("link").c_str()), 0);
  EXPECT_EQ(Rename(Path("link"), Path("moved")), 0);
  EXPECT_EQ(Stat(Path("moved")).type, FileType::kSymlink);
  EXPECT_EQ(*ReadFile(Path("target")), "kept\n");
  EXPECT_EQ(Rename(Path("missing"), Path("other")), ENOENT);
  WriteRaw(Path("new"), "new\n");
  EXPECT_EQ(Rename(Path("new"), Path("target")), 0);  // replaces
  EXPECT_EQ(*ReadFile(Path("target")), "new\n");
}

TEST_F(FileIoTest, RemoveFileRemovesALinkNotItsTarget) {
  WriteRaw(Path("target"), "kept\n");
  ASSERT_EQ(::symlink(Path("target").c_str(), Path("link").c_str()), 0);
  EXPECT_EQ(RemoveFile(Path("link")), 0);
  EXPECT_EQ(*ReadFile(Path("target")), "kept\n");
  EXPECT_EQ(RemoveFile(Path("link")), ENOENT);
  ASSERT_EQ(::mkdir(Path("dir").c_str(), 0777), 0);
  EXPECT_EQ(RemoveFile(Path("dir")), EISDIR);
}

TEST(PaddedCopyTest, CopiesAndZeroesThePadding) {
  PaddedBuffer copy = PaddedCopy(std::string_view("abc\0de", 6), 16);
  EXPECT_EQ(copy.view(), std::string_view("abc\0de", 6));
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ(copy.data[6 + i], '\0') << i;
  EXPECT_EQ(PaddedCopy("", 8).view(), "");
}

TEST_F(FileIoTest, OpenRegularFileRefusesWhatReadsRefuseAndReportsMissing) {
  WriteRaw(Path("f"), "abc");
  Result<FileDescriptor> opened = OpenRegularFile(Path("f"));
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->valid());
  bool missing = false;
  Result<FileDescriptor> absent = OpenRegularFile(Path("missing"), Links::kRefuse, &missing);
  ASSERT_TRUE(absent.ok());
  EXPECT_TRUE(missing);
  EXPECT_FALSE(absent->valid());
  Result<FileDescriptor> absent_error = OpenRegularFile(Path("missing"));
  ASSERT_FALSE(absent_error.ok());
  EXPECT_EQ(absent_error.status().message(), Path("missing") + ": open: " + std::strerror(ENOENT));
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0666), 0);
  Result<FileDescriptor> fifo = OpenRegularFile(Path("fifo"), Links::kRefuse, &missing);
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.status().message(), Path("fifo") + ": is a FIFO, not a regular file");
  ASSERT_EQ(::symlink(Path("f").c_str(), Path("link").c_str()), 0);
  EXPECT_FALSE(OpenRegularFile(Path("link")).ok());
  EXPECT_TRUE(OpenRegularFile(Path("link"), Links::kFollow).ok());
}

TEST_F(FileIoTest, DescriptorsWriteInPlaceTruncateAndClose) {
  WriteRaw(Path("f"), "0123456789");
  FileDescriptor file = OpenForWriting(Path("f"));
  ASSERT_TRUE(file.valid());
  ASSERT_EQ(::pwrite(file.get(), "ab", 2, 3), 2);
  EXPECT_EQ(Truncate(file, 6), 0);
  FileDescriptor moved = std::move(file);
  EXPECT_FALSE(file.valid());  // NOLINT(bugprone-use-after-move): moved-from is invalid
  EXPECT_EQ(moved.Close(), 0);
  EXPECT_FALSE(moved.valid());
  EXPECT_EQ(moved.Close(), 0);  // closing twice is harmless
  EXPECT_EQ(*ReadFile(Path("f")), "012ab5");
  EXPECT_FALSE(OpenForWriting(Path("missing")).valid());  // never creates
  EXPECT_EQ(Stat(Path("missing")).exists, false);
  ASSERT_EQ(::symlink(Path("f").c_str(), Path("link").c_str()), 0);
  FileDescriptor through_link = OpenForWriting(Path("link"));
  EXPECT_FALSE(through_link.valid());
  EXPECT_EQ(errno, ELOOP);
  std::string pattern = Path("temp-XXXXXX");
  FileDescriptor temp = CreateTemporaryFile(pattern);
  ASSERT_TRUE(temp.valid());
  EXPECT_NE(pattern, Path("temp-XXXXXX"));
  EXPECT_EQ(Stat(pattern).type, FileType::kRegular);
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

TEST_F(FileIoTest, RenameAndOpenFaultsFailBeforeTheSystemCall) {
  WriteRaw(Path("f"), "kept\n");
  EXPECT_EQ(Fault("rename:EROFS", "rename", Path("f")).message, "errno=" + std::to_string(EROFS) + "\n");
  EXPECT_EQ(Entries(), std::vector<std::string>{"f"});
  EXPECT_EQ(Fault("open:EACCES", "open_for_writing", Path("f")).message, "errno=" + std::to_string(EACCES) + "\n");
  EXPECT_EQ(Fault("open:EIO", "temporary", Path("t")).message, "errno=" + std::to_string(EIO) + "\n");
  EXPECT_EQ(Entries(), std::vector<std::string>{"f"});
  EXPECT_EQ(Fault("write:EIO", "rename", Path("f")).message, "errno=0\n");  // another operation's fault
  EXPECT_EQ(Entries(), std::vector<std::string>{"f.moved"});
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


// ------------------------------------ hostile entries (DESIGN §1, §12) -------------------------

TEST_F(FileIoTest, ReadsRefuseASymlinkAndNeverReadThroughIt) {
  WriteRaw(Path("secret"), "SECRET=hunter2\n");
  ASSERT_EQ(::symlink(Path("secret").c_str(), Path("link").c_str()), 0);
  Result<std::string> refused = ReadFile(Path("link"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().kind(), ErrorKind::kIo);
  EXPECT_NE(refused.status().message().find("is a symbolic link"), std::string::npos) << refused.status().message();
  EXPECT_EQ(refused.status().message().find("hunter2"), std::string::npos);
  EXPECT_FALSE(ReadFilePadded(Path("link")).ok());
  Result<std::string> followed = ReadFile(Path("link"), Links::kFollow);  // only when asked
  ASSERT_TRUE(followed.ok());
  EXPECT_EQ(*followed, "SECRET=hunter2\n");
}

TEST_F(FileIoTest, ReadsRefuseFifosDevicesAndDirectoriesWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0666), 0);  // no writer: a blocking open would hang
  Result<std::string> fifo = ReadFile(Path("fifo"));
  ASSERT_FALSE(fifo.ok());
  EXPECT_NE(fifo.status().message().find("a FIFO, not a regular file"), std::string::npos) << fifo.status().message();
  Result<std::string> zero = ReadFile("/dev/zero", Links::kFollow);  // would never end
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("a device, not a regular file"), std::string::npos) << zero.status().message();
  Result<std::string> directory = ReadFile(dir_);
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("a directory, not a regular file"), std::string::npos);
}

TEST_F(FileIoTest, StatDoesNotFollowAndNamesTheType) {
  WriteRaw(Path("f"), "12345");
  ASSERT_EQ(::symlink(Path("f").c_str(), Path("link").c_str()), 0);
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0666), 0);
  EXPECT_EQ(Stat(Path("f")).type, FileType::kRegular);
  EXPECT_EQ(Stat(Path("link")).type, FileType::kSymlink);
  EXPECT_EQ(Stat(Path("link"), Links::kFollow).type, FileType::kRegular);
  EXPECT_EQ(Stat(Path("fifo")).type, FileType::kFifo);
  EXPECT_EQ(Stat(Path("missing")).type, FileType::kMissing);
  EXPECT_EQ(DescribeType(FileType::kSymlink), "a symbolic link");
  ASSERT_EQ(::symlink(dir_.c_str(), Path("dirlink").c_str()), 0);
  EXPECT_FALSE(IsDirectory(Path("dirlink")));
  EXPECT_TRUE(IsDirectory(Path("dirlink"), Links::kFollow));
}

TEST_F(FileIoTest, DirectoryOperationsRefuseASymlinkedDirectory) {
  ASSERT_EQ(::mkdir(Path("elsewhere").c_str(), 0777), 0);
  WriteRaw(Path("elsewhere/2026-01-27.jsonl"), "x\n");
  ASSERT_EQ(::symlink(Path("elsewhere").c_str(), Path("events").c_str()), 0);
  Result<std::vector<std::string>> listed = ListDirectory(Path("events"));
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.status().message().find("is a symbolic link"), std::string::npos);
  Status made = MakeDirectories(Path("events"));
  EXPECT_FALSE(made.ok());
  EXPECT_NE(made.message().find("is a symbolic link"), std::string::npos) << made.message();
  EXPECT_TRUE(MakeDirectories(Path("events"), Links::kFollow).ok());
}

TEST_F(FileIoTest, WritesNeverGoThroughALink) {
  WriteRaw(Path("victim"), "precious\n");
  ASSERT_EQ(::symlink(Path("victim").c_str(), Path("append").c_str()), 0);
  EXPECT_FALSE(AppendDurably(Path("append"), "x\n").ok());
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0666), 0);
  Status fifo = AppendDurably(Path("fifo"), "x\n");  // no reader: a blocking open would hang
  EXPECT_FALSE(fifo.ok());
  EXPECT_EQ(LastByte(Path("fifo")), -1);
  // AtomicReplace replaces a link at the path itself; a link planted at its temp name is removed.
  ASSERT_EQ(::symlink(Path("victim").c_str(), Path("replaced").c_str()), 0);
  ASSERT_EQ(::symlink(Path("victim").c_str(), (Path("replaced") + ".tmp-" + std::to_string(::getpid())).c_str()), 0);
  ASSERT_TRUE(AtomicReplace(Path("replaced"), "new\n").ok());
  EXPECT_EQ(Stat(Path("replaced")).type, FileType::kRegular);
  EXPECT_EQ(*ReadFile(Path("replaced")), "new\n");
  EXPECT_EQ(*ReadFile(Path("victim")), "precious\n");
}

}  // namespace
}  // namespace kittylog::platform
