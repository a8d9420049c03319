# Finds the Debian packages that tools/install-deps.sh installs.
if(MFSIM_STATIC)
  # A self-contained mfsim binary for machines without the packages: static archives only,
  # fmt header-only (Debian ships no libfmt.a).
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(Boost_USE_STATIC_LIBS ON)
endif()
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS regex)
if(MFSIM_STATIC)
  set(MFSIM_FMT fmt::fmt-header-only)
  find_library(MFSIM_YAML_CPP_ARCHIVE libyaml-cpp.a REQUIRED)
  set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION_NONE "${MFSIM_YAML_CPP_ARCHIVE}"
                        IMPORTED_LOCATION "${MFSIM_YAML_CPP_ARCHIVE}")
else()
  set(MFSIM_FMT fmt::fmt)
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

# mimetic ships no CMake or pkg-config file.
find_path(MIMETIC_INCLUDE_DIR mimetic/mimetic.h REQUIRED)
find_library(MIMETIC_LIBRARY mimetic REQUIRED)
add_library(mimetic::mimetic UNKNOWN IMPORTED)
set_target_properties(mimetic::mimetic PROPERTIES IMPORTED_LOCATION "${MIMETIC_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${MIMETIC_INCLUDE_DIR}")

if(MFSIM_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
if(MFSIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
