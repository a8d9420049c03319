// .NET's inline options x and n in PowerShell's patterns, octal escapes inside a class, the
// escapes .NET refuses, ^ and $ without Multiline, line breaks at \n only and Boost's own
// constructs refused (decisions 760 to 763, 769, 802, 803).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::values_of;

}  // namespace

TEST_SUITE("powershell regex options") {
  TEST_CASE("explicit capture (n) leaves unnamed groups uncaptured, inline and scoped") {
    // RegexOptions, "Explicit captures only": (?n) makes (...) a non-capturing group, named
    // groups still capture; Boost has no n.
    CHECK(names_of("New-TransportRule -Name ('ab' -replace '(?n)(a)(?<x>b)', '1[$1]') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?n:(a))(b)', '2[$1]') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?n)(a)(?-n)(b)', '3[$1]') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('aB' -replace '(?in)(a)(b)', '[$0]') -SetSCL 5\n"
                   "New-TransportRule -Name (('a1b' -split '(?n)(\\d)') -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"1[b]", "2[b]", "3[b]", "[aB]", "a|b"});
    // $1 names no group under n: it is "$1" as written.
    CHECK(names_of("New-TransportRule -Name ('a' -replace '(?n)(a)', '[$1]') -SetSCL 5\n") ==
          std::vector<std::string>{"[$1]"});
  }

  TEST_CASE("option letters of either case, and the signs + and - in any order, as .NET") {
    // RegexParser.ScanOptions reads each letter by `ch | 0x20` and sets it as the sign last
    // before it says, `+` on and `-` off ("Miscellaneous constructs" writes only
    // (?imnsx-imnsx)); Boost reads lower-case letters and no `+`, and refused these.
    CHECK(values_of({"'a' -cmatch '(?I)A'", "'a' -cmatch '(?+i)A'", "'A' -cmatch '(?i-i+i)a'",
                     "'A' -cmatch '(?-i+I)a'", "'A' -cmatch '(?I-I)a'", "'A' -cmatch '(?-+i)a'",
                     "'A' -cmatch '(?I:a)'", "'A' -cmatch '(?--I+:a)'", "'a' -cmatch '(?-)a'",
                     "'a' -cmatch '(?+:a)'", "'a b' -cmatch '(?X)a b'", "\"a`nb\" -match '(?M)^b'",
                     "\"a`nb\" -match '(?S)a.b'", "'ab' -replace '(?N)(a)(b)', '[$1]'",
                     "'ab' -replace '(?iN:(a))(b)', '[$1]'"}) ==
          std::vector<std::string>{"True", "True", "True", "True", "False", "True", "True", "False",
                                   "True", "True", "False", "True", "True", "[$1]", "[b]"});
    // What ScanOptions stops at must be `)` or `:`: another letter (c, r and e are options of
    // the constructor only), a blank or a digit, (?+1) as Boost's recursion, are refused, and
    // inside a condition tested as an expression no options are read (decision 1194).
    for (const char* pattern : {"(?c)a", "(?r)a", "(?e)a", "(?i x)a", "(?+1)a", "(?-1)a",
                                "(?(?=a)(?I)a|b)", "(?(?=a)(?+)a|b)"}) {
      CAPTURE(pattern);
      CHECK(!only_error(std::string("$x = 'a' -match '") + pattern + "'\n").empty());
    }
  }

  TEST_CASE("under x a # comment and white space hold no group, and the rewrites still apply") {
    // RegexOptions, "Ignore White Space": # starts a comment to the line's end. The `(` in it
    // made mfsim count a group Boost did not, and it fell back to Boost's numbers without the
    // .NET rewrites: \< an anchor, $2 the named group.
    CHECK(names_of("$p = \"(?x) (?<n>a) # a ( in a comment`n (b) \\<\"\n"
                   "New-TransportRule -Name ('ab<' -replace $p, '[$1$2]') -SetSCL 5\n") ==
          std::vector<std::string>{"[ba]"});
    CHECK(names_of("New-TransportRule -Name ('ab' -replace '(?x: (a) )(b)', '[$2]') "
                   "-SetSCL 5\n") == std::vector<std::string>{"[b]"});
    // A balancing group, which Boost reads as a group of that name, is refused by name rather
    // than read with Boost's numbers (decision 1193); a branch reset too (decision 803).
    CHECK(only_error("$x = 'a' -match '(?<a-b>a)'\n").find("balancing") != std::string::npos);
  }

  TEST_CASE("an octal escape past ASCII inside a class is the character") {
    // Decision 692's octal rules in a class: [\351] is U+00E9, a member of its own.
    CHECK(names_of("if ('\xC3\xA9' -match '^[\\351]$') { New-TransportRule -Name e -SetSCL 5 }\n"
                   "New-TransportRule -Name ('x\xC3\xA9y' -creplace '[\\351y]', '-') -SetSCL 5\n"
                   "New-TransportRule -Name ('\xC3\xA9\xC3\xA9!' -replace '[\\351]+', '-') "
                   "-SetSCL 5\n") == std::vector<std::string>{"e", "x--", "-!"});
    // Read by character, it is a member negated or in a range too (decision 952), and an
    // escaped hyphen before it is no range. Without case the range holds ê, the lower case of
    // its Ê (decision 1056).
    CHECK(names_of(
              "if ('\xC3\xA9' -match '[^\\351]') { New-TransportRule -Name neg -SetSCL 5 }\n"
              "if ('\xC3\xA4' -match '^[^\\351]$') { New-TransportRule -Name other -SetSCL 5 }\n"
              "if ('\xC3\x88' -match '^[\\300-\\351]$') { New-TransportRule -Name in -SetSCL 5 }\n"
              "if ('\xC3\xAA' -match '^[\\300-\\351]$') { New-TransportRule -Name out -SetSCL 5 }\n"
              "New-TransportRule -Name ('a-\xC3\xA9"
              "b' -replace '[a\\-\\351]', '_') -SetSCL 5\n"
              "New-TransportRule -Name ('\xC3\xA9\xC3\xBFx' -creplace '[^\\u00e9]', '_') "
              "-SetSCL 5\n") ==
          std::vector<std::string>{"other", "in", "out", "___b", "\xC3\xA9__"});
  }

  TEST_CASE("^ and $ are at the text's ends unless the pattern asks for (?m)") {
    // RegexOptions, "Multiline Mode": without it ^ is the text's start and $ its end (or before
    // a final line feed); Boost read both at every line.
    CHECK(names_of("if (\"a`nb\" -match '^b') { New-TransportRule -Name wrong1 -SetSCL 5 }\n"
                   "if (\"a`nb\" -match 'a$') { New-TransportRule -Name wrong2 -SetSCL 5 }\n"
                   "if (\"a`nb\" -match '(?m)^b') { New-TransportRule -Name m -SetSCL 5 }\n"
                   "if (\"a`n\" -match 'a$') { New-TransportRule -Name final -SetSCL 5 }\n"
                   "New-TransportRule -Name ((\"x`ny\" -replace '^', '>') -replace '\\n', '|') "
                   "-SetSCL 5\n") == std::vector<std::string>{"m", "final", ">x|y"});
  }

  TEST_CASE("\\Q...\\E, a lone \\E and \\_ are refused, as .NET refuses them") {
    // "Character Escapes": a \ before a word character .NET does not list is an unrecognized
    // escape; Boost read \Q...\E as quoted text and \_ as "_".
    CHECK(only_error("$x = 'a.b' -replace '\\Q.\\E', ''\n")
              .starts_with("1:12 -replace: the pattern '\\Q.\\E' is not a regular expression"));
    CHECK(only_error("$x = 'a' -match 'a\\E'\n").find("\\E is no escape .NET knows") !=
          std::string::npos);
    CHECK(only_error("$x = 'a_b' -split '\\_'\n").find("\\_ is no escape .NET knows") !=
          std::string::npos);
    CHECK(only_error("$x = 'a_b' -split '[\\_]'\n").find("\\_ is no escape .NET knows") !=
          std::string::npos);
  }

  TEST_CASE(". ^ $ \\Z and x comments end lines at a line feed only, as .NET's do") {
    // .NET knows one line break, \n; Boost also \r and \f.
    CHECK(
        names_of("if (\"a`rb\" -match 'a.b') { New-TransportRule -Name dot -SetSCL 5 }\n"
                 "if (\"a`fb\" -match '(?s:a.b)') { New-TransportRule -Name dots -SetSCL 5 }\n"
                 "if (\"a`nb\" -match 'a.b') { New-TransportRule -Name wrong1 -SetSCL 5 }\n"
                 "if (\"a`n`n\" -match 'a\\Z') { New-TransportRule -Name wrong2 -SetSCL 5 }\n"
                 "if (\"a`r\" -match 'a\\Z') { New-TransportRule -Name wrong3 -SetSCL 5 }\n"
                 "if (\"a`n\" -match 'a\\Z') { New-TransportRule -Name endz -SetSCL 5 }\n"
                 "if (\"a`rb\" -match '(?m)a$') { New-TransportRule -Name wrong4 -SetSCL 5 }\n"
                 "New-TransportRule -Name ((\"a`r`nb\" -replace '(?m)$', '|') -replace '\\r', 'R' "
                 "-replace '\\n', 'N') "
                 "-SetSCL 5\n"
                 "New-TransportRule -Name ((\"a`rb`n\" -replace '(?m)^', '>') -replace '\\s', '_') "
                 "-SetSCL 5\n"
                 "New-TransportRule -Name (((\"a`nb\" -split '$', 0, 'Multiline') -join '|') "
                 "-replace '\\n', 'N') "
                 "-SetSCL 5\n"
                 "New-TransportRule -Name ('ab' -replace \"(?x)a#c`rb\", 'X') -SetSCL 5\n") ==
        std::vector<std::string>{"dot", "dots", "endz", "aR|Nb|", ">a_b_>", "a|Nb|", "Xb"});
  }

  TEST_CASE("constructs only Boost reads are refused, as .NET refuses or reads them apart") {
    for (const char* pattern :
         {"(*FAIL)|a", "(?|(a))", "(a)(?1)", "(?R)?a", "(?P<n>a)", "a++", "a*+", "a{1,}+",
          "\\x{41}", "[\\x4]", "[[:alpha:]]", "[[.a.]]", "[a-z-[aeiou]]"}) {
      CAPTURE(pattern);
      CHECK(only_error(std::string("$x = 'a' -match '") + pattern + "'\n")
                .find("read apart by .NET and by Boost") != std::string::npos);
    }
    // Escaped, in a comment or a class, the same characters are no construct.
    CHECK(names_of("New-TransportRule -Name ('a+[:' -replace '(?x)a\\++ # (*FAIL) a++\n[[]:', 'X') "
                   "-SetSCL 5\n") == std::vector<std::string>{"X"});
    // A } that closes no {n,m} is a character, which + repeats.
    CHECK(names_of("New-TransportRule -Name ('a1}}' -replace 'a1}+', 'X') -SetSCL 5\n") ==
          std::vector<std::string>{"X"});
  }

  TEST_CASE("a pattern past 1 MiB as Boost reads it is refused, not compiled for minutes") {
    // Each $ is written (?=\n?\z): 200 KiB of them are 2 MiB for Boost.
    CHECK(only_error("$x = 'a' -match ('$' * 200kb)\n").find("past the 1048576 mfsim reads") !=
          std::string::npos);
  }

  TEST_CASE("\\s and \\w read as .NET's, the text ASCII or not (decisions 964, 965)") {
    CHECK(names_of("New-TransportRule -Name ('1' + ('a\x1C"
                   "b' -match 'a\\sb')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('a\x1C"
                   "b\xC3\xA9' -match 'a\\sb')) -SetSCL 5\n"
                   "New-TransportRule -Name ('a\xE2\x80\xBF"
                   "b c' -replace '\\w+', 'W') -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('\xC4\xB0' -match 'i')) -SetSCL 5\n") ==
          std::vector<std::string>{"1False", "2False", "W W", "3False"});
  }

  TEST_CASE(
      "a pattern that backtracks over text past ASCII fails the script, not runs for seconds") {
    // ^(д+)+$ on 40 Cyrillic letters and a ! took 0.5 s to 1.4 s read by character: each search
    // now stops where Boost stops the same search by byte (decision 967).
    std::string letters;
    for (int k = 0; k < 40; ++k) letters += "\xD0\xB4";
    for (const char* op : {"-match", "-replace", "-split"}) {
      CAPTURE(op);
      const std::string script = "$x = 1\n$y = '" + letters + "!' " + op + " '^(\xD0\xB4+)+$'\n";
      const std::string error = only_error(script);
      CHECK(error.starts_with("2:"));
      CHECK(error.find("is too complex for this text") != std::string::npos);
    }
    // The ASCII text stops at the same bound, with the same error.
    CHECK(only_error("$y = '" + std::string(40, 'a') + "!' -match '^(a+)+$'\n")
              .find("is too complex for this text") != std::string::npos);
  }

  TEST_CASE("a long line with one letter past ASCII is searched as its ASCII twin is") {
    // A search by character reads more characters than Boost takes steps by byte: the café
    // failed the script where 'cafe' did not (decision 1019).
    CHECK(names_of("$t = 'Please review the attached document at the caf\xC3\xA9 for you. ' * 50\n"
                   "New-TransportRule -Name ('1' + ($t -match '[a-z].*invoice')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + (($t + 'invoice') -match '\\w.*invoice')) "
                   "-SetSCL 5\n") == std::vector<std::string>{"1False", "2True"});
  }

  TEST_CASE("case ignored: a letter matches itself, and (?-i) keeps a letter's case") {
    // The pattern was folded first: µ and ς matched no µ or ς, (?-i:É) no É (decision 1018).
    CHECK(names_of("New-TransportRule -Name ('1' + ('\xC2\xB5' -match '\xC2\xB5')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('\xCF\x82' -match '\xCF\x82')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('\xC3\x89' -match '(?-i:\xC3\x89)')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('\xC3\xA9' -match '(?-i)\xC3\x89')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('5' + ('\xCE\xA3' -match '\xCF\x82')) -SetSCL 5\n"
                   "New-TransportRule -Name ('6' + ('\xC3\x89' -match '\xC3\xA9')) -SetSCL 5\n") ==
          std::vector<std::string>{"1True", "2True", "3True", "4False", "5False", "6True"});
  }

  TEST_CASE("a range under ignored case holds what it spans and the lower case of each") {
    // .NET keeps [A-z] as written and adds lower cases (RegexCharClass.AddCaseEquivalences);
    // Boost lower-cased the ends: [A-z] was a-z, [Z-a] z-a, refused (decision 1056).
    CHECK(names_of("New-TransportRule -Name ('1' + ('_' -match '^[A-z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('[' -match '[Z-a]')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('\xC3\x97' -match '^[\xC3\x80-\xC3\x9E]$')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('\xC3\xB7' -match '^[\xC3\x80-\xC3\x9E]$')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('5' + ('a' -match '^[0-_]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('6' + ('a' -cmatch '^[0-_]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('7' + ('a' -match '^(?-i:[0-_])$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('8' + ('a' -cmatch '^(?i)[0-_]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('9' + ('_' -match '^[^A-z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('A' + ('\xC3\xA9' -match '^[\\u00C0-\\u00DE]$')) "
                   "-SetSCL 5\n") == std::vector<std::string>{"1True", "2True", "3True", "4False",
                                                              "5True", "6False", "7False", "8True",
                                                              "9False", "ATrue"});
  }

  TEST_CASE("\\b counts the zero-width joiner and non-joiner as word characters, \\w does not") {
    // RegexCharClass.IsBoundaryWordChar (decision 1057): no boundary between a and a ZWJ. \\B
    // holds at the text's end after a space, where Boost's failed (decision 1059).
    CHECK(names_of("New-TransportRule -Name ('1' + ('a\xE2\x80\x8D' -match 'a\\b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('a\xE2\x80\x8C' -match 'a\\B')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('\xE2\x80\x8D' -match '\\w')) -SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('a\xE2\x80\x8D' -match '\xE2\x80\x8D\\b')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('5' + ('a \xC3\xA9' -match 'a\\b')) -SetSCL 5\n"
                   "New-TransportRule -Name (('x \xC3\xA9t\xC3\xA9 y' -replace '\\b', '|')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('7' + ('a ' -match ' \\B')) -SetSCL 5\n"
                   "New-TransportRule -Name ('8' + ('a' -match '^\\B')) -SetSCL 5\n") ==
          std::vector<std::string>{"1False", "2True", "3False", "4True", "5True",
                                   "|x| |\xC3\xA9t\xC3\xA9| |y|", "7True", "8False"});
  }
}

TEST_SUITE("powershell regex classes, anchors and conditions") {
  TEST_CASE("an escaped hyphen in a class is a hyphen of its own, never a range's end") {
    // RegexParser.ScanCharClass adds \- alone and reads on (decision 1110): [\--Z] holds - and
    // Z, where Boost read the range -..Z; [\---Z] the range -..Z; [a-\-z] a..z and -.
    CHECK(names_of("New-TransportRule -Name ('1' + ('5' -cmatch '^[\\--Z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('Z' -cmatch '^[\\--Z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('5' -match '^[^\\--Z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('5' -cmatch '^[\\---Z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('5' + ('m' -cmatch '^[a-\\-z]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('6' + ('a' -cmatch '^[a-\\-]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('7' + ('-' -cmatch '^[a-\\-]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('8' + ('b' -cmatch '^[a\\-c]$')) -SetSCL 5\n") ==
          std::vector<std::string>{"1False", "2True", "3True", "4True", "5True", "6False", "7True",
                                   "8False"});
    CHECK(only_error("$x = 'a' -match '[a-\\-\\d]'\n").find("ends at a class") !=
          std::string::npos);
  }

  TEST_CASE("a hyphen after a class escape is a hyphen of its own") {
    // RegexParser.ScanCharClass reads on after \d, \w, \s (decision 1153): [\w-.] holds \w, -
    // and ., which Boost refused ("Invalid range end"); [\w--/] the range -../ besides \w.
    CHECK(names_of("New-TransportRule -Name ('1' + ('a.b-c' -cmatch '^[\\w-.]+$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('x@y' -cmatch '^[\\w-\\.]+@')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('-' -cmatch '^[\\d-\\-]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('.' -cmatch '^[\\s--/]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('5' + (',' -cmatch '^[\\w-.]$')) -SetSCL 5\n"
                   "New-TransportRule -Name ('6' + ('a' -cmatch '^[\\W-a]$')) -SetSCL 5\n") ==
          std::vector<std::string>{"1True", "2True", "3True", "4True", "5False", "6True"});
    CHECK(only_error("$x = 'a' -match '[\\w-[a]]'\n").find("subtraction") != std::string::npos);
  }

  TEST_CASE("an anchor or boundary may be quantified, as any .NET unit") {
    // RegexParser reads a quantifier after \b, ^, \A, \z and \G as after any unit; Boost
    // refused them (decision 1111). \b+ is \b, \b* and \b? hold anywhere.
    CHECK(names_of("New-TransportRule -Name ('1' + ('ab' -match 'a\\b*b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('2' + ('ab' -match 'a\\b+b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('3' + ('a b' -match 'a\\b{2}')) -SetSCL 5\n"
                   "New-TransportRule -Name ('4' + ('ab' -match 'a^*b\\z?')) -SetSCL 5\n"
                   "New-TransportRule -Name ('5' + ('ab' -match '\\A+b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('6' + ('ab' -match '(?x)a \\G * b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('7' + ('a\xC3\xA9\xE2\x80\x8D' -match "
                   "'\xC3\xA9\\b+')) -SetSCL 5\n"
                   "New-TransportRule -Name ('8' + ('ab' -match 'a\\b*?b')) -SetSCL 5\n"
                   "New-TransportRule -Name ('9' + ('ab' -match 'a\\b(?#c)*b')) -SetSCL 5\n") ==
          std::vector<std::string>{"1True", "2False", "3True", "4True", "5False", "6True", "7False",
                                   "8True", "9True"});
  }

  TEST_CASE("a condition that names no group is an expression tested as a look-ahead") {
    // "Alternation constructs": (?(expression)yes|no) (decision 1112); (?(name)...) tests the
    // group where one has the name, and a number naming no group is refused.
    CHECK(
        names_of("New-TransportRule -Name ('ab' -replace '(?(\\b)a|b)', 'X') -SetSCL 5\n"
                 "New-TransportRule -Name ('ab' -replace '(?(\\d)a|b)', 'X') -SetSCL 5\n"
                 "New-TransportRule -Name ('ab' -replace '(?(b)b|a)', 'Y') -SetSCL 5\n"
                 "New-TransportRule -Name ('1' + ('ab' -match '(?<x>a)?(?(x)b|c)')) -SetSCL 5\n"
                 "New-TransportRule -Name ('2' + ('cab' -match '^(?(x)b|c)(?<x>a)')) -SetSCL 5\n"
                 "New-TransportRule -Name ('3' + ('ab' -match '(?((a))\\1b|c)')) -SetSCL 5\n"
                 "New-TransportRule -Name ('4' + ('ab' -match '(?(<x>)b|c)')) -SetSCL 5\n"
                 "New-TransportRule -Name ('5' + ('a.b' -match '^(?(a.)a\\.b|c)$')) -SetSCL 5\n") ==
        std::vector<std::string>{"XX", "aX", "YY", "1True", "2True", "3True", "4False", "5True"});
    CHECK(only_error("$x = 'a' -match '(?(2)b|c)(a)'\n").find("names no group") !=
          std::string::npos);
  }
}
