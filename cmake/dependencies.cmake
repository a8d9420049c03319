# Finds the Debian packages that tools/install-deps.sh installs.
if(MFSIM_STATIC)
  # A self-contained mfsim binary for machines without the packages: static archives only,
  # fmt header-only (Debian ships no libfmt.a).
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
endif()
# MFSIM_LINK_ARCHIVES: the libraries whose Debian -dev package ships a static archive beside the
# shared one (Boost.Regex, yaml-cpp, mimetic, libolecf, libpff, libbfio, expat, nettle) are
# linked from the archive. Loading and relocating them, and the three ICU libraries libboost_regex.so needs
# although mfsim never calls ICU, cost every start of mfsim about as much CPU as reading 500
# messages (decision 330). libzip ships no archive (it is loaded when first needed, decision
# 332); fmt's compiled part is built here and zlib taken from libz.a (decision 353).
# An archive that is missing falls back to the shared library.
set(MFSIM_ARCHIVES OFF)
if(MFSIM_STATIC OR MFSIM_LINK_ARCHIVES)
  set(MFSIM_ARCHIVES ON)
  set(Boost_USE_STATIC_LIBS ON)
endif()

# Points the imported target `target` at the static archive `archive` instead of its shared
# library; the arguments after `archive` name what the archive itself needs.
function(mfsim_use_archive target archive)
  string(MAKE_C_IDENTIFIER "MFSIM_ARCHIVE_${archive}" variable)
  find_library(${variable} "${archive}")
  if(NOT ${variable})
    message(STATUS "${archive} not found: linking the shared library of ${target}")
    return()
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")  # pkg_check_modules' targets
    set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${${variable}};${ARGN}")
    return()
  endif()
  get_target_property(configurations ${target} IMPORTED_CONFIGURATIONS)
  foreach(config IN LISTS configurations)
    if(config)
      set_target_properties(${target} PROPERTIES IMPORTED_LOCATION_${config} "${${variable}}")
    endif()
  endforeach()
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION "${${variable}}")
endfunction()

find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 QUIET COMPONENTS regex)
if(NOT Boost_FOUND AND MFSIM_ARCHIVES AND NOT MFSIM_STATIC)
  message(STATUS "libboost_regex.a not found: linking Boost.Regex's shared library")
  set(Boost_USE_STATIC_LIBS OFF)
endif()
find_package(Boost 1.74 REQUIRED COMPONENTS regex)
# Patterns match characters, not the bytes of their UTF-8 form, through Boost.Regex's ICU
# support (boost/regex/icu.hpp, decision 851): ICU's common and i18n libraries (Boost's ICU
# traits name its collator) and its data, from their archives where Boost.Regex's is.
find_package(ICU REQUIRED COMPONENTS uc i18n data)
if(MFSIM_ARCHIVES AND Boost_USE_STATIC_LIBS AND NOT MFSIM_STATIC)
  mfsim_use_archive(ICU::uc libicuuc.a)
  mfsim_use_archive(ICU::i18n libicui18n.a)
  mfsim_use_archive(ICU::data libicudata.a)
endif()
add_library(mfsim_regex INTERFACE)
target_link_libraries(mfsim_regex INTERFACE Boost::regex ICU::i18n ICU::uc ICU::data
                                            ${CMAKE_DL_LIBS})
if(MFSIM_STATIC)
  set(MFSIM_FMT fmt::fmt-header-only)
