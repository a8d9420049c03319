// Tests of RFC 2047 decoding, including a differential check against mimetic's codecs.
#include "engine/mail/rfc2047.h"

#include <doctest/doctest.h>
#include <mimetic/mimetic.h>

#include <cstring>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>

namespace mail = mfsim::mail;
using mail::rfc2047_result;

namespace {

struct decoded_text {
  std::string text;
  rfc2047_result result;
};

decoded_text decode(std::string_view value) {
  decoded_text d;
  d.result = mail::decode_rfc2047(value, d.text);
  return d;
}

std::string mimetic_base64(const std::string& encoded) {
  mimetic::Base64::Decoder decoder;
  std::string out;
  mimetic::decode(encoded.begin(), encoded.end(), decoder, std::back_inserter(out));
  return out;
}

std::string mimetic_qp(const std::string& encoded) {
  mimetic::QP::Decoder decoder;
  std::string out;
  mimetic::decode(encoded.begin(), encoded.end(), decoder, std::back_inserter(out));
  return out;
}

std::string mimetic_base64_encode(const std::string& bytes) {
  mimetic::Base64::Encoder encoder(0);  // 0: no line breaks
  std::string out;
  mimetic::encode(bytes.begin(), bytes.end(), encoder, std::back_inserter(out));
  return out;
}

// Decodes one UTF-8 encoded word: UTF-8 passes bytes through, so this shows the raw codec.
std::string via_encoded_word(char encoding, const std::string& text) {
  const std::string word = std::string("=?utf-8?") + encoding + "?" + text + "?=";
  const decoded_text d = decode(word);
  CHECK(d.result == rfc2047_result::decoded);
  return d.text;
}

}  // namespace

