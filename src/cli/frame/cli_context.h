// What every command handler gets from the CLI frame (DESIGN §10; docs/cli.md).
//
// main() parses the global flags (-C DIR, --json, --quiet), finds the work tree and hands each
// command a CliContext. Handlers return a Status: the frame prints its message as one line on
// stderr (or as {"error": ...} on stdout with --json) and exits with its code (0 ok, 1 refused,
// 2 usage, 3 repository/IO). Handlers print their normal output through Output().
// Commands register themselves in their own file with a RegisterXxxCommands function listed in
// cli/commands/commands.h; one file per command group (cli/commands/).
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog::cli {

struct GlobalOptions {
  std::string directory = ".";  // -C DIR
  bool json = false;            // --json: machine output, errors too
  bool quiet = false;           // --quiet: no warnings or progress
};

// A text flag's value, or nullopt when it was not given (CLI11 leaves it empty).
inline std::optional<std::string> OptionalFlag(const std::string& value) {
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

class CliContext {
 public:
  explicit CliContext(GlobalOptions options) : options_(std::move(options)) {}

  const GlobalOptions& options() const { return options_; }
  bool json() const { return options_.json; }
  bool quiet() const { return options_.quiet; }

  // The work tree that holds (or will hold) .kittify/: the git work tree containing -C DIR,
  // else DIR itself, with symlinks on the way resolved. Fails with kIo outside any directory
  // that exists, and when a piece of .kittify/ is a symlink (CheckLogDirectories).
  Result<LogLayout> Layout() const;
  // Layout() of a work tree that has .kittify/ (every command but init, install, uninstall,
  // doctor, hook, demo): fails with kIo "no .kittify/ directory here; run `kittylog init`".
  Result<LogLayout> Log() const;

  // Colour only on a terminal without NO_COLOR and without --json.
  bool UseColour() const;

  // A warning line on stderr ("kittylog: warning: ..."), unless --quiet.
  void Warn(const std::string& message) const;

  // --json: the command's result, one JSON object. Handlers hand it over here and never print
  // JSON themselves; main() prints exactly one document whatever the exit code (DESIGN §10),
  // this one with "error" added when the command failed, or {"error":...} alone.
  void SetJsonResult(std::string object);
  std::string TakeJsonResult() { return std::move(json_result_); }

 private:
  GlobalOptions options_;
  std::string json_result_;
};

// A command's body; the frame runs it after CLI11 has parsed its flags.
using Handler = std::function<Status(CliContext&)>;

// Attaches `handler` to `command`: when the command is chosen, main() runs it.
void SetHandler(CLI::App* command, Handler handler);

}  // namespace kittylog::cli

namespace kittylog::cli {
// The handler attached to `command`, or nullptr (used by main()).
const Handler* FindHandler(const CLI::App* command);
}  // namespace kittylog::cli