elseif(MFSIM_ARCHIVES)
  # Debian ships no libfmt.a: fmt's compiled part is built here once (decision 353).
  add_library(mfsim_fmt STATIC ${PROJECT_SOURCE_DIR}/cmake/fmt_library.cc)
  target_include_directories(mfsim_fmt SYSTEM
                             PUBLIC $<TARGET_PROPERTY:fmt::fmt,INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_features(mfsim_fmt PUBLIC cxx_std_20)
  set(MFSIM_FMT mfsim_fmt)
else()
  set(MFSIM_FMT fmt::fmt)
endif()
if(MFSIM_ARCHIVES)
  mfsim_use_archive(yaml-cpp libyaml-cpp.a)
endif()
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(EXPAT REQUIRED)
# Outlook files (issue 18): libolecf reads .msg compound files, libpff PST files; libbfio
# gives both a memory handle (neither package declares it, so it is named here); libzip reads
# Content Search's ZIP exports.
find_package(PkgConfig REQUIRED)
pkg_check_modules(libolecf REQUIRED IMPORTED_TARGET libolecf)
pkg_check_modules(libpff REQUIRED IMPORTED_TARGET libpff)
pkg_check_modules(libbfio REQUIRED IMPORTED_TARGET libbfio)
pkg_check_modules(libzip REQUIRED IMPORTED_TARGET libzip)
# io_uring: header-only runs open and read a run of files with one system call (decision 333).
pkg_check_modules(liburing REQUIRED IMPORTED_TARGET liburing)
# Nettle: the ciphers and hashes of PDF's standard security handler (decision 376).
pkg_check_modules(nettle REQUIRED IMPORTED_TARGET nettle)
# libarchive reads 7z, RAR, cabinet and bzip2 attachments (decision 378).
pkg_check_modules(libarchive REQUIRED IMPORTED_TARGET libarchive)

# Sets `variable` to the soname of the library `name` (lib<name>.so.N), taken from the file
# name of the library the linker would use in `directories`, else to `fallback`.
function(mfsim_soname variable name fallback directories)
  find_library(MFSIM_${name}_SHARED_LIBRARY NAMES lib${name}.so ${name} HINTS ${directories})
  get_filename_component(file "${MFSIM_${name}_SHARED_LIBRARY}" REALPATH)
  get_filename_component(file "${file}" NAME)
  string(REGEX MATCH "^lib${name}\\.so\\.[0-9]+" soname "${file}")
  if(NOT soname)
    set(soname ${fallback})
  endif()
  set(${variable} ${soname} PARENT_SCOPE)
endfunction()
# mfsim loads libzip and libarchive when it first reads an archive of theirs, by their sonames
# (decisions 332, 378): libzip.so.4 and libarchive.so.13 on Debian 12.
mfsim_soname(MFSIM_LIBZIP_SONAME zip libzip.so.4 "${libzip_LIBRARY_DIRS}")
mfsim_soname(MFSIM_LIBARCHIVE_SONAME archive libarchive.so.13 "${libarchive_LIBRARY_DIRS}")
if(MFSIM_ARCHIVES)
  mfsim_use_archive(EXPAT::EXPAT libexpat.a)
  mfsim_use_archive(PkgConfig::libbfio libbfio.a)
  mfsim_use_archive(PkgConfig::libolecf libolecf.a PkgConfig::libbfio)
  # zlib by its archive's path: a target named here could be merged with an earlier use of it
  # and so end up before libpff.a on the link line, where it satisfies nothing.
  mfsim_use_archive(ZLIB::ZLIB libz.a)
  set(zlib_for_archives ZLIB::ZLIB)
  if(MFSIM_ARCHIVE_libz_a)
    set(zlib_for_archives "${MFSIM_ARCHIVE_libz_a}")
  endif()
  mfsim_use_archive(PkgConfig::libpff libpff.a PkgConfig::libbfio ${zlib_for_archives})
  mfsim_use_archive(PkgConfig::liburing liburing.a)
  mfsim_use_archive(PkgConfig::nettle libnettle.a)
endif()

# mimetic ships no CMake or pkg-config file.
find_path(MIMETIC_INCLUDE_DIR mimetic/mimetic.h REQUIRED)
find_library(MIMETIC_LIBRARY mimetic REQUIRED)
add_library(mimetic::mimetic UNKNOWN IMPORTED)
set_target_properties(mimetic::mimetic PROPERTIES IMPORTED_LOCATION "${MIMETIC_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${MIMETIC_INCLUDE_DIR}")
if(MFSIM_ARCHIVES)
  mfsim_use_archive(mimetic::mimetic libmimetic.a)
endif()

# With fmt built here and every C++ library linked from its archive, nothing mfsim loads needs
# libstdc++.so: mfsim then takes libstdc++ and libgcc from their archives too (decision 353).
# A C++ library left shared would bring a second libstdc++ into the process, so then it does not.
set(MFSIM_STATIC_LIBSTDCXX OFF)
if(MFSIM_ARCHIVES AND NOT MFSIM_STATIC AND NOT MFSIM_SANITIZE AND Boost_USE_STATIC_LIBS
   AND MFSIM_ARCHIVE_libyaml_cpp_a AND MFSIM_ARCHIVE_libmimetic_a)
  set(MFSIM_STATIC_LIBSTDCXX ON)
endif()

# The loader applies mfsim's ~8,300 relative relocations (vtables, pointer tables: PIE) from a
# packed table (DT_RELR, glibc 2.36, binutils 2.38) 100 times smaller than the RELA one: fewer
# pages read at every start (decision 355). Left out where the linker does not take it.
include(CheckLinkerFlag)
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" MFSIM_LINKER_PACKS_RELOCS)

if(MFSIM_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
if(MFSIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
