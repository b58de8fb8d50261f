// kittylog: the command-line frame. Parses global flags, dispatches to the chosen command's
// handler and turns its Status into one line on stderr (or JSON on stdout) and an exit code
// (DESIGN §10: 0 ok, 1 refused, 2 usage, 3 repository/IO).
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/version.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "cli/help_text.h"

namespace {

using kittylog::Status;
using kittylog::cli::CliContext;

int Fail(const CliContext& context, const Status& status) {
  if (context.json()) {
    fmt::print("{{\"error\":{{\"message\":{},\"exit_code\":{}}}}}\n",
               kittylog::cli::JsonQuote(status.message()), status.exit_code());
  } else {
    fmt::print(stderr, "kittylog: error: {}\n", kittylog::cli::EscapeForTerminal(status.message()));
  }
  return status.exit_code();
}

}  // namespace

int main(int argc, char** argv) {
  // A write past RLIMIT_FSIZE must fail with EFBIG (reported, nothing partial kept), not kill us.
  std::signal(SIGXFSZ, SIG_IGN);
  kittylog::cli::GlobalOptions options;
  CLI::App app{"kittylog: a causally ordered event log inside a git repository", "kittylog"};
  app.set_version_flag("--version", kittylog::VersionLine("kittylog"), "Print the version and the source revision");
  app.add_option("-C", options.directory, "Run as if started in DIR")->type_name("DIR");
  app.add_flag("--json", options.json, "Machine-readable output (errors too)");
  app.add_flag("-q,--quiet", options.quiet, "No warnings or progress");
  app.require_subcommand(1);
  app.fallthrough();

  kittylog::cli::RegisterAllCommands(app);
  kittylog::cli::AddHelpFooters(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    CliContext context(options);
    return Fail(context, Status::Usage(kittylog::cli::UsageMessage(app, std::vector<std::string>(argv + 1, argv + argc),
                                                                   e.what())));
  }

  CliContext context(options);
  // The chosen leaf command: follow the parsed subcommand chain down.
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  const kittylog::cli::Handler* handler = kittylog::cli::FindHandler(command);
  if (handler == nullptr) {
    return Fail(context, Status::Usage(fmt::format("{}: choose a subcommand (see kittylog {} --help)",
                                                   command->get_name(), command->get_name())));
  }
  Status status = (*handler)(context);
  if (!status.ok()) return Fail(context, status);
  return 0;
}
