# --- cmake --install (docs/install.md) ---
# GNUInstallDirs layout under CMAKE_INSTALL_PREFIX:
#   bin/kittylog, bin/kittylog-merge           side by side: kittylog finds its driver there
#   share/man/man1/kittylog.1.gz, kittylog-merge.1.gz
#   share/bash-completion/completions/kittylog, share/zsh/vendor-completions/_kittylog,
#   share/fish/vendor_completions.d/kittylog.fish
#   share/doc/kittylog/                        README.md, copyright, changelog.gz, and docs/ as
#                                              in the source tree (README's links hold), with
#                                              docs/contracts/*.schema.json
include(GNUInstallDirs)
set(KITTYLOG_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions" CACHE STRING
    "Where the zsh completion _kittylog goes (Debian's zsh reads vendor-completions; others use site-functions)")
# Directories the install creates are 0755 whatever the umask (lintian: non-standard-dir-perm).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(TARGETS kittylog kittylog-merge RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${KITTYLOG_MAN_DIR}/kittylog.1.gz" "${KITTYLOG_MAN_DIR}/kittylog-merge.1.gz"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${KITTYLOG_COMPLETION_DIR}/kittylog" DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${KITTYLOG_COMPLETION_DIR}/_kittylog" DESTINATION "${KITTYLOG_ZSH_COMPLETION_DIR}")
install(FILES "${KITTYLOG_COMPLETION_DIR}/kittylog.fish" DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")

file(GLOB kittylog_doc_pages CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/install/debian/copyright"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES ${kittylog_doc_pages} DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs")
install(FILES ${KITTYLOG_CONTRACT_FILES} DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs/contracts")

# changelog.gz: what Debian expects of a native package, dated by SOURCE_DATE_EPOCH when set.
set(KITTYLOG_PACKAGE_MAINTAINER "kittylog developers <kittylog@kittylog.invalid>" CACHE STRING
    "Maintainer of the Debian package (changelog and control file)")
string(TIMESTAMP KITTYLOG_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file("${PROJECT_SOURCE_DIR}/install/debian/changelog.in" "${PROJECT_BINARY_DIR}/debian/changelog" @ONLY)
add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/debian/changelog.gz"
  COMMAND gzip -9n -f -k "${PROJECT_BINARY_DIR}/debian/changelog"
  DEPENDS "${PROJECT_BINARY_DIR}/debian/changelog"
  VERBATIM)
add_custom_target(kittylog_changelog ALL DEPENDS "${PROJECT_BINARY_DIR}/debian/changelog.gz")
install(FILES "${PROJECT_BINARY_DIR}/debian/changelog.gz" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
# libgit2 linked statically embeds libssh2, mbedtls and zlib: say so to lintian, with the reason.
if(KITTYLOG_LINKED_STATIC)
  install(FILES "${PROJECT_SOURCE_DIR}/install/debian/lintian-overrides"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides" RENAME kittylog)
endif()
# --- end cmake --install ---