TEST_SUITE("rfc2047") {
  TEST_CASE("text without encoded words is appended unchanged") {
    for (const std::string_view value :
         {"", "plain subject", "a =? b", "=?utf-8?X?abc?=", "=??Q?abc?=", "=?utf 8?Q?a?="}) {
      CAPTURE(value);
      const decoded_text d = decode(value);
      CHECK(d.result == rfc2047_result::plain);
      CHECK(d.text == value);
    }
  }

  TEST_CASE("the output is appended to what the string holds") {
    std::string out = "Subject: ";
    CHECK(mail::decode_rfc2047("=?utf-8?Q?hi?=", out) == rfc2047_result::decoded);
    CHECK(out == "Subject: hi");
  }

  TEST_CASE("a B word in UTF-8 decodes") {
    const decoded_text d = decode("=?UTF-8?B?w6lkaXRpb24=?=");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text ==
          "\xC3\xA9"
          "dition");
  }

  TEST_CASE("a Q word uses underscores for spaces and =XX for bytes") {
    const decoded_text d = decode("=?utf-8?Q?caf=C3=A9_au_lait=3F?=");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text == "caf\xC3\xA9 au lait?");
  }

  TEST_CASE("encoding letters and charset names are case-insensitive") {
    CHECK(decode("=?Utf-8?b?QUJD?=").text == "ABC");
    CHECK(decode("=?uTF8?q?a=3db?=").text == "a=b");
    CHECK(decode("=?ISO-8859-1?q?=E9?=").text == "\xC3\xA9");
  }

  TEST_CASE("an RFC 2231 language suffix on the charset is ignored") {
    const decoded_text d = decode("=?iso-8859-1*fr?Q?=E9t=E9?=");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text == "\xC3\xA9t\xC3\xA9");
  }

  TEST_CASE("Latin-1 and its aliases are converted to UTF-8") {
    for (const std::string_view charset :
         {"iso-8859-1", "ISO8859-1", "latin1", "L1", "iso_8859-1"}) {
      CAPTURE(charset);
      const decoded_text d = decode("=?" + std::string(charset) + "?Q?=A3=80=FF?=");
      CHECK(d.result == rfc2047_result::decoded);
      CHECK(d.text == "\xC2\xA3\xC2\x80\xC3\xBF");
    }
  }

  TEST_CASE("Windows-1252 maps 0x80 to 0x9F through its table") {
    // Euro, left and right double quotes, trademark, an unassigned 0x81, then Latin-1 e-acute.
    const decoded_text d = decode("=?windows-1252?Q?=80=93=94=99=81=E9?=");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text == "\xE2\x82\xAC\xE2\x80\x9C\xE2\x80\x9D\xE2\x84\xA2\xC2\x81\xC3\xA9");
    CHECK(decode("=?CP1252?B?gA==?=").text == "\xE2\x82\xAC");
  }

  TEST_CASE("US-ASCII passes ASCII through and reads stray high bytes as Latin-1") {
    CHECK(decode("=?us-ascii?Q?plain_text?=").text == "plain text");
    CHECK(decode("=?ascii?Q?x=E9?=").text == "x\xC3\xA9");
  }

  TEST_CASE("B words tolerate missing padding") {
    CHECK(decode("=?utf-8?B?QQ?=").text == "A");
    CHECK(decode("=?utf-8?B?QUI?=").text == "AB");
    CHECK(decode("=?utf-8?B?QUJD?=").text == "ABC");
    CHECK(decode("=?utf-8?B?QUJDRA?=").text == "ABCD");
    CHECK(decode("=?utf-8?B?QUJDRA==?=").text == "ABCD");
  }

  TEST_CASE("an empty encoded text decodes to nothing") {
    const decoded_text d = decode(
        "a =?utf-8?Q?"
        "?= b");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text == "a  b");
  }

  TEST_CASE("whitespace between adjacent encoded words is dropped") {
    CHECK(decode("=?utf-8?Q?a?= =?utf-8?Q?b?=").text == "ab");
    CHECK(decode("=?utf-8?Q?a?=\r\n\t =?utf-8?B?Yg==?=").text == "ab");
    CHECK(decode("=?utf-8?Q?a?==?utf-8?Q?b?=").text == "ab");
    CHECK(decode("=?utf-8?Q?a_?= =?utf-8?Q?b?=").text == "a b");
  }

  TEST_CASE("text between encoded words is kept, spaces included") {
    CHECK(decode("Re: =?utf-8?Q?a?= and =?utf-8?Q?b?= !").text == "Re: a and b !");
    CHECK(decode("=?utf-8?Q?a?= (x) =?utf-8?Q?b?=").text == "a (x) b");
  }

  TEST_CASE("a B word with characters outside the alphabet is kept literally") {
    const decoded_text d = decode("x =?utf-8?B?QU*J?= =?utf-8?Q?y?=");
    CHECK(d.result == rfc2047_result::partly_bad);
    CHECK(d.text == "x =?utf-8?B?QU*J?= y");
  }

  TEST_CASE("a word without its closing ?= is kept literally") {
    for (const std::string_view value :
         {"=?utf-8?Q?abc", "=?utf-8?Q?abc?", "=?utf-8?Q?", "=?utf-8?B?QUJD?x"}) {
      CAPTURE(value);
      const decoded_text d = decode(value);
      CHECK(d.result == rfc2047_result::partly_bad);
      CHECK(d.text == value);
    }
    const decoded_text d = decode("=?utf-8?Q?abc =?utf-8?Q?def?=");
    CHECK(d.result == rfc2047_result::partly_bad);
    CHECK(d.text == "=?utf-8?Q?abc def");
  }

  TEST_CASE("a bad =XX escape in a Q word stays literal") {
    const decoded_text d = decode("=?utf-8?Q?100=_=4?=");
    CHECK(d.result == rfc2047_result::decoded);
    CHECK(d.text == "100= =4");
  }

  TEST_CASE("other charsets are converted through iconv: KOI8-R, Shift_JIS, ISO-2022-JP") {
    const decoded_text koi8 = decode("=?koi8-r?B?8NLJ18XU?= ok");
    CHECK(koi8.result == rfc2047_result::decoded);
    CHECK(koi8.text == "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 ok");  // "Привет ok"
    const decoded_text sjis = decode("=?Shift_JIS?B?lsCYZg==?=");               // 迷惑
    CHECK(sjis.result == rfc2047_result::decoded);
    CHECK(sjis.text == "\xE8\xBF\xB7\xE6\x83\x91");
    const decoded_text jis = decode("=?ISO-2022-JP?B?GyRCTEJPRxsoQg==?=");  // 迷惑, escapes
    CHECK(jis.result == rfc2047_result::decoded);
    CHECK(jis.text == "\xE8\xBF\xB7\xE6\x83\x91");
  }

  TEST_CASE("a charset iconv does not know keeps the decoded bytes and is reported") {
    const decoded_text d = decode("=?x-no-such-charset?B?8NLJ18XU?= ok");
    CHECK(d.result == rfc2047_result::partly_bad);
    CHECK(d.text == "\xF0\xD2\xC9\xD7\xC5\xD4 ok");
    // A name no charset has (iconv's "//" suffixes included) is never handed to iconv.
    const decoded_text odd = decode("=?utf-8//TRANSLIT?B?8NLJ18XU?=");
    CHECK(odd.result == rfc2047_result::partly_bad);
  }

  TEST_CASE("random values decode without reading past their end") {
    // Fragments of encoded words, glued at random, hit every parser state.
    const std::string_view pieces[] = {"=?",        "?=",  "?",   "=",     "utf-8", "koi8-r",
                                       "latin1*en", "?B?", "?q?", "QUJD",  "Q",     "_",
                                       "=E9",       "=4",  " ",   "\r\n ", "*",     "\xC3"};
    std::mt19937 rng(99);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
    std::uniform_int_distribution<int> count(0, 24);
    for (int round = 0; round < 5000; ++round) {
      std::string value;
      for (int n = count(rng); n > 0; --n) value += pieces[pick(rng)];
      auto copy = std::make_unique<char[]>(value.size());
      if (!value.empty()) std::memcpy(copy.get(), value.data(), value.size());
      std::string out = "#";
      const rfc2047_result result =
          mail::decode_rfc2047(std::string_view(copy.get(), value.size()), out);
      CAPTURE(value);
      if (result == rfc2047_result::plain) CHECK(out == "#" + value);
      if (value.find("=?") == std::string::npos) CHECK(result == rfc2047_result::plain);
    }
  }

  TEST_CASE("base64 decoding agrees with mimetic on random bytes") {
    std::mt19937 rng(2047);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 80);
    for (int round = 0; round < 400; ++round) {
      std::string bytes(length(rng), '\0');
      for (char& c : bytes) c = static_cast<char>(byte(rng));
      std::string encoded = mimetic_base64_encode(bytes);
      if (round % 2 == 1) {
        while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
      }
      CAPTURE(encoded);
      const std::string reference = mimetic_base64(encoded);
      CHECK(reference == bytes);
      CHECK(via_encoded_word('B', encoded) == reference);
    }
  }

  TEST_CASE("base64 decoding agrees with mimetic on truncated encodings") {
    std::mt19937 rng(4172);
    std::uniform_int_distribution<int> sextet(0, 63);
    std::uniform_int_distribution<std::size_t> length(0, 40);
    const std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int round = 0; round < 300; ++round) {
      std::string encoded(length(rng), 'A');
      for (char& c : encoded) c = alphabet[static_cast<std::size_t>(sextet(rng))];
      CAPTURE(encoded);
      CHECK(via_encoded_word('B', encoded) == mimetic_base64(encoded));
    }
  }

  TEST_CASE("Q decoding agrees with mimetic's quoted-printable on inputs without underscores") {
    // Header Q text has no spaces, '?' or '_'; a bad escape is followed by a non-'=' byte,
    // where both decoders keep it literally.
    std::string safe;
    for (int c = 33; c <= 126; ++c) {
      if (c != '?' && c != '_' && c != '=') safe.push_back(static_cast<char>(c));
    }
    const std::string_view hex = "0123456789ABCDEFabcdef";
    std::mt19937 rng(1521);
    std::uniform_int_distribution<int> kind(0, 9);
    std::uniform_int_distribution<std::size_t> safe_pick(0, safe.size() - 1);
    std::uniform_int_distribution<std::size_t> hex_pick(0, hex.size() - 1);
    std::uniform_int_distribution<std::size_t> length(0, 60);
    for (int round = 0; round < 400; ++round) {
      std::string encoded;
      for (std::size_t n = length(rng); n > 0; --n) {
        const int k = kind(rng);
        if (k < 5) {
          encoded.push_back(safe[safe_pick(rng)]);
        } else if (k < 9) {
          encoded += {'=', hex[hex_pick(rng)], hex[hex_pick(rng)]};
        } else {
          encoded += {'=', 'G', safe[safe_pick(rng)]};  // 'G' is not hex
        }
      }
      CAPTURE(encoded);
      CHECK(via_encoded_word('Q', encoded) == mimetic_qp(encoded));
    }
  }
}
