#include "platform/system.h"

#include <signal.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace kittylog::platform {

int64_t NowMillis() {
  if (const char* injected = std::getenv("KITTYLOG_NOW")) {
    char* end = nullptr;
    long long value = std::strtoll(injected, &end, 10);
    if (end != injected && *end == '\0' && value >= 0) return value;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void RandomBytes(uint8_t* out, size_t size) {
  while (size > 0) {
    ssize_t n = getrandom(out, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no entropy source at all: nothing sane to fall back to
    }
    out += n;
    size -= static_cast<size_t>(n);
  }
}

void CrashPoint(const char* point) {
  static const char* const crash_at = std::getenv("KITTYLOG_CRASH_AT");
  if (crash_at != nullptr && std::strcmp(crash_at, point) == 0) ::kill(::getpid(), SIGKILL);
}

}  // namespace kittylog::platform
