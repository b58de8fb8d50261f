#include "tests/docs/scenario_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "tests/support/test_support.h"

namespace kittylog::doctest {
namespace {

constexpr std::string_view kBegin = "\036KLDOC-BEGIN\036\n";
constexpr std::string_view kEnd = "\036KLDOC-END ";

const char* kGitConfig =
    "[user]\n\tname = alice\n\temail = alice@example.com\n"
    "[init]\n\tdefaultBranch = main\n"
    "[advice]\n\tdetachedHead = false\n"
    "[color]\n\tui = false\n"
    "[core]\n\tpager = cat\n"
    "[protocol \"file\"]\n\tallow = always\n";

std::string Script(const Scenario& scenario) {
  std::string script = "exec </dev/null\ncd \"$HOME\" || exit 97\n__kldoc_rc=0\n";
  for (const Step& step : scenario.steps) {
    script += "printf '\\036KLDOC-BEGIN\\036\\n'\n";
    script += "(exit \"$__kldoc_rc\")\n";  // so `echo $?` shows the previous command's status
    script += step.command + "\n";
    script += "__kldoc_rc=$?\nprintf '\\036KLDOC-END %d\\036\\n' \"$__kldoc_rc\"\n";
  }
  return script;
}

std::vector<std::string> Environment(const std::string& home, const RunnerOptions& options) {
  std::string bin = std::filesystem::path(options.kittylog).parent_path().string();
  std::string merge_bin = std::filesystem::path(options.kittylog_merge).parent_path().string();
  std::vector<std::string> env = {
      "HOME=" + home,
      "PATH=" + bin + ":" + merge_bin + ":/usr/local/bin:/usr/bin:/bin",
      "TMPDIR=" + home + "/.tmp",
      "USER=alice",
      "LOGNAME=alice",
      "SHELL=/bin/bash",
      "TERM=dumb",
      "NO_COLOR=1",
      "TZ=UTC",
      "LANG=C.UTF-8",
      "LC_ALL=C.UTF-8",
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_PAGER=cat",
      "PAGER=cat",
  };
  // The sanitizer stage's settings reach the binaries the scenario runs.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

// Runs bash on `script_path` on a new pseudo-terminal; returns everything it showed.
std::string RunOnTerminal(const std::string& home, const std::string& script_path, const RunnerOptions& options,
                          std::string& error) {
  std::vector<std::string> env = Environment(home, options);
  std::vector<char*> envp;
  for (std::string& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  struct termios mode {};
  ::cfmakeraw(&mode);  // no "\n" -> "\r\n", no echo
  struct winsize size {};
  size.ws_col = 120;
  size.ws_row = 40;
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, &mode, &size);
  if (pid < 0) {
    error = "forkpty failed";
    return "";
  }
  if (pid == 0) {
    if (::chdir(home.c_str()) != 0) _exit(96);
    char* argv[] = {const_cast<char*>("bash"), const_cast<char*>("--noprofile"), const_cast<char*>("--norc"),
                    const_cast<char*>(script_path.c_str()), nullptr};
    ::execve("/bin/bash", argv, envp.data());
    _exit(127);
  }
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.deadline_seconds);
  bool exited = false;
  for (;;) {
    struct pollfd fd = {master, POLLIN, 0};
    int ready = ::poll(&fd, 1, exited ? 0 : 100);
    if (ready > 0) {
      char buffer[65536];
      ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n > 0) {
        out.append(buffer, static_cast<size_t>(n));
        continue;
      }
      break;  // EIO: every holder of the terminal closed it
    }
    if (exited) break;  // drained
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;  // read what is left, then stop (a background child may keep the terminal)
      continue;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      error = "the scenario did not finish within " + std::to_string(options.deadline_seconds) + " s";
      break;
    }
  }
  if (!exited) ::waitpid(pid, nullptr, 0);
  ::close(master);
  return out;
}

}  // namespace

std::vector<std::string> ScenarioRun::outputs() const {
  std::vector<std::string> texts;
  for (const StepResult& step : steps) texts.push_back(step.output);
  return texts;
}

ScenarioRun RunScenario(const Scenario& scenario, const RunnerOptions& options) {
  testing::TempDir scratch;
  // The scratch HOME's real path: what pwd and the tools print.
  const std::string home = std::filesystem::canonical(scratch.path()).string();
  std::filesystem::create_directories(home + "/.tmp");
  testing::WriteFile(home + "/.gitconfig", kGitConfig);
  const std::string script_path = home + "/.tmp/scenario.sh";
  testing::WriteFile(script_path, Script(scenario));

  ScenarioRun run;
  std::string all = RunOnTerminal(home, script_path, options, run.error);
  PathMap paths;
  paths.Add(std::filesystem::path(options.kittylog).parent_path().string(), "/usr/local/bin");
  paths.Add(std::filesystem::path(options.kittylog_merge).parent_path().string(), "/usr/local/bin");
  paths.Add(home, "~");
  paths.Add(scratch.path(), "~");

  size_t pos = 0;
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    StepResult result;
    size_t begin = all.find(kBegin, pos);
    if (begin != std::string::npos) {
      begin += kBegin.size();
      size_t end = all.find(kEnd, begin);
      result.output = paths.Apply(all.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
      if (end != std::string::npos) {
        result.ran = true;
        result.exit_code = std::atoi(all.c_str() + end + kEnd.size());
        pos = all.find('\n', end);
      } else {
        pos = all.size();
      }
    }
    if (!result.ran && run.error.empty()) {
      run.error = scenario.page + ":" + std::to_string(scenario.steps[i].page_line) +
                  ": the shell ended before this step finished: " + scenario.steps[i].command;
    }
    run.steps.push_back(std::move(result));
  }
  return run;
}

}  // namespace kittylog::doctest
