// The git integration commands (DESIGN §9, §10; docs/git-integration.md):
// `install`, `uninstall`, `doctor [--fix]` and `hook NAME ARGS` (what the hook shims call).
// `repair` is in repair_command.cc and `demo` in demo_command.cc.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands/commands.h"
#include "cli/commands/git/git_commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/render/git_json.h"
#include "cli/render/git_text.h"
#include "git/doctor.h"
#include "hooks/hook_runner.h"
#include "git/install.h"
#include "git/repository.h"

namespace kittylog::cli {
namespace {

void PrintReport(CliContext& context, const git::InstallReport& report, std::string_view nothing) {
  if (context.json()) {
    context.SetJsonResult(RenderChangesJson(report.changes, report.notes));
    return;
  }
  if (context.quiet()) return;
  Print(RenderChangesText(report.changes, report.notes, nothing));
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
    context.SetJsonResult(RenderDoctorJson(report));
  } else {
    Print(RenderDoctorText(report, fix, context.UseColour()));
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
    context.SetJsonResult(RenderHookJson(name, outcome));
  } else if (!outcome.summary.empty() && !context.quiet()) {
    Print(RenderHookText(outcome));
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
