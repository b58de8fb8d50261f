// The git integration commands (DESIGN §9, §10; docs/git-integration.md):
// `install`, `uninstall`, `doctor [--fix]` and `hook NAME ARGS` (what the hook shims call).
// `repair` is in repair_command.cc and `demo` in demo_command.cc.
#include <cstdio>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/git/git_commands.h"
#include "git/doctor.h"
#include "hooks/hook_runner.h"
#include "git/install.h"
#include "git/repository.h"

namespace kittylog::cli {
namespace {

void PrintReport(CliContext& context, const git::InstallReport& report, std::string_view nothing) {
  if (context.json()) {
    auto array = [](const std::vector<std::string>& lines) {
      std::string out = "[";
      for (size_t i = 0; i < lines.size(); ++i) out += (i ? "," : "") + JsonQuote(lines[i]);
      return out + "]";
    };
    context.SetJsonResult(fmt::format("{{\"changes\":{},\"notes\":{}}}", array(report.changes), array(report.notes)));
    return;
  }
  if (context.quiet()) return;
  for (const std::string& change : report.changes) fmt::print("{}\n", EscapeForTerminal(change));
  for (const std::string& note : report.notes) fmt::print("note: {}\n", EscapeForTerminal(note));
  if (report.changes.empty() && report.notes.empty()) fmt::print("{}\n", nothing);
}

Status RunInstall(CliContext& context) {
  KL_ASSIGN_OR_RETURN(git::InstallReport report, InstallGitIntegration(context));
  PrintReport(context, report, "kittylog: the git integration is already installed; nothing changed");
  return Status::Ok();
}

Status RunUninstall(CliContext& context) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, OpenRepository(context));
  KL_ASSIGN_OR_RETURN(git::InstallReport report, git::Uninstall(*repo));
  PrintReport(context, report, "kittylog: the git integration is not installed; nothing changed");
  return Status::Ok();
}

Status RunDoctor(CliContext& context, bool fix) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, OpenRepository(context));
  git::DoctorOptions options;
  options.fix = fix;
  KL_ASSIGN_OR_RETURN(git::DoctorReport report, git::RunDoctor(*repo, options));
  size_t problems = 0;
  for (const git::DoctorCheck& check : report.checks) problems += check.ok ? 0 : 1;
  if (context.json()) {
    std::string out = "{\"ok\":" + std::string(problems == 0 ? "true" : "false") + ",\"checks\":[";
    for (size_t i = 0; i < report.checks.size(); ++i) {
      const git::DoctorCheck& check = report.checks[i];
      out += fmt::format("{}{{\"name\":{},\"ok\":{},\"fixed\":{},\"detail\":{}}}", i ? "," : "", JsonQuote(check.name),
                         check.ok ? "true" : "false", check.fixed ? "true" : "false", JsonQuote(check.detail));
    }
    context.SetJsonResult(out + "]}");
  } else {
    bool colour = context.UseColour();
    for (const git::DoctorCheck& check : report.checks) {
      std::string mark = check.fixed ? Colour("fixed  ", "33", colour)
                                     : (check.ok ? Colour("ok     ", "32", colour) : Colour("problem", "31", colour));
      fmt::print("{} {:<12} {}\n", mark, check.name, EscapeForTerminal(check.detail));
    }
    if (problems > 0 && !fix) fmt::print("run `kittylog doctor --fix` to fix what can be fixed\n");
  }
  if (problems > 0) return Status::Refused(fmt::format("doctor found {} problem(s)", problems));
  return Status::Ok();
}

// Hooks never fail git: everything but pre-commit's refusal (and a mistyped NAME) exits 0.
Status RunHook(CliContext& context, const std::string& name, const std::vector<std::string>& args) {
  const int timeout_ms = git::HookTimeoutMs();
  git::ArmDeadline(timeout_ms, name);
  git::HookOutcome outcome = git::RunHook(context.options().directory, name, args, timeout_ms);
  if (context.json()) {
    std::string messages = "[";
    for (size_t i = 0; i < outcome.messages.size(); ++i) messages += (i ? "," : "") + JsonQuote(outcome.messages[i]);
    context.SetJsonResult(fmt::format("{{\"hook\":{},\"summary\":{},\"messages\":{}]}}", JsonQuote(name),
                                      JsonQuote(outcome.summary), messages));
  } else if (!outcome.summary.empty() && !context.quiet()) {
    fmt::print("{}\n", EscapeForTerminal(outcome.summary));
  }
  std::fflush(stdout);
  for (const std::string& message : outcome.messages) fmt::print(stderr, "{}\n", EscapeForTerminal(message));
  if (!outcome.usage_error.empty()) return Status::Usage(outcome.usage_error);
  if (outcome.refused) return Status::Refused("pre-commit: the commit was refused (see above)");
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<git::GitRepository>> OpenRepository(const CliContext& context) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Layout());
  return git::GitRepository::Open(layout.root);
}

Result<git::InstallReport> InstallGitIntegration(const CliContext& context) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, OpenRepository(context));
  KL_ASSIGN_OR_RETURN(git::Binaries binaries, git::LocateBinaries());
  return git::Install(*repo, binaries);
}

void RegisterGitCommands(CLI::App& app) {
  CLI::App* install = app.add_subcommand("install", "Install the merge driver, attributes, ignores and hook shims");
  SetHandler(install, [](CliContext& context) { return RunInstall(context); });

  CLI::App* uninstall = app.add_subcommand("uninstall", "Undo everything `kittylog install` changed, byte for byte");
  SetHandler(uninstall, [](CliContext& context) { return RunUninstall(context); });

  auto fix = std::make_shared<bool>(false);
  CLI::App* doctor = app.add_subcommand("doctor", "Check the git integration, index, clock and event files");
  doctor->add_flag("--fix", *fix, "Fix what can be fixed (install, repair, refresh, witness)");
  SetHandler(doctor, [fix](CliContext& context) { return RunDoctor(context, *fix); });

  auto name = std::make_shared<std::string>();
  auto args = std::make_shared<std::vector<std::string>>();
  CLI::App* hook = app.add_subcommand("hook", "Run the git hook NAME (called by the hook shims; never fails git)");
  hook->add_option("NAME", *name, "post-merge, post-checkout, post-rewrite, post-commit or pre-commit")->required();
  hook->add_option("ARGS", *args, "The hook's arguments, as git passed them");
  SetHandler(hook, [name, args](CliContext& context) { return RunHook(context, *name, *args); });

  RegisterRepairCommand(app);
  RegisterDemoCommand(app);
}

}  // namespace kittylog::cli
