#include "cli/cli_context.h"

#include <unistd.h>

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "cli/display.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

std::map<const CLI::App*, Handler>& Handlers() {
  static std::map<const CLI::App*, Handler> handlers;
  return handlers;
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
  if (!platform::IsDirectory(start)) return Status::Io(fmt::format("{}: no such directory", options_.directory));
  // The nearest directory, from DIR upwards, that holds .kittify/ or .git is the work tree.
  std::string dir = start;
  for (;;) {
    if (platform::IsDirectory(dir + "/.kittify") || platform::Stat(dir + "/.git").exists) break;
    if (dir == "/") {
      dir = start;
      break;
    }
    dir = platform::DirName(dir);
  }
  LogLayout layout(dir);
  // .kittify/ and its directories are committed: a symlink there (from a teammate's branch)
  // could point anywhere, so no command follows one (docs/layout.md).
  for (const std::string& path : {layout.kittify_dir(), layout.events_dir(), layout.errors_dir(),
                                  layout.quarantine_dir(), layout.clock_path()}) {
    if (platform::IsSymlink(path)) {
      return Status::Io(fmt::format("{}: is a symbolic link; kittylog does not follow it (it could point outside the "
                                    "repository): replace it with a directory",
                                    path.substr(layout.root.size() + 1)));
    }
  }
  return layout;
}

bool CliContext::UseColour() const {
  if (options_.json || std::getenv("NO_COLOR") != nullptr) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

void CliContext::Warn(const std::string& message) const {
  if (options_.quiet) return;
  fmt::print(stderr, "kittylog: warning: {}\n", EscapeForTerminal(message));  // may quote a teammate's bytes
}

}  // namespace kittylog::cli
