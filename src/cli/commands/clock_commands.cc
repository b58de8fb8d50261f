// `kittylog clock show|witness` (DESIGN §3, §10).
#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "clock/lamport_clock.h"
#include "store/event_store.h"

namespace kittylog::cli {
namespace {

Status RunClock(CliContext& context, bool witness) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  KL_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store, EventStore::Open(layout, StoreOptions{}));
  ClockState stored = LoadClock(layout.clock_path());
  int64_t value = 0;
  if (witness) {
    KL_ASSIGN_OR_RETURN(value, store->Witness());
  } else {
    value = store->CurrentClock();
  }
  for (const std::string& warning : store->TakeWarnings()) context.Warn(warning);
  if (context.json()) {
    context.SetJsonResult(fmt::format("{{\"value\":{},\"stored\":{}}}", value, stored.value));
  } else {
    fmt::print("{}\n", value);
  }
  return Status::Ok();
}

}  // namespace

void RegisterClockCommands(CLI::App& app) {
  CLI::App* clock = app.add_subcommand("clock", "The checkout's Lamport clock");
  CLI::App* show = clock->add_subcommand("show", "Print max(stored clock, highest clock in the log)");
  CLI::App* witness = clock->add_subcommand("witness", "Advance the stored clock to the highest clock in the log");
  SetHandler(show, [](CliContext& context) { return RunClock(context, false); });
  SetHandler(witness, [](CliContext& context) { return RunClock(context, true); });
}

}  // namespace kittylog::cli
