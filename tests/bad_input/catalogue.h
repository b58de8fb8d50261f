// The bad-input catalogue (docs/reliability.md, "Hostile input"): each entry plants one hostile
// input in a fresh checkout (or feeds it to a command), runs one command, and states the exit
// code and the error (a substring of the one line that matters). bad_input_test.cc runs every
// entry and also checks, for all of them: no signal and no hang; no raw ESC or other control
// byte reaches stdout or stderr (what came from the input is shown escaped); a failure is one
// "kittylog: error:" line; and nothing was lost (see Keep).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace kittylog::testing {

// A checkout made by `kittylog init` with two events on 2026-01-27 (clocks 1 and 2); not a git
// repository unless an entry makes it one (MakeGitRepository).
struct Checkout {
  std::string root;     // the work tree
  std::string day;      // .kittify/events/2026-01-27.jsonl
  std::string scratch;  // a directory outside the work tree (for "outside" targets)
  std::vector<std::string> lines;  // the two event lines
};

// What "nothing was lost" means for an entry.
enum class Keep {
  kUnchanged,    // every event file (and planted file) byte-identical afterwards
  kAppended,     // every event file starts with its old bytes (an emit succeeded)
  kAccountedFor, // every non-blank line before is in an event file or the quarantine after
};

struct BadInput {
  std::string name;                          // test name: [a-z0-9_]
  std::string input;                         // one line for the docs: what is hostile
  std::function<void(const Checkout&)> plant;  // puts it in place (may be empty)
  std::vector<std::string> args;             // kittylog ARGS ("kittylog-merge" first: the driver)
  std::string stdin_data;
  int exit_code = 0;
  std::string expect;                        // substring of stderr (or of stdout when in_stdout)
  bool in_stdout = false;
  Keep keep = Keep::kUnchanged;
  std::vector<std::string> needs;            // a command this needs, e.g. {"query"}: skipped without
  std::string known_bug;                     // a reported product bug: a mismatch is a skip, not a failure
  std::function<std::string(const Checkout&)> extra_check;  // more checks: "" when fine
  std::vector<std::pair<std::string, std::string>> env;
  bool one_json_document = false;            // stdout must be exactly one JSON document (--json)
};

const std::vector<BadInput>& Catalogue();

// The entries of issue 11 (links, entries that are not files, hooks, locks, the CLI contract,
// text): catalogue_hostile.cc. `args` may start with "git" (the real git, as a teammate would).
void AddHostileEntries(std::vector<BadInput>& catalogue);

// Makes the checkout a git repository with kittylog installed and everything committed.
void MakeGitRepository(const Checkout& checkout);

// GoogleTest prints a parameter by its name, not its bytes.
inline void PrintTo(const BadInput& entry, std::ostream* out) { *out << entry.name; }

}  // namespace kittylog::testing
