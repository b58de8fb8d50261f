# --- the Debian package: cpack -G DEB (docs/install.md) ---
# Installs what cmake --install does, under /usr (the DEB generator's default prefix). Depends: the shared libraries' packages
# (dpkg-shlibdeps reads the binaries) and git, which the hooks and the demo run.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "kittylog")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "kittylog")
set(CPACK_PACKAGE_CONTACT "${KITTYLOG_PACKAGE_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "append-only event log inside a git repository, with a merge driver")
set(CPACK_PACKAGE_DESCRIPTION "kittylog records the events of a spec-driven workflow (features, work
packages moving from planned to done, quality gates) in a git repository:
one JSONL file per day under .kittify/events/, each event with a ULID and a
Lamport clock, written crash-safely. A derived SQLite index answers status,
history and queries quickly and rebuilds itself when needed.
.
The log survives git merge: the kittylog-merge driver merges the daily files
by union in causal order, and git hooks keep the index and the clock current
after every merge, checkout and rebase. Concurrent changes on two branches
are resolved deterministically and reported.
.
The kittylog command shows the kanban board, a work package's history and
the conflicts, validates every write against the event schemas, and prints
machine-readable JSON for other programs.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "vcs")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KITTYLOG_PACKAGE_MAINTAINER}")
# A source tarball (cpack --config CPackSourceConfig.cmake) leaves out builds and git metadata;
# built from it, --version says "source revision unknown".
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/build[^/]*/" "/\\\\.git/" "/\\\\.git$" "\\\\.swp$")
include(CPack)
# --- end Debian package ---
