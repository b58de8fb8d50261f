// kittylog: the command-line frame, the executable's only source. Parses the global flags,
// registers every command group (cli/commands/commands.h), runs the chosen command's handler and
// hands its Status to Finish (cli/frame/finish.h), which prints one line on stderr (or the JSON
// document on stdout) and gives the exit code (DESIGN §10: 0 ok, 1 refused, 2 usage, 3
// repository/IO). The commands and their renderers are the library kl_cli.
#include <csignal>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/version.h"
#include "cli/commands/commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/finish.h"
#include "cli/frame/help_text.h"
#include "platform/file_lock.h"

namespace {

using kittylog::Status;
using kittylog::cli::CliContext;
using kittylog::cli::Finish;

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
    context.SetJsonResult(kittylog::cli::HelpDocument(app.help()));
    return Finish(context, Status::Ok());
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    if (!JsonRequested(argc, argv)) return app.exit(e);
    options.json = true;
    CliContext context(options);
    context.SetJsonResult(kittylog::cli::VersionDocument());
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
