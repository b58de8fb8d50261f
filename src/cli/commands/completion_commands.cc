// `kittylog completion bash|zsh|fish` prints the shell's completion script, generated from the
// command tree (completion_scripts.h; docs/install.md). The hidden `kittylog manpage` prints the
// kittylog(1) page the build installs (man_page.h). Both read the tree of the running binary,
// so they always match its parser. An unknown shell is a usage error (exit 2).
#include <cstdio>

#include "cli/frame/cli_context.h"
#include "cli/completion/command_tree.h"
#include "cli/commands/commands.h"
#include "cli/completion/completion_scripts.h"
#include "cli/frame/display.h"
#include "cli/completion/man_page.h"

namespace kittylog::cli {
namespace {

// With --json the text is the one document's "text" (DESIGN §10: one JSON document, always).
Status PrintScript(CliContext& context, const std::string& text) {
  if (context.json()) {
    context.SetJsonResult("{\"text\":" + JsonQuote(text) + "}");
    return Status::Ok();
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    return Status::Io("stdout: write failed");
  }
  return Status::Ok();
}

}  // namespace

void RegisterCompletionCommands(CLI::App& app) {
  // `app` is the root and outlives every handler (main() owns it).
  const CLI::App* root = &app;
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  completion->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  SetHandler(completion, [root, shell](CliContext& context) {
    CommandNode tree = DescribeCommands(*root);
    if (*shell == "zsh") return PrintScript(context, ZshCompletion(tree));
    if (*shell == "fish") return PrintScript(context, FishCompletion(tree));
    return PrintScript(context, BashCompletion(tree));
  });

  CLI::App* manpage = app.add_subcommand("manpage", "Print the kittylog(1) man page (roff)");
  manpage->group("");  // hidden: the build runs it (cmake/KittylogManPages.cmake)
  SetHandler(manpage, [root](CliContext& context) { return PrintScript(context, ManPage(DescribeCommands(*root))); });
}

}  // namespace kittylog::cli
