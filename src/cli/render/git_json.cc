// The --json documents of the git integration commands and `init` (cli/render/git_json.h).
#include "cli/render/git_json.h"

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "event/log_layout.h"

namespace kittylog::cli {
namespace {

std::string StringsJson(const std::vector<std::string>& lines) {
  std::string out = "[";
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "," : "") + JsonQuote(lines[i]);
  return out + "]";
}

}  // namespace

std::string RenderChangesJson(const std::vector<std::string>& changes, const std::vector<std::string>& notes) {
  return fmt::format("{{\"changes\":{},\"notes\":{}}}", StringsJson(changes), StringsJson(notes));
}

std::string RenderInitJson(const std::string& kittify_dir, bool created, const std::vector<std::string>& changes,
                           const std::vector<std::string>& notes) {
  return fmt::format("{{\"kittify\":{},\"created\":{},\"changes\":{},\"notes\":{}}}", JsonQuote(kittify_dir),
                     created ? "true" : "false", StringsJson(changes), StringsJson(notes));
}

std::string RenderDoctorJson(const git::DoctorReport& report) {
  size_t problems = 0;
  for (const git::DoctorCheck& check : report.checks) problems += check.ok ? 0 : 1;
  std::string out = "{\"ok\":" + std::string(problems == 0 ? "true" : "false") + ",\"checks\":[";
  for (size_t i = 0; i < report.checks.size(); ++i) {
    const git::DoctorCheck& check = report.checks[i];
    out += fmt::format("{}{{\"name\":{},\"ok\":{},\"fixed\":{},\"detail\":{}}}", i ? "," : "", JsonQuote(check.name),
                       check.ok ? "true" : "false", check.fixed ? "true" : "false", JsonQuote(check.detail));
  }
  return out + "]}";
}

std::string RenderHookJson(const std::string& name, const git::HookOutcome& outcome) {
  return fmt::format("{{\"hook\":{},\"summary\":{},\"messages\":{}}}", JsonQuote(name), JsonQuote(outcome.summary),
                     StringsJson(outcome.messages));
}

std::string RenderRepairJson(const git::RepairRun& run, bool check) {
  std::string out = fmt::format("{{\"check\":{},\"continue\":{},\"files\":[", check ? "true" : "false",
                                JsonQuote(run.continue_command));
  for (size_t i = 0; i < run.files.size(); ++i) {
    const repair::FileRepair& file = run.files[i];
    out += fmt::format(
        "{}{{\"file\":{},\"summary\":{},\"events\":{},\"quarantined\":{},\"quarantine\":{},\"unmerged\":{}}}",
        i ? "," : "", JsonQuote(RelativeEventFile(file.name)), JsonQuote(file.plan.Summary()), file.plan.events,
        file.plan.quarantined.size(), JsonQuote(file.quarantine_path), JsonQuote(file.plan.unmerged));
  }
  out += "],\"moved_aside\":[";
  for (size_t i = 0; i < run.moved.size(); ++i) {
    const git::MovedEntry& entry = run.moved[i];
    out += fmt::format("{}{{\"file\":{},\"is\":{},\"destination\":{}}}", i ? "," : "",
                       JsonQuote(RelativeEventFile(entry.name)), JsonQuote(entry.what), JsonQuote(entry.destination));
  }
  return out + "]}";
}

std::string RenderRestoreJson(const git::RestoreRun& run, bool check) {
  std::string out = fmt::format("{{\"check\":{},\"rev\":{},\"lost\":{},\"already_back\":{},\"files\":[",
                                check ? "true" : "false", JsonQuote(run.check.commit), run.check.lost.size(),
                                run.already_back);
  for (size_t i = 0; i < run.files.size(); ++i) {
    std::string ids;
    for (size_t k = 0; k < run.restored_ids[i].size(); ++k) ids += (k ? "," : "") + JsonQuote(run.restored_ids[i][k]);
    out += fmt::format("{}{{\"file\":{},\"restored\":[{}],\"summary\":{},\"quarantined\":{},\"quarantine\":{}}}",
                       i ? "," : "", JsonQuote(RelativeEventFile(run.files[i].name)), ids,
                       JsonQuote(run.files[i].plan.Summary()), run.files[i].plan.quarantined.size(),
                       JsonQuote(run.files[i].quarantine_path));
  }
  return out + "]}";
}

}  // namespace kittylog::cli
