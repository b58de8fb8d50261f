#include "bench/support/bench_support.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

namespace kittylog::bench {
namespace {

double Milliseconds(const timeval& value) {
  return static_cast<double>(value.tv_sec) * 1000.0 + static_cast<double>(value.tv_usec) / 1000.0;
}

// In the child: `path` on `fd`, or _exit(127).
void Redirect(const std::string& path, int flags, int fd) {
  if (path.empty()) return;
  int opened = ::open(path.c_str(), flags, 0644);
  if (opened < 0 || ::dup2(opened, fd) < 0) ::_exit(127);
  if (opened != fd) ::close(opened);
}

}  // namespace

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double Percentile90(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() * 9 / 10];
}

ProcessRun RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  if (options.capture_stdout != nullptr && ::pipe(pipe_fds) != 0) return {};
  const int write_flags = O_WRONLY | O_CREAT | (options.append ? O_APPEND : O_TRUNC);
  std::fflush(stdout);
  std::fflush(stderr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(127);
    Redirect(options.stdin_path, O_RDONLY, STDIN_FILENO);
    if (options.capture_stdout != nullptr) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      ::close(pipe_fds[1]);
    } else {
      Redirect(options.stdout_path, write_flags, STDOUT_FILENO);
    }
    Redirect(options.stderr_path, write_flags, STDERR_FILENO);
    for (const auto& [name, value] : options.environment) ::setenv(name.c_str(), value.c_str(), 1);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ProcessRun run;
  if (options.capture_stdout != nullptr) {
    ::close(pipe_fds[1]);
    if (pid > 0) {
      char buffer[65536];
      ssize_t n;
      while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
        options.capture_stdout->append(buffer, static_cast<size_t>(n));
      }
    }
    ::close(pipe_fds[0]);
  }
  int status = 0;
  struct rusage usage {};
  if (pid < 0 || ::wait4(pid, &status, 0, &usage) < 0) return run;
  run.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  run.cpu_ms = Milliseconds(usage.ru_utime) + Milliseconds(usage.ru_stime);
  run.max_rss_kb = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

ProcessRun RunOrExit(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessRun run = RunProcess(argv, options);
  if (!run.ok()) {
    std::string command;
    for (const std::string& arg : argv) command += " " + arg;
    fmt::print(stderr, "command failed (exit {}):{}\n", run.exit_code, command);
    std::exit(1);
  }
  return run;
}

}  // namespace kittylog::bench
