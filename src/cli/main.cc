// kittylog: the command-line frame. Parses global flags, dispatches to the chosen command's
// handler and turns its Status into one line on stderr (or JSON on stdout) and an exit code
// (DESIGN §10: 0 ok, 1 refused, 2 usage, 3 repository/IO).
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/version.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "cli/help_text.h"
#include "platform/file_lock.h"

namespace {

using kittylog::Status;
using kittylog::cli::CliContext;

// Ends the command: with --json exactly one document on stdout (the command's result, with
// "error" added on failure), else the error as one line on stderr. Returns the exit code.
int Finish(CliContext& context, const Status& status) {
  if (!context.json()) {
    if (!status.ok()) fmt::print(stderr, "kittylog: error: {}\n", kittylog::cli::EscapeForTerminal(status.message()));
    return status.exit_code();
  }
  std::string document = context.TakeJsonResult();
  if (document.empty()) document = "{}";
  if (!status.ok() && document.front() != '{') document = "{}";  // an array result is replaced by the error
  if (!status.ok()) {
    std::string error = fmt::format("\"error\":{{\"message\":{},\"exit_code\":{}}}",
                                    kittylog::cli::JsonQuote(status.message()), status.exit_code());
    document = document == "{}" ? "{" + error + "}" : "{" + error + "," + document.substr(1);
  }
  std::fflush(stdout);
  fmt::print("{}\n", document);
  return status.exit_code();
}

// Whether --json is among the arguments (help and version are answered before parsing ends).
bool JsonRequested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--json") return true;
  }
  return false;
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
    if (!JsonRequested(argc, argv)) return app.exit(e);
    options.json = true;
    CliContext context(options);
    context.SetJsonResult(fmt::format("{{\"help\":{}}}", kittylog::cli::JsonQuote(app.help())));
    return Finish(context, Status::Ok());
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    if (!JsonRequested(argc, argv)) return app.exit(e);
    options.json = true;
    CliContext context(options);
    context.SetJsonResult(fmt::format("{{\"version\":{},\"revision\":{}}}", kittylog::cli::JsonQuote(kittylog::Version()),
                                      kittylog::cli::JsonQuote(kittylog::SourceRevision())));
    return Finish(context, Status::Ok());
  } catch (const CLI::ParseError& e) {
    options.json = options.json || JsonRequested(argc, argv);
    CliContext context(options);
    return Finish(context, Status::Usage(kittylog::cli::UsageMessage(app, std::vector<std::string>(argv + 1, argv + argc),
                                                                     e.what())));
  }

  kittylog::platform::SetLockWaitMessages(!options.quiet);
  CliContext context(options);
  // The chosen leaf command: follow the parsed subcommand chain down.
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  const kittylog::cli::Handler* handler = kittylog::cli::FindHandler(command);
  if (handler == nullptr) {
    return Finish(context, Status::Usage(fmt::format("{}: choose a subcommand (see kittylog {} --help)",
                                                     command->get_name(), command->get_name())));
  }
  return Finish(context, (*handler)(context));
}
