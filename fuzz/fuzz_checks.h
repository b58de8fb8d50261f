// The invariants the fuzz targets check, as plain functions (docs/reliability.md, "Fuzzing").
//
// Each Check* takes arbitrary bytes, runs one pure piece of kittylog on them and returns ""
// when every invariant holds, or a one-line description of the first violation. The libFuzzer
// entry points (fuzz_entry.cc) abort on a violation so libFuzzer saves the input; the corpus
// replay test (fuzz/corpus_replay_test.cc, run by ctest in every build, sanitizers included)
// runs the same checks over the committed corpora and regression inputs. Memory errors and
// undefined behaviour are caught by the sanitizers, not here.
// Thread-compatible: each call owns its parsers.
#pragma once

#include <string>
#include <string_view>

namespace kittylog::fuzz {

// The tolerant line reader and the canonical writer (src/event/line_reader.h, event_codec.h):
// every non-blank line is exactly one event or one reported problem; a torn tail is reported
// iff the data does not end in "\n"; an event keeps its raw line; Encode(Decode(line)) decodes
// to the same fields, re-encodes to the same bytes, and never contains a raw control byte.
std::string CheckLineCodec(std::string_view data);

// The merge driver's pure function (merge/merge.h). The input is split at the first two
// 0xFF bytes into base, ours and theirs (missing parts are empty logs). Every input event id
// and every non-event line is in the output, no line is invented, events are in strict total
// order before the non-event lines (strict byte order), the output ends in "\n", and the
// output does not depend on swapping ours and theirs, on the fast path, or on merging it again.
std::string CheckMerge(std::string_view data);

// `repair`'s planning (src/repair/repair_plan.h, PlanRepair): the repaired bytes hold only
// events, in strict total order with unique ids; every input event id survives; every other
// non-blank input line is kept, quarantined with its line number, or a marker of a conflict
// block; repairing the result again changes nothing.
std::string CheckRepair(std::string_view data);

}  // namespace kittylog::fuzz
