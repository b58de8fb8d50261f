# --- start-up cost: libgit2 and SQLite from their static archives (docs/benchmarks.md) ---
# Every kittylog command and hook is a whole process, so what the dynamic loader does at each
# start counts: the shared libgit2 brings 20 more shared objects (TLS, SSH, Kerberos, ...) to map
# and relocate, for commands that never call it. Debian ships libgit2, its dependencies and
# SQLite as static archives too (libgit2-dev, libsqlite3-dev, ...): kl::libgit2 and kl::sqlite3
# link those when every archive is there, else the shared libraries, as before. fmt and simdjson
# have no static archive in Debian and stay shared. Off under sanitizers (their runtimes want
# the shared libraries) and with -DKITTYLOG_STATIC_DEPS=OFF.
option(KITTYLOG_STATIC_DEPS "Link libgit2 and SQLite from their static archives when Debian ships them" ON)

add_library(kl_libgit2 INTERFACE)
add_library(kl::libgit2 ALIAS kl_libgit2)
add_library(kl_sqlite3 INTERFACE)
add_library(kl::sqlite3 ALIAS kl_sqlite3)

# kl_static_archives(<out> <names...>): the full paths of lib<name>.a, or "" when one is missing.
function(kl_static_archives out)
  set(paths "")
  foreach(name IN LISTS ARGN)
    string(MAKE_C_IDENTIFIER "KL_STATIC_ARCHIVE_${name}" var)
    find_library(${var} NAMES "lib${name}.a")
    if(NOT ${var})
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    list(APPEND paths "${${var}}")
  endforeach()
  set(${out} "${paths}" PARENT_SCOPE)
endfunction()

set(kl_git2_archives "")
set(kl_sqlite_archives "")
if(KITTYLOG_STATIC_DEPS AND NOT KITTYLOG_SANITIZE)
  # pkg-config's static list for libgit2 (rt is libc's), plus what Debian's libssh2 is built on.
  set(kl_git2_names ${LIBGIT2_STATIC_LIBRARIES} crypto)
  list(REMOVE_ITEM kl_git2_names rt)
  kl_static_archives(kl_git2_archives ${kl_git2_names})
  kl_static_archives(kl_sqlite_archives sqlite3)
endif()

if(kl_git2_archives)
  target_link_libraries(kl_libgit2 INTERFACE ${kl_git2_archives} Threads::Threads rt ${CMAKE_DL_LIBS})
  target_include_directories(kl_libgit2 INTERFACE ${LIBGIT2_INCLUDE_DIRS})
  # libgit2.a calls GSSAPI for HTTP "Negotiate" authentication, and Debian ships GSSAPI shared
  # only (it would bring six Kerberos libraries back). kittylog makes no network calls through
  # libgit2: a static GSSAPI archive is used when there is one, else src/git/no_gssapi.cc answers every
  # call with GSS_S_FAILURE.
  find_library(KL_STATIC_ARCHIVE_gssapi_krb5 NAMES libgssapi_krb5.a)
  if(KL_STATIC_ARCHIVE_gssapi_krb5)
    target_link_libraries(kl_libgit2 INTERFACE ${KL_STATIC_ARCHIVE_gssapi_krb5})
  else()
    add_library(kl_no_gssapi STATIC ${PROJECT_SOURCE_DIR}/src/git/no_gssapi.cc)
    target_link_libraries(kl_libgit2 INTERFACE kl_no_gssapi)
  endif()
  set(KITTYLOG_LINKED_STATIC ON CACHE INTERNAL "libgit2 is linked from static archives (the .deb carries lintian overrides)")
  message(STATUS "kittylog: libgit2 linked from static archives")
else()
  target_link_libraries(kl_libgit2 INTERFACE PkgConfig::LIBGIT2)
  set(KITTYLOG_LINKED_STATIC OFF CACHE INTERNAL "libgit2 is linked from static archives (the .deb carries lintian overrides)")
  message(STATUS "kittylog: libgit2 linked shared")
endif()

if(kl_sqlite_archives)
  target_link_libraries(kl_sqlite3 INTERFACE ${kl_sqlite_archives} Threads::Threads m ${CMAKE_DL_LIBS})
  target_include_directories(kl_sqlite3 INTERFACE ${SQLite3_INCLUDE_DIRS})
  message(STATUS "kittylog: SQLite linked from its static archive")
else()
  target_link_libraries(kl_sqlite3 INTERFACE SQLite::SQLite3)
endif()
# --- end start-up cost ---
