// Tests of pipelines over values a script knows (decision 444): ForEach-Object, Where-Object,
// Sort-Object, Select-Object and Out-Null run on the items; a stage mfsim cannot run makes the
// output known only when the script runs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::rule_named;
using mfsim::test::rule_names;

// A rule whose words are `value`, where a value only the running script knows is an error.
std::string used(const std::string& value) {
  return "New-TransportRule -Name 'u' -SetSCL 5 -HeaderContainsMessageHeader X-Area1Security-"
         "Disposition -HeaderContainsWords " +
         value + "\n";
}

// A rule whose comment shows `value` joined by ';'.
std::string shown(const std::string& name, const std::string& value) {
  return "New-TransportRule -Name '" + name + "' -SetSCL 5 -Comments (" + value + " -join ';')\n";
}

// "line:col message" of a script's one error; the test fails when it has another count.
std::string only_error(const std::string& script) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
  return lines_of(r.errors)[0];
}

}  // namespace

TEST_SUITE("powershell pipelines") {
  TEST_CASE("Where-Object, Sort-Object and ForEach-Object run on a known array, in order") {
    const auto r = import(
        "$words = 'SPOOF', 'UCE', 'BULK', 'Malicious'\n"
        "$words | Where-Object { $_ -ne 'BULK' } | Sort-Object | ForEach-Object {\n"
        "  New-TransportRule -Name \"Area 1 $_\" -HeaderContainsMessageHeader "
        "X-Area1Security-Disposition -HeaderContainsWords $_ -SetSCL 5 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) ==
          std::vector<std::string>{"Area 1 Malicious", "Area 1 SPOOF", "Area 1 UCE"});
  }

  TEST_CASE("a pipeline assigned gives what its last stage outputs") {
    const auto r = import(
        "$names = 'UCE', 'SPOOF' | ForEach-Object { \"Area 1 $_\" }\n"
        "$one = 'UCE', 'SPOOF' | Where-Object { $_ -like 'S*' }\n"
        "$none = 'UCE' | Out-Null\n" +
        shown("names", "$names") + shown("one", "$one") +
        "New-TransportRule -Name 'none' -SetSCL 1 -Comments \"[$none]\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "names") == "Area 1 UCE;Area 1 SPOOF");
    CHECK(comments_of(r, "one") == "SPOOF");
    CHECK(comments_of(r, "none") == "[]");
  }

  TEST_CASE("Sort-Object: -Descending, -Unique without case, -Property of hash tables") {
    const auto r = import(
        "$a = 'b', 'A', 'a', 'C' | Sort-Object -Unique\n"
        "$d = 10, 9, 100 | Sort-Object -Descending\n"
        "$t = @(@{ N = 'x'; P = 2 }, @{ N = 'y'; P = 1 }) | Sort-Object -Property P |"
        " ForEach-Object N\n" +
        shown("a", "$a") + shown("d", "$d") + shown("t", "$t"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "a") == "A;b;C");
    CHECK(comments_of(r, "d") == "100;10;9");
    CHECK(comments_of(r, "t") == "y;x");
  }

  TEST_CASE("Select-Object: -First, -Last, -Skip, -Unique with case, -ExpandProperty") {
    const auto r = import(
        "$w = 'a', 'b', 'c', 'd'\n"
        "$f = $w | Select-Object -First 2 -Skip 1\n$l = $w | Select-Object -Last 1\n"
        "$u = 'a', 'A', 'a' | Select-Object -Unique\n"
        "$e = @(@{ Name = 'r1'; Words = 'UCE', 'SPOOF' }, @{ Name = 'r2'; Words = 'BULK' }) |"
        " Select-Object -ExpandProperty Words\n" +
        shown("f", "$f") + shown("l", "$l") + shown("u", "$u") + shown("e", "$e"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "f") == "b;c");
    CHECK(comments_of(r, "l") == "d");
    CHECK(comments_of(r, "u") == "a;A");
    CHECK(comments_of(r, "e") == "UCE;SPOOF;BULK");
  }

  TEST_CASE("Select-Object picks its items first, as PowerShell's Select-Object does") {
    // SelectObjectCommand: -Skip counts "from top when used with First, from end when used with
    // Last"; -First and -Last together keep both ends; the items picked are then expanded and
    // made unique; $null items, and $null values -ExpandProperty finds, are passed over.
    const auto r = import(
        "$w = 'a', 'b', 'c', 'd', 'e'\n"
        "$ls = $w | Select-Object -Last 2 -Skip 1\n"
        "$fl = $w | Select-Object -First 1 -Last 2\n"
        "$fls = $w | Select-Object -First 1 -Last 1 -Skip 1\n"
        "$uf = 'x', 'x', 'y' | Select-Object -Unique -First 2\n"
        "$ef = @(@{ W = 'x', 'y' }, @{ W = 'z' }) | Select-Object -ExpandProperty W -First 1\n"
        "$nf = @($null, 'n') | Select-Object -First 1\n"
        "$en = @(@{ W = $null }, @{ W = 'z' }) | Select-Object -ExpandProperty W\n" +
        shown("ls", "$ls") + shown("fl", "$fl") + shown("fls", "$fls") + shown("uf", "$uf") +
        shown("ef", "$ef") + shown("nf", "$nf") + shown("en", "@($en).Count"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "ls") == "c;d");
    CHECK(comments_of(r, "fl") == "a;d;e");
    CHECK(comments_of(r, "fls") == "b;e");
    CHECK(comments_of(r, "uf") == "x");
    CHECK(comments_of(r, "ef") == "x;y");
    CHECK(comments_of(r, "nf") == "n");
    CHECK(comments_of(r, "en") == "1");
  }

  TEST_CASE("Select-Object -Unique over many texts are compared by their text") {
    // Each item was compared with every one kept: 40,000 texts took about a minute.
    std::string items;
    for (int k = 0; k < 40000; ++k) items += "k" + std::to_string(k) + ",";
    const auto r = import("$many = '" + items +
                          "K1' -split ','\n"
                          "$u = $many | Select-Object -Unique\n" +
                          shown("n", "$u.Count"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "40001");  // with case: K1 is not k1
  }

  TEST_CASE("Select-Object -Unique over many numbers ends with the budget's error") {
    std::string items;
    for (int k = 0; k < 40000; ++k) items += std::to_string(k) + ",";
    CHECK(only_error("$many = @(" + items + "0)\n$u = $many | Select-Object -Unique\n")
              .starts_with("2:14 pipelines sort, compare and pass on more than"));
  }

  TEST_CASE("a long pipeline over many items ends with the budget's error") {
    // 200 Sort-Object stages over 100,000 items took 24 s, and the time grows with each stage.
    std::string items, stages;
    for (int k = 0; k < 60000; ++k) items += "k" + std::to_string(k * 7919 % 60000) + ",";
    for (int k = 0; k < 400; ++k) stages += " | Sort-Object";
    const std::string error =
        only_error("$many = '" + items + "k' -split ','\n$s = $many" + stages + "\n");
    CHECK(error.find("pipelines sort, compare and pass on more than 5000000 items") !=
          std::string::npos);
  }

  TEST_CASE("$_ is what it was before the pipeline once the pipeline ends") {
    // Outside any pipeline $_ holds nothing the script set: it was left as the last item ('b').
    const auto r = import(
        "'a', 'b' | ForEach-Object { $null }\nNew-TransportRule -Name \"top [$_]\" -SetSCL 5\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].find("the value of $_ (not assigned in this script)") !=
          std::string::npos);
    const auto nested = import(
        "'x' | ForEach-Object { 'a', 'b' | Where-Object { $_ } ; "
        "New-TransportRule \"n $_\" -SetSCL 5 }\n");
    REQUIRE_MESSAGE(nested.errors.empty(), lines_of(nested.errors));
    CHECK(rule_names(nested.set) == std::vector<std::string>{"n x"});
  }

  TEST_CASE("$null goes down a pipeline once; an empty array not at all") {
    const auto r =
        import("$n = $null | ForEach-Object { 'ran' }\n$e = @() | ForEach-Object { 'ran' }\n" +
               shown("n", "@($n)") + shown("e", "@($e)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "ran");
    CHECK(comments_of(r, "e").empty());
  }

  TEST_CASE("from a stage mfsim cannot run on, the output is known only when the script runs") {
    const auto r = import("$j = 'UCE' | ConvertTo-Json\n" + used("$j"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 2);
    CHECK(r.errors[0].message.find("the output of 'UCE' | ConvertTo-Json") != std::string::npos);
  }

  TEST_CASE("a statement's pipeline outputs what its last stage does, run or not") {
    // The items were output as they stood before the stage mfsim could not run: the function
    // gave 'UCE', 'SPOOF' for their JSON, and Write-Host's items came out too.
    CHECK(only_error("function F { 'UCE', 'SPOOF' | ConvertTo-Json }\n$x = F\n" + used("$x"))
              .find("the output of 'UCE SPOOF' | ConvertTo-Json") != std::string::npos);
    const auto r =
        import("function G { 'UCE' | Write-Host\n  'SPOOF' }\n$y = G\n" + shown("y", "$y"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "y") == "SPOOF");
  }

  TEST_CASE("a stage given a value only the running script knows is not run") {
    const auto r = import("$f = 'a', 'b' | Select-Object -First $count\n" + used("$f"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("| Select-Object") != std::string::npos);
  }

  TEST_CASE("a Where-Object condition only the running script knows leaves the output unknown") {
    const auto r = import("$k = 'a', 'b' | Where-Object { $_ -eq $env:PICK }\n" + used("$k"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 2);
    CHECK(r.errors[0].message.find("| Where-Object") != std::string::npos);
  }

  TEST_CASE("a block that is not run is an error when it could change mail flow") {
    const auto r = import(
        "'a', 'b' | Where-Object { $_ -eq $env:PICK } | ForEach-Object {\n"
        "  New-TransportRule $_ -SetSCL 5 }\n"
        "$shown = 'a' | ConvertTo-Json | ForEach-Object { Write-Host $_ }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with(
        "1:48 ForEach-Object { ... } runs for items known only when the script runs"));
  }

  TEST_CASE("values piped to a cmdlet that changes the organisation are an error") {
    const auto r = import("'a', 'b' | Remove-TransportRule\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("Remove-TransportRule fed by '|'") != std::string::npos);
  }

  TEST_CASE("output cmdlets at the end of a statement's pipeline are shown and counted") {
    const auto r =
        import("'a', 'b' | Sort-Object | Format-Table\nNew-TransportRule -Name x -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(r.set.imported.ignored_commands == 1);
  }

  TEST_CASE("a pipeline's script blocks count against the unrolling budget") {
    std::string items;
    for (int k = 0; k < 60000; ++k) items += "a,";
    const auto r = import("$many = '" + items +
                          "' -split ','\n"
                          "$x = $many | ForEach-Object { $_ } | ForEach-Object { $_ }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("more than 100000 statements and items") != std::string::npos);
  }
}

TEST_SUITE("powershell ranges") {
  TEST_CASE("a..b counts up or down; an index list or range slices an array") {
    const auto r = import(
        "$up = 1..3\n$down = 3..-1\n$w = 'a', 'b', 'c', 'd'\n"
        "$s = $w[1..2]\n$t = $w[-1, 0, 9]\n" +
        shown("up", "$up") + shown("down", "$down") + shown("s", "$s") + shown("t", "$t"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "up") == "1;2;3");
    CHECK(comments_of(r, "down") == "3;2;1;0;-1");
    CHECK(comments_of(r, "s") == "b;c");
    CHECK(comments_of(r, "t") == "d;a");
  }

  TEST_CASE("a range is between whole numbers, and charged before it is built") {
    CHECK(lines_of(import("$r = 'a'..3\n").errors) ==
          std::vector<std::string>{"1:9 the range 'a'..'3' is read only between whole numbers"});
    const auto big = import("$r = 1..2000000000\n");
    REQUIRE(big.errors.size() == 1);
    CHECK(big.errors[0].message.find("256 MiB") != std::string::npos);
  }
}

TEST_SUITE("powershell arithmetic") {
  TEST_CASE("-, *, / and % on whole numbers, with * before + and -") {
    const auto r = import(
        "$i = 3\n$a = $i - 1\n$b = $i * 10 + 1\n$c = 10 / 2 % 3\n$f = '7' - 2\n$g = $i -1\n" +
        shown("n", "$a, $b, $c, $f, $g"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "2;31;2;5;2");
  }

  TEST_CASE("* repeats a text or an array, the left operand deciding") {
    const auto r = import("$d = '=' * 3\n$t = '5' * 2\n$e = @('x', 'y') * 2\n" +
                          shown("d", "$d, $t") + shown("e", "$e"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "d") == "===;55");
    CHECK(comments_of(r, "e") == "x;y;x;y");
  }

  TEST_CASE("+ and += follow the left operand: a number converts the text, $null adds nothing") {
    const auto r = import(
        "$a = 1 + '2'\n$b = '1' + 2\n$c = $null + @('x', 'y')\n$d = 5\n$d += '10'\n"
        "$e = 'UCE'\n$e += @('BULK')\n$f = 7 + $null\n" +
        shown("n", "$a, $b, $c.Count, $d, $e, $f"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "3;12;2;15;UCEBULK;7");
    CHECK(lines_of(import("$n = 1\n$n += 'a'\n").errors) ==
          std::vector<std::string>{"2:7 +: 'a' cannot be added to the number 1 (PowerShell "
                                   "converts the right operand to a number, and fails)"});
  }

  TEST_CASE("unary -join joins its operand's items, binding tighter than , and ..") {
    const auto r = import(
        "$a = -join ('U', 'C', 'E')\n$b = -join 1..3\n$c = -join 'a', 'b'\n"
        "$d = -join ((48..50) | ForEach-Object { [string]$_ })\n" +
        shown("n", "$a, $b, $c, $d"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "UCE;1;2;3;a;b;484950");
  }

  TEST_CASE("an operand may follow its operator on the next line, but not after a ';'") {
    const auto r = import("$a = 1 +\n  2\n$b = 'x', `\n 'y' -join\n '-'\n$c = 7 -\n 2 *\n 3\n" +
                          shown("n", "$a, $b, $c"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "3;x-y;1");
    CHECK(lines_of(import("$bad = 1 + ; 'b'\n").errors) ==
          std::vector<std::string>{"1:12 expected a value, found ';'"});
    CHECK(lines_of(import("$bad = 1..; 3\n").errors) ==
          std::vector<std::string>{"1:11 expected a value, found ';'"});
  }

  TEST_CASE("what is no whole number, or does not fit one, is an error at the operator") {
    CHECK(lines_of(import("$x = 7 / 0\n").errors) ==
          std::vector<std::string>{"1:8 7 / 0: division by zero"});
    CHECK(lines_of(import("$x = 1 % 0\n").errors) ==
          std::vector<std::string>{"1:8 1 % 0: division by zero"});
    CHECK(lines_of(import("$x = 9223372036854775807 * 2\n").errors) ==
          std::vector<std::string>{"1:26 9223372036854775807 * 2 is out of range"});
    const auto big = import("$x = ('a' * 1000) * 1000000\n");
    REQUIRE(big.errors.size() == 1);
    CHECK(big.errors[0].message.find("256 MiB") != std::string::npos);
  }

  TEST_CASE("arithmetic on a value only the running script knows is known only then") {
    const auto r = import("$x = $env:N * 2\n" + used("$x"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("$env:N * '2'") != std::string::npos);
  }
}
