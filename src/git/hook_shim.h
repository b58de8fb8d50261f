// The hook shims `kittylog install` writes, and how one is put in place or taken out
// (DESIGN §9; docs/git-integration.md).
//
// A shim is a small /bin/sh script (hooks/shim.sh, embedded at build time): it runs the hook
// that was there before (kept beside it as `<name>.kittylog-chained`, found by the shim's own
// name, never by $0, so a hook that was a link to another hook cannot make the shims run each
// other; past 8 nested shims nothing more runs) with the same arguments and stdin, then
// `kittylog hook <name> "$@"` through the kittylog that installed it (its bare name when PATH
// found it, else its absolute path, with a PATH lookup as fallback). pre-commit keeps the
// chained hook's refusal; post-* hooks keep its exit status (post-checkout's becomes git's) and
// add none of their own: a missing kittylog is a one-line note, never a failed git command. All
// logic stays in the binary.
// Functions here touch only the hooks directory; failures are Status::Io naming the path.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kittylog::git {

inline constexpr std::array<std::string_view, 5> kHookNames = {"post-merge", "post-checkout", "post-rewrite",
                                                               "post-commit", "pre-commit"};
inline constexpr std::string_view kChainedSuffix = ".kittylog-chained";
inline constexpr std::string_view kShimMarker = "# kittylog hook shim";

// The shim's bytes for hook `name`, calling `kittylog_path` (a bare name or an absolute path).
std::string ShimText(std::string_view name, const std::string& kittylog_path);

// Whether the file at `path` is a kittylog shim (a regular file carrying kShimMarker).
bool IsShim(const std::string& path);

// The kittylog baked into the shim at `path`, as written (a bare name or a path; "" when it is
// not a shim).
std::string ShimKittylogPath(const std::string& path);

enum class ShimAction { kUnchanged, kCreated, kChained, kUpdated };

struct ShimResult {
  ShimAction action = ShimAction::kUnchanged;
  std::string chained_path;  // set when a chained hook sits beside the shim
};

// Puts the shim for `name` into `directory`. An existing foreign hook (file or symlink, any
// content) is renamed to `<name>.kittylog-chained` first; an existing shim is rewritten only
// when its bytes differ. Fails without changing anything when the chained name is taken.
Result<ShimResult> InstallShim(const std::string& directory, std::string_view name, const std::string& kittylog_path);

enum class UnshimAction { kAbsent, kRemoved, kRestored, kForeignKept };

// Removes the shim at `directory`/`name` and renames the chained hook back, so the directory
// holds exactly what it held before install. A hook that is no longer a shim is left alone.
Result<UnshimAction> RemoveShim(const std::string& directory, std::string_view name);

}  // namespace kittylog::git
