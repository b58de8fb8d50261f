#include "workflow/lifecycle.h"

#include <array>

namespace kittylog {
namespace {

struct LaneMoves {
  std::string_view from;
  std::span<const std::string_view> to;
};

constexpr std::array<std::string_view, 1> kFromPlanned = {"doing"};
constexpr std::array<std::string_view, 2> kFromDoing = {"for_review", "planned"};
constexpr std::array<std::string_view, 3> kFromForReview = {"done", "doing", "rejected"};
constexpr std::array<std::string_view, 1> kFromRejected = {"doing"};
constexpr std::array<std::string_view, 1> kFromDone = {"doing"};

constexpr std::array<LaneMoves, 5> kMoves = {{
    {"planned", kFromPlanned},
    {"doing", kFromDoing},
    {"for_review", kFromForReview},
    {"rejected", kFromRejected},
    {"done", kFromDone},
}};

}  // namespace

std::span<const std::string_view> ValidTargets(std::string_view lane) {
  for (const LaneMoves& moves : kMoves) {
    if (moves.from == lane) return moves.to;
  }
  return {};
}

bool IsValidTransition(std::string_view from, std::string_view to) {
  for (std::string_view target : ValidTargets(from)) {
    if (target == to) return true;
  }
  return false;
}

std::string JoinValidTargets(std::string_view lane) {
  std::string joined;
  for (std::string_view target : ValidTargets(lane)) {
    if (!joined.empty()) joined += ", ";
    joined += target;
  }
  return joined.empty() ? "none" : joined;
}

}  // namespace kittylog
