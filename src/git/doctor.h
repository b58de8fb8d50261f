// `kittylog doctor [--fix]`: every piece the git integration and the derived state depend on,
// each ok or a problem with what to do (DESIGN §9; docs/git-integration.md):
//   merge driver  merge.kittylog.{name,driver,recursive} set, the driver an existing executable,
//                 named by its bare name when PATH finds that file (an absolute path there would
//                 break on an upgrade or a move of the install: `--fix` rewrites it)
//   attributes    git itself (`git check-attr`) resolves merge=kittylog for the event files
//   ignores       git ignores the index, clock, error log, lock and quarantine
//   hooks         the five shims in the directory git runs hooks from, executable, pointing at
//                 an existing kittylog, named as the driver is
//   event files   .kittify/ pieces are no links; no entries that are not files; no conflict
//                 markers, duplicate ids, malformed lines, disorder or torn tails
//   history       no recent commit (the newest kDoctorCommits of HEAD) lost events of a parent
//                 that the work tree still lacks (history_check.h)
//   index         fresh against the event files
//   clock         stored clock >= the highest clock in the log (a missing clock.json is normal)
// With fix, install repairs the first four, `repair` the event files (under the store lock),
// `repair --rev` puts back lost events, then the index is refreshed and the clock witnessed;
// each check says whether it was fixed.
// Reads only, without fix.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "git/repository.h"

namespace kittylog::git {

struct DoctorOptions {
  bool fix = false;
};

struct DoctorCheck {
  std::string name;
  bool ok = true;
  bool fixed = false;  // was a problem, fixed by --fix
  std::string detail;
};

struct DoctorReport {
  std::vector<DoctorCheck> checks;
};

// Fails (kIo) only when the repository cannot be inspected at all (bare, unreadable).
Result<DoctorReport> RunDoctor(const GitRepository& repo, const DoctorOptions& options);

}  // namespace kittylog::git
