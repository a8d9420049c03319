# Finds the Debian packages that tools/install-deps.sh installs.
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS regex)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)

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
