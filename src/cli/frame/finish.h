// How a run of kittylog ends (DESIGN §10; docs/cli.md "--json"): main() hands every outcome, the
// chosen command's Status or a parse error, to Finish, which prints it and gives the exit code
// (0 ok, 1 refused, 2 usage, 3 repository/IO). With --json exactly one document reaches stdout
// whatever the exit code: the command's result (CliContext::SetJsonResult), with "error" added
// on failure, or {"error":...} alone; without it the error is one line on stderr. Writes stdout
// and stderr; call once, from the main thread.
#pragma once

#include <string>

#include "base/status.h"
#include "cli/frame/cli_context.h"

namespace kittylog::cli {

// Prints the outcome as above and returns the exit code.
int Finish(CliContext& context, const Status& status);

// The results of `--json --help` and `--json --version` (answered before any command runs):
// {"help":TEXT} and {"version":...,"revision":...}.
std::string HelpDocument(const std::string& help);
std::string VersionDocument();

}  // namespace kittylog::cli
