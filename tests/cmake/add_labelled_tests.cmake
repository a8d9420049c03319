# Run after each link of a doctest binary (see tests/CMakeLists.txt): registers every test case
# with CTest, labelled `e2e` when its doctest test suite is named "e2e: ..." (it runs the mfsim
# binary or walks a whole corpus) and `unit` otherwise: `ctest -L unit` is the fast set. Cases
# of the doctest suite "corpora" read the public corpora: labelled `e2e` and `corpora`, and
# reported Skipped when they print the marker of tests/support/corpora.h (no corpora there).
# Inputs: TEST_EXECUTABLE, TEST_WORKING_DIR, TEST_TIMEOUT, CTEST_FILE.

function(list_cases out)
  execute_process(COMMAND "${TEST_EXECUTABLE}" --list-test-cases --no-version ${ARGN}
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc WORKING_DIRECTORY "${TEST_WORKING_DIR}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "listing the test cases of ${TEST_EXECUTABLE} failed (${rc}):\n${text}")
  endif()
  # CMake lists split on ';', except inside square brackets: a test name's own semicolons and
  # brackets travel as placeholders (an unbalanced '[' once merged every later name into one).
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<lbracket>" text "${text}")
  string(REPLACE "]" "<rbracket>" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(cases "")
  set(expected "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^<lbracket>doctest<rbracket> unskipped test cases passing the current filters: ([0-9]+)")
      set(expected "${CMAKE_MATCH_1}")
    endif()
    if(line STREQUAL "" OR line MATCHES "^====" OR line MATCHES "^<lbracket>doctest<rbracket> ")
      continue()
    endif()
    list(APPEND cases "${line}")
  endforeach()
  # Every case doctest counted is registered, or the build stops: none is dropped silently.
  list(LENGTH cases found)
  if(NOT found EQUAL expected)
    message(FATAL_ERROR "${TEST_EXECUTABLE} lists ${expected} test cases, ${found} were read")
  endif()
  set(${out} "${cases}" PARENT_SCOPE)
endfunction()

list_cases(corpora_cases --test-suite=corpora)
list_cases(e2e_cases --test-suite=e2e*)
list_cases(unit_cases --test-suite-exclude=e2e*,corpora)
set(unit_labels unit)
set(e2e_labels e2e)
set(corpora_labels "e2e;corpora")

set(script "")
foreach(group IN ITEMS unit e2e corpora)
  foreach(name IN LISTS ${group}_cases)
    # doctest's filters split on commas and treat * and ? as wildcards: escape the commas
    # (the wildcards only widen the match to the same case).
    string(REPLACE "<semicolon>" ";" name "${name}")
    string(REPLACE "<lbracket>" "[" name "${name}")
    string(REPLACE "<rbracket>" "]" name "${name}")
    string(REPLACE "," "\\," filter "${name}")
    string(APPEND script
      "add_test([==[${name}]==] \"${TEST_EXECUTABLE}\" [==[--test-case=${filter}]==])\n"
      "set_tests_properties([==[${name}]==] PROPERTIES WORKING_DIRECTORY \"${TEST_WORKING_DIR}\""
      " TIMEOUT ${TEST_TIMEOUT} LABELS [==[${${group}_labels}]==]"
      " SKIP_REGULAR_EXPRESSION [==[MFSIM_TEST_SKIPPED:]==])\n")
  endforeach()
endforeach()
file(WRITE "${CTEST_FILE}" "${script}")
