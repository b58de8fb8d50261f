#include "cli/frame/cli_context.h"

#include <unistd.h>

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "event/log_files.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

std::map<const CLI::App*, Handler>& Handlers() {
  static std::map<const CLI::App*, Handler> handlers;
  return handlers;
}

// git's own test for a bare repository's directory: HEAD, objects/ and refs/, and no .git.
bool LooksLikeBareRepository(const std::string& dir) {
  return platform::Stat(dir + "/HEAD").type == platform::FileType::kRegular && platform::IsDirectory(dir + "/objects") &&
         platform::IsDirectory(dir + "/refs") && !platform::Stat(dir + "/.git").exists;
}

std::string AbsolutePath(const std::string& dir) {
  if (dir.starts_with('/')) return dir;
  char buffer[4096];
  if (::getcwd(buffer, sizeof buffer) == nullptr) return dir;
  return dir == "." ? std::string(buffer) : platform::JoinPath(buffer, dir);
}

}  // namespace

void SetHandler(CLI::App* command, Handler handler) { Handlers()[command] = std::move(handler); }

const Handler* FindHandler(const CLI::App* command) {
  auto it = Handlers().find(command);
  return it == Handlers().end() ? nullptr : &it->second;
}

Result<LogLayout> CliContext::Layout() const {
  std::string start = AbsolutePath(options_.directory);
  if (!platform::IsDirectory(start, platform::Links::kFollow)) {
    return Status::Io(fmt::format("{}: no such directory", options_.directory));
  }
  // Symlinks on the way to the work tree are the user's own; below it, nothing is followed.
  start = platform::RealPath(start);
  // The nearest directory, from DIR upwards, that holds .kittify/ or .git is the work tree.
  std::string dir = start;
  for (;;) {
    if (platform::Stat(dir + "/.kittify").exists || platform::Stat(dir + "/.git").exists) break;
    if (dir == "/") {
      dir = start;
      break;
    }
    dir = platform::DirName(dir);
  }
  LogLayout layout(dir);
  // .kittify/ and its directories are committed: a symlink there (from a teammate's branch)
  // could point anywhere, so no command follows one (docs/layout.md).
  KL_RETURN_IF_ERROR(CheckLogDirectories(layout));
  return layout;
}

Result<LogLayout> CliContext::Log() const {
  KL_ASSIGN_OR_RETURN(LogLayout layout, Layout());
  if (!platform::IsDirectory(layout.kittify_dir())) {
    if (LooksLikeBareRepository(layout.root)) {
      return Status::Io(fmt::format("{}: bare repository: the event log lives in a work tree (a clone or worktree)",
                                    layout.root));
    }
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  return layout;
}

bool CliContext::UseColour() const {
  if (options_.json || std::getenv("NO_COLOR") != nullptr) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

void CliContext::SetJsonResult(std::string object) {
  while (!object.empty() && (object.back() == '\n' || object.back() == ' ')) object.pop_back();
  json_result_ = std::move(object);
}

void CliContext::Warn(const std::string& message) const {
  if (options_.quiet) return;
  fmt::print(stderr, "kittylog: warning: {}\n", EscapeForTerminal(message));  // may quote a teammate's bytes
}

}  // namespace kittylog::cli
