// A progress bar on stderr for long index rebuilds (DESIGN §7: shown on a terminal when the
// rebuild takes more than a second). The caller decides whether stderr is a terminal and the
// user did not ask for quiet; the bar stays invisible for the first second and is erased when
// done. Not thread-safe: update it from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace kittylog::index_internal {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `done` of `total` units in `phase` ("reading events", "creating indexes").
  void Update(uint64_t done, uint64_t total, std::string_view phase);

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace kittylog::index_internal
