#include "index/progress.h"

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace kittylog::index_internal {

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
}

void ProgressBar::Update(uint64_t done, uint64_t total, std::string_view phase) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  if (fraction > 1.0) fraction = 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r\033[Kkittylog: index: [{}{}] {:3d}% {}", std::string(filled, '#'),
             std::string(kWidth - filled, '.'), static_cast<int>(fraction * 100), phase);
  std::fflush(stderr);
}

}  // namespace kittylog::index_internal
