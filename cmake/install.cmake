# What `cmake --install` puts in place and what `cpack -G DEB` packages (docs/testing.md):
# bin/mfsim, its man page and its bash completion, both written from mfsim's --help at build time.
include(GNUInstallDirs)

# ---- build info for `mfsim --version`: version, git commit, build type -------------------
set(mfsim_build_info "${PROJECT_BINARY_DIR}/generated/build_info.cc")
add_custom_target(mfsim_build_info
  COMMAND "${CMAKE_COMMAND}" -D "SOURCE_DIR=${PROJECT_SOURCE_DIR}" -D "OUTPUT=${mfsim_build_info}"
          -D "VERSION=${PROJECT_VERSION}" -D "BUILD_TYPE=${CMAKE_BUILD_TYPE}"
          -P "${PROJECT_SOURCE_DIR}/cmake/build_info.cmake"
  BYPRODUCTS "${mfsim_build_info}"
  COMMENT "Reading the git commit for mfsim --version")
target_sources(mfsim PRIVATE "${mfsim_build_info}")
add_dependencies(mfsim mfsim_build_info)

# ---- the man page (help2man) and the bash completion -------------------------------------
# Written by running the mfsim just built (leak checks off: a sanitizer build runs it too).
set(mfsim_doc_dir "${PROJECT_BINARY_DIR}/doc")
set(mfsim_docs "${mfsim_doc_dir}/mfsim.bash")
add_custom_command(OUTPUT "${mfsim_doc_dir}/mfsim.bash"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${mfsim_doc_dir}"
  COMMAND "${CMAKE_COMMAND}" -E env ASAN_OPTIONS=detect_leaks=0
          bash "${PROJECT_SOURCE_DIR}/tools/help-to-docs.sh" completion "$<TARGET_FILE:mfsim>"
          "${mfsim_doc_dir}/mfsim.bash"
  DEPENDS mfsim "${PROJECT_SOURCE_DIR}/tools/help-to-docs.sh"
  COMMENT "Writing the bash completion from mfsim --help")
find_program(MFSIM_HELP2MAN help2man)
if(MFSIM_HELP2MAN)
  list(APPEND mfsim_docs "${mfsim_doc_dir}/mfsim.1")
  add_custom_command(OUTPUT "${mfsim_doc_dir}/mfsim.1"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${mfsim_doc_dir}"
    COMMAND "${CMAKE_COMMAND}" -E env ASAN_OPTIONS=detect_leaks=0
            bash "${PROJECT_SOURCE_DIR}/tools/help-to-docs.sh" man "$<TARGET_FILE:mfsim>" "${MFSIM_HELP2MAN}"
            "${mfsim_doc_dir}/mfsim.1"
    DEPENDS mfsim "${PROJECT_SOURCE_DIR}/tools/help-to-docs.sh"
    COMMENT "Writing the man page from mfsim --help (help2man)")
  install(FILES "${mfsim_doc_dir}/mfsim.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
  message(WARNING "help2man not found (tools/install-deps.sh installs it): no man page is built or installed")
endif()
add_custom_target(mfsim_docs ALL DEPENDS ${mfsim_docs})

install(TARGETS mfsim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${mfsim_doc_dir}/mfsim.bash" DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
        RENAME mfsim)

# ---- cpack -G DEB -------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME mfsim)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "simulate Exchange Online mail flow behind Cloudflare Area 1 over real mail")
set(CPACK_PACKAGE_DESCRIPTION
    "mfsim runs transport rules, the SCL, anti-spam verdicts and actions, quarantine policies and release paths over message files, mbox files and Maildirs, and tells for each message which rules fired and where it would land.")
set(MFSIM_PACKAGE_MAINTAINER "mfsim dev <dev@mfsim.invalid>" CACHE STRING "Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MFSIM_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: from the shared libraries mfsim links (dpkg-shlibdeps, in dpkg-dev), and libzip and
# libarchive, which mfsim loads when it first reads an archive of theirs
# (engine/mail/zip_library.h, archive_library.h). Debian names their packages after the soname.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(NOT MFSIM_STATIC)
  string(REGEX REPLACE "^libzip\\.so\\.([0-9]+)$" "libzip\\1" MFSIM_LIBZIP_PACKAGE
                       "${MFSIM_LIBZIP_SONAME}")
  string(REGEX REPLACE "^libarchive\\.so\\.([0-9]+)$" "libarchive\\1" MFSIM_LIBARCHIVE_PACKAGE
                       "${MFSIM_LIBARCHIVE_SONAME}")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${MFSIM_LIBZIP_PACKAGE}, ${MFSIM_LIBARCHIVE_PACKAGE}")
endif()
set(CPACK_GENERATOR DEB)
include(CPack)
