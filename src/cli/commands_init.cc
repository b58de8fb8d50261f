// `kittylog init`: create .kittify/ and its .gitignore entries (DESIGN §1, §10).
#include <fmt/format.h>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "git/gitignore.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

Status RunInit(CliContext& context) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Layout());
  bool existed = platform::IsDirectory(layout.kittify_dir());
  KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.events_dir()));
  KL_ASSIGN_OR_RETURN(std::vector<std::string> added, EnsureGitignoreEntries(layout));
  if (!context.quiet()) {
    fmt::print("{} {}\n", existed ? "kept" : "created", layout.kittify_dir());
    for (const std::string& line : added) fmt::print("added to .gitignore: {}\n", line);
  }
  return Status::Ok();
}

}  // namespace

void RegisterInitCommand(CLI::App& app) {
  CLI::App* init = app.add_subcommand("init", "Create .kittify/ here and install the git integration");
  SetHandler(init, [](CliContext& context) { return RunInit(context); });
}

}  // namespace kittylog::cli
