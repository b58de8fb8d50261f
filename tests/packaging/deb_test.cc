// The Debian package (docs/install.md "From the .deb"): `cpack -G DEB` builds it, its control
// fields are right (version, Depends computed from the shared libraries, a description),
// lintian reports no error, and unpacked into a scratch root (`dpkg -x`) its own binaries run
// `kittylog demo` with nothing of the build tree in reach: a system PATH, no
// KITTYLOG_MERGE_BINARY, no build path inside the binaries.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

ProcessResult RunOk(const std::vector<std::string>& argv, const ProcessOptions& options = {}) {
  ProcessResult result = kittylog::testing::Run(argv, options);
  EXPECT_EQ(result.exit_code, 0) << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << ":\n" << result.out << result.err;
  return result;
}

std::string Field(const std::string& deb, const std::string& name) {
  std::string value = RunOk({"dpkg-deb", "--field", deb, name}).out;
  return value.empty() ? value : value.substr(0, value.size() - 1);
}

// One test: each step needs the package, and building it (cpack) is the slow part.
TEST(DebPackageTest, BuildsLintsUnpacksAndRunsTheDemo) {
  TempDir scratch;
  ProcessResult packed = kittylog::testing::Run({KITTYLOG_CPACK, "--config", std::string(KITTYLOG_BUILD_DIR) +
                                                 "/CPackConfig.cmake", "-G", "DEB", "-B", scratch / "package"});
  ASSERT_EQ(packed.exit_code, 0) << packed.out << packed.err;
  std::string deb;
  for (const auto& entry : std::filesystem::directory_iterator(scratch / "package")) {
    if (entry.path().extension() == ".deb") deb = entry.path().string();
  }
  ASSERT_NE(deb, "") << "cpack made no .deb";

  // Control fields.
  EXPECT_EQ(Field(deb, "Package"), "kittylog");
  EXPECT_EQ(Field(deb, "Version"), KITTYLOG_PROJECT_VERSION);
  std::string depends = Field(deb, "Depends");
  std::vector<std::string> needed = {"git", "libc6", "libsimdjson", "libfmt"};
  if (!KITTYLOG_LINKED_STATIC) needed.insert(needed.end(), {"libgit2-1.5", "libsqlite3-0"});  // else embedded
  for (const std::string& package : needed) {
    EXPECT_NE(depends.find(package), std::string::npos) << package << " missing from Depends: " << depends;
  }
  EXPECT_GT(SplitLines(Field(deb, "Description")).size(), 5u);

  // lintian: no error (warnings and notes are printed for the log).
  ProcessResult lint = kittylog::testing::Run({"lintian", "--no-tag-display-limit", deb});
  std::string errors;
  for (const std::string& line : SplitLines(lint.out)) {
    if (line.starts_with("E: ")) errors += line + "\n";
  }
  EXPECT_EQ(errors, "") << lint.out;
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  std::printf("lintian:\n%s", lint.out.c_str());

  // Unpacked into a scratch root: nothing in the binaries names the build tree (no RUNPATH, no
  // baked path), and they run the demo with a system PATH and no KITTYLOG_MERGE_BINARY.
  const std::string root = scratch / "root";
  const std::string bin = root + "/usr/bin";
  std::filesystem::create_directories(root);
  RunOk({"dpkg", "-x", deb, root});
  for (const char* program : {"kittylog", "kittylog-merge"}) {
    std::string dynamic = RunOk({"readelf", "-d", bin + "/" + program}).out;
    EXPECT_EQ(dynamic.find("PATH"), std::string::npos) << program << ": " << dynamic;
    EXPECT_EQ(ReadFileOrEmpty(bin + "/" + program).find(KITTYLOG_BUILD_DIR), std::string::npos) << program;
  }
  ProcessOptions user;
  user.cwd = scratch.path();
  user.env["PATH"] = "/usr/bin:/bin";
  user.env["KITTYLOG_MERGE_BINARY"] = "";
  user.env["TMPDIR"] = scratch.path();
  user.env["NO_COLOR"] = "1";
  EXPECT_EQ(RunOk({bin + "/kittylog", "--version"}, user).out, kittylog::testing::Run({KITTYLOG_BINARY, "--version"}).out);
  ProcessResult demo = RunOk({bin + "/kittylog", "demo"}, user);
  EXPECT_NE(demo.out.find("kittylog-merge: " + bin + "/kittylog-merge\n"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("kittylog demo: done"), std::string::npos) << demo.out << demo.err;

  // The packaged man pages render without warnings; the packaged bash completion completes.
  ProcessOptions plain;
  plain.env["MANWIDTH"] = "80";
  plain.env["MANPAGER"] = "cat";
  for (const char* page : {"kittylog.1.gz", "kittylog-merge.1.gz"}) {
    ProcessResult rendered = kittylog::testing::Run({"man", "--warnings", "-l", root + "/usr/share/man/man1/" + page}, plain);
    EXPECT_EQ(rendered.exit_code, 0) << page;
    EXPECT_EQ(rendered.err, "") << page;
  }
  ProcessResult completed = RunOk({"bash", "--norc", "-c",
                                   "source " + root + "/usr/share/bash-completion/completions/kittylog; "
                                   "COMP_WORDS=(kittylog wp m); COMP_CWORD=2; _kittylog; echo \"${COMPREPLY[*]}\""});
  EXPECT_EQ(completed.out, "move\n");
}

}  // namespace
}  // namespace kittylog::testing
