#include "tests/hostile/hostile_fixture.h"

#include <unistd.h>

#include <filesystem>

namespace kittylog::gittest {
namespace {

constexpr const char* kNobody = "65534";

bool HaveSetpriv() {
  return std::filesystem::exists("/usr/bin/setpriv") || std::filesystem::exists("/bin/setpriv");
}

}  // namespace

std::string WhoName(const ::testing::TestParamInfo<Who>& info) {
  return info.param == Who::kSelf ? "AsTestUser" : "AsNobody";
}

bool HostileTest::CannotRunAsNobody() {
  if (GetParam() == Who::kSelf) return false;
  if (::geteuid() != 0 || !HaveSetpriv()) return true;
  // A build tree inside a 0700 directory (a clone made with `mktemp -d`) is out of nobody's reach:
  // the hooks git runs as nobody could not start kittylog, whatever kittylog does.
  testing::ProcessResult reach = testing::Run({"setpriv", std::string("--reuid=") + kNobody,
                                               std::string("--regid=") + kNobody, "--clear-groups", "--", "test", "-x",
                                               KITTYLOG_BINARY});
  return reach.exit_code != 0;
}

void HostileTest::HandOver() {
  if (GetParam() == Who::kSelf) return;
  testing::ProcessResult chown = testing::Run({"chown", "-R", std::string(kNobody) + ":" + kNobody, tmp_.path()});
  ASSERT_EQ(chown.exit_code, 0) << chown.err;
  // The temporary directory itself is 0700: nobody must be able to enter it.
  std::filesystem::permissions(tmp_.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
}

std::vector<std::string> HostileTest::Prefix() const {
  if (GetParam() == Who::kSelf) return {};
  return {"setpriv", std::string("--reuid=") + kNobody, std::string("--regid=") + kNobody, "--clear-groups", "--"};
}

ProcessResult HostileTest::KlAs(const std::string& dir, const std::vector<std::string>& args,
                                const ProcessOptions& extra) {
  std::vector<std::string> argv = Prefix();
  argv.push_back(KITTYLOG_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = Env(extra);
  options.cwd = dir;
  return RunBounded(120, argv, options);
}

ProcessResult HostileTest::MergeDriverAs(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = Prefix();
  argv.push_back(KITTYLOG_MERGE_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = Env();
  options.cwd = dir;
  return RunBounded(60, argv, options);
}

ProcessResult HostileTest::GitAs(const std::string& dir, const std::vector<std::string>& args,
                                 const ProcessOptions& extra) {
  std::vector<std::string> argv = Prefix();
  argv.push_back("git");
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = Env(extra);
  options.cwd = dir;
  return RunBounded(120, argv, options);
}

ProcessResult RunBounded(int seconds, std::vector<std::string> argv, const ProcessOptions& options) {
  argv.insert(argv.begin(), {"timeout", "-k", "5", std::to_string(seconds)});
  return testing::Run(argv, options);
}

::testing::AssertionResult IsOneJsonDocument(const std::string& text) {
  ProcessOptions options;
  options.stdin_data = text;
  ProcessResult parsed = testing::Run({"python3", "-c", "import json, sys; json.load(sys.stdin)"}, options);
  if (parsed.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not exactly one JSON document: " << parsed.err.substr(0, 300)
                                       << "\n--- stdout was:\n" << text.substr(0, 600);
}

}  // namespace kittylog::gittest
