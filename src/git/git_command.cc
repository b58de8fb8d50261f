#include "git/git_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace kittylog::git {
namespace {

constexpr size_t kMaxOutput = 1 << 20;

}  // namespace

Result<GitOutput> RunGit(const std::string& directory, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-C", directory};
  argv.insert(argv.end(), args.begin(), args.end());
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Status::Io(fmt::format("git: pipe: {}", std::strerror(errno)));
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(out[0]);
    ::close(out[1]);
    return Status::Io(fmt::format("git: fork: {}", std::strerror(err)));
  }
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::dup2(out[1], STDOUT_FILENO);
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    ::execvp("git", raw.data());
    _exit(127);
  }
  ::close(out[1]);
  GitOutput result;
  char chunk[8192];
  for (;;) {
    ssize_t n = ::read(out[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (result.out.size() < kMaxOutput) result.out.append(chunk, static_cast<size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (result.exit_code == 127) return Status::Io("git: not found on PATH");
  return result;
}

Result<std::string> GitCheckAttr(const std::string& work_tree, const std::string& path, const std::string& attribute) {
  KL_ASSIGN_OR_RETURN(GitOutput output, RunGit(work_tree, {"check-attr", attribute, "--", path}));
  // "<path>: <attribute>: <value>\n"
  const std::string marker = ": " + attribute + ": ";
  size_t at = output.out.rfind(marker);
  if (output.exit_code != 0 || at == std::string::npos) {
    return Status::Io(fmt::format("git check-attr {} -- {} failed (exit {})", attribute, path, output.exit_code));
  }
  std::string value = output.out.substr(at + marker.size());
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

}  // namespace kittylog::git
