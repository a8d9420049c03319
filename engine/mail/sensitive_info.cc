// scan_sensitive(): candidates by pattern, kept by checksum, weighed by the evidence within 300
// characters, as "Sensitive information types in Exchange Server" defines each type.
#include "engine/mail/sensitive_info.h"

#include <algorithm>
#include <array>
#include <vector>

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kProximity = 300;  // every entity's patternsProximity

constexpr sensitive_type_info kTypes[] = {
    {sensitive_type::credit_card, "Credit Card Number", 85},
    {sensitive_type::aba_routing, "ABA Routing Number", 75},
    {sensitive_type::iban, "International Banking Account Number (IBAN)", 85},
    {sensitive_type::us_ssn, "U.S. Social Security Number (SSN)", 75},
};

// The English entries of the keyword lists (Keyword_cc_verification and Keyword_cc_name,
// Keyword_ABA_Routing, Keyword_ssn), lower-cased.
constexpr std::string_view kCardKeywords[] = {"card verification",
                                              "card identification number",
                                              "cvn",
                                              "cid",
                                              "cvc2",
                                              "cvv2",
                                              "pin block",
                                              "security code",
                                              "security number",
                                              "security no",
                                              "issue number",
                                              "issue no",
                                              "amex",
                                              "american express",
                                              "americanexpress",
                                              "visa",
                                              "mastercard",
                                              "master card",
                                              "mc",
                                              "mastercards",
                                              "master cards",
                                              "diner's club",
                                              "diners club",
                                              "dinersclub",
                                              "discover card",
                                              "discovercard",
                                              "discover cards",
                                              "jcb",
                                              "japanese card bureau",
                                              "carte blanche",
                                              "carteblanche",
                                              "credit card",
                                              "cc#",
                                              "expiration date",
                                              "exp date",
                                              "expiry date",
                                              "bank card",
                                              "bankcard",
                                              "card number",
                                              "card num",
                                              "cardnumber",
                                              "cardnumbers",
                                              "card numbers",
                                              "creditcard",
                                              "credit cards",
                                              "creditcards",
                                              "ccn",
                                              "card holder",
                                              "cardholder",
                                              "card holders",
                                              "cardholders",
                                              "check card",
                                              "checkcard",
                                              "check cards",
                                              "checkcards",
                                              "debit card",
                                              "debitcard",
                                              "debit cards",
                                              "debitcards",
                                              "atm card",
                                              "atmcard",
                                              "atm cards",
                                              "atmcards",
                                              "enroute",
                                              "en route",
                                              "card type"};
constexpr std::string_view kAbaKeywords[] = {"aba",
                                             "aba #",
                                             "aba routing #",
                                             "aba routing number",
                                             "aba#",
                                             "abarouting#",
                                             "aba number",
                                             "abaroutingnumber",
                                             "american bank association routing #",
                                             "american bank association routing number",
                                             "americanbankassociationrouting#",
                                             "americanbankassociationroutingnumber",
                                             "bank routing number",
                                             "bankrouting#",
                                             "bankroutingnumber",
                                             "routing transit number",
                                             "rtn"};
constexpr std::string_view kSsnKeywords[] = {
    "social security", "social security#", "soc sec", "ssn", "ssns", "ssn#", "ss#", "ssid"};

// The 60 countries the IBAN type covers, lower-cased.
constexpr std::string_view kIbanCountries[] = {
    "ad", "ae", "al", "at", "az", "ba", "be", "bg", "bh", "ch", "cr", "cy", "cz", "de", "dk",
    "do", "ee", "es", "fi", "fo", "fr", "gb", "ge", "gi", "gl", "gr", "hr", "hu", "ie", "il",
    "is", "it", "kw", "kz", "lb", "li", "lt", "lu", "lv", "mc", "md", "me", "mk", "mr", "mt",
    "mu", "nl", "no", "pl", "pt", "ro", "rs", "sa", "se", "si", "sk", "sm", "tn", "tr", "vg"};

constexpr bool is_alnum(char c) noexcept { return ascii_is_digit(c) || ascii_is_alpha(c); }
constexpr bool is_separator(char c) noexcept { return c == ' ' || c == '-'; }
constexpr int digit(char c) noexcept { return c - '0'; }

// Where each keyword of a list starts in `text`, in order: a keyword starts a word and, when it
// ends in a letter or digit, ends one.
std::vector<std::size_t> keyword_positions(std::string_view text,
                                           std::span<const std::string_view> keywords) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_alnum(text[i]) || (i > 0 && is_alnum(text[i - 1]))) continue;
    const char first = ascii_lower(text[i]);
    for (const auto keyword : keywords) {
      if (keyword.front() != first || !ascii_iequals(text.substr(i, keyword.size()), keyword)) {
        continue;
      }
      const std::size_t end = i + keyword.size();
      if (end < text.size() && is_alnum(keyword.back()) && is_alnum(text[end])) continue;
      at.push_back(i);
      break;
    }
  }
  return at;
}

// Reads 1-2 digits at `i` as a number; 0 digits read gives -1.
int small_number(std::string_view text, std::size_t& i) {
  int value = -1;
  for (int n = 0; n < 2 && i < text.size() && ascii_is_digit(text[i]); ++n, ++i) {
    value = (value < 0 ? 0 : value * 10) + digit(text[i]);
  }
  return value;
}

// Numeric dates: M/YY and M/YYYY (a card's expiry, Func_expiration_date) and M/D/YY and
// M/D/YYYY (Func_us_date), with '/' or '-'.
void date_positions(std::string_view text, std::vector<std::size_t>& expiry,
                    std::vector<std::size_t>& us_date) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!ascii_is_digit(text[i]) || (i > 0 && is_alnum(text[i - 1]))) continue;
    std::size_t j = i;
    const int month = small_number(text, j);
    if (month < 1 || month > 12 || j >= text.size() || (text[j] != '/' && text[j] != '-')) {
      i = j;
      continue;
    }
    const char sep = text[j++];
    std::size_t k = j;
    while (k < text.size() && k - j < 5 && ascii_is_digit(text[k])) ++k;
    const std::size_t width = k - j;
    const bool ends = k >= text.size() || !is_alnum(text[k]);
    if ((width == 2 || width == 4) && ends && (k >= text.size() || text[k] != sep)) {
      expiry.push_back(i);
    } else if ((width == 1 || width == 2) && k < text.size() && text[k] == sep) {
      const int day = width == 1 ? digit(text[j]) : digit(text[j]) * 10 + digit(text[j + 1]);
      std::size_t y = k + 1;
      while (y < text.size() && y - k - 1 < 5 && ascii_is_digit(text[y])) ++y;
      const std::size_t year_width = y - k - 1;
      if (day >= 1 && day <= 31 && (year_width == 2 || year_width == 4) &&
          (y >= text.size() || !is_alnum(text[y]))) {
        us_date.push_back(i);
      }
    }
    i = j;
  }
}

// The evidence one text holds, found on first need.
class evidence {
 public:
  evidence(sensitive_type type, std::string_view text) : type_(type), text_(text) {}

  bool keyword_near(std::size_t start, std::size_t end) {
    find();
    return near(keywords_, start, end);
  }
  bool date_near(std::size_t start, std::size_t end) {
    find();
    return near(type_ == sensitive_type::credit_card ? expiry_ : us_date_, start, end);
  }

 private:
  void find() {
    if (found_) return;
    found_ = true;
    switch (type_) {
      case sensitive_type::credit_card: keywords_ = keyword_positions(text_, kCardKeywords); break;
      case sensitive_type::aba_routing: keywords_ = keyword_positions(text_, kAbaKeywords); break;
      case sensitive_type::us_ssn: keywords_ = keyword_positions(text_, kSsnKeywords); break;
      case sensitive_type::iban: break;
    }
    date_positions(text_, expiry_, us_date_);
  }
  static bool near(const std::vector<std::size_t>& at, std::size_t start, std::size_t end) {
    const std::size_t from = start > kProximity ? start - kProximity : 0;
    const auto it = std::lower_bound(at.begin(), at.end(), from);
    return it != at.end() && *it <= end + kProximity;
  }

  sensitive_type type_;
  std::string_view text_;
  bool found_ = false;
  std::vector<std::size_t> keywords_, expiry_, us_date_;
};

// A run of digit groups joined by single spaces or hyphens, bounded by what is not a letter or
// digit: "4111 1111 1111 1111", "078-05-1120", "021000021".
struct digit_token {
  std::size_t start = 0, end = 0;
  std::array<char, 20> digits{};
  std::size_t count = 0;                 // digits, at most 19 kept
  std::array<std::uint8_t, 8> groups{};  // group lengths, at most 8 kept
  std::size_t group_count = 0;
  bool spaces = false, hyphens = false;
  bool usable = true;  // within the sizes above, and not glued to a letter

  [[nodiscard]] std::string_view number() const { return {digits.data(), count}; }
  [[nodiscard]] bool unformatted() const { return group_count == 1; }
  // Groups of exactly these lengths, one kind of separator throughout.
  [[nodiscard]] bool grouped_as(std::initializer_list<int> lengths, bool allow_space,
                                bool allow_hyphen) const {
    if (group_count != lengths.size() || (spaces && hyphens)) return false;
    if ((spaces && !allow_space) || (hyphens && !allow_hyphen)) return false;
    std::size_t k = 0;
    for (const int n : lengths) {
      if (groups[k++] != n) return false;
    }
    return true;
  }
};

// Reads the token that starts at `i` (a digit not preceded by a letter or digit).
digit_token read_token(std::string_view text, std::size_t i) {
  digit_token t;
  t.start = i;
  std::size_t group = 0;
  while (i < text.size()) {
    if (ascii_is_digit(text[i])) {
      if (t.count < 19) t.digits[t.count] = text[i];
      ++t.count;
      ++group;
      ++i;
      continue;
    }
    if (is_separator(text[i]) && i + 1 < text.size() && ascii_is_digit(text[i + 1])) {
      (text[i] == ' ' ? t.spaces : t.hyphens) = true;
      if (t.group_count < t.groups.size())
        t.groups[t.group_count] = static_cast<std::uint8_t>(group);
      ++t.group_count;
      group = 0;
      ++i;
      continue;
    }
    break;
  }
  if (t.group_count < t.groups.size()) t.groups[t.group_count] = static_cast<std::uint8_t>(group);
  ++t.group_count;
  t.end = i;
  t.usable = t.count <= 19 && t.group_count <= t.groups.size() &&
             (i >= text.size() || !ascii_is_alpha(text[i]));
  if (t.count > 19) t.count = 19;
  return t;
}

// The number's first `n` digits as a number.
int prefix(const digit_token& t, std::size_t n) {
  int value = 0;
  for (std::size_t k = 0; k < n; ++k) value = value * 10 + digit(t.digits[k]);
  return value;
}

// Whether the number starts as a major brand's numbers of its length do (their IIN ranges):
// Visa 4, Mastercard 51-55 and 2221-2720, Discover 6011, 644-649 and 65, JCB 3528-3589 (16
// digits); American Express 34 and 37 (15); Diners Club 300-305, 36 and 38 (14).
bool is_major_brand(const digit_token& t) {
  const int two = prefix(t, 2), three = prefix(t, 3), four = prefix(t, 4);
  switch (t.count) {
    case 16:
      return t.digits[0] == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) ||
             four == 6011 || (three >= 644 && three <= 649) || two == 65 ||
             (four >= 3528 && four <= 3589);
    case 15: return two == 34 || two == 37;
    case 14: return (three >= 300 && three <= 305) || two == 36 || two == 38;
    default: return false;
  }
}

// Func_credit_card: 14-16 digits of a major brand, unformatted or in groups of four (the last
// two to four), or 4-6-5 / 4-6-4 (American Express, Diners Club).
bool is_card_number(const digit_token& t) {
  if (t.count < 14 || t.count > 16 || !is_major_brand(t)) return false;
  const bool shape = t.unformatted() || t.grouped_as({4, 4, 4, 4}, true, true) ||
                     t.grouped_as({4, 4, 4, 3}, true, true) ||
                     t.grouped_as({4, 4, 4, 2}, true, true) ||
                     t.grouped_as({4, 6, 5}, true, true) || t.grouped_as({4, 6, 4}, true, true);
  return shape && luhn_valid(t.number());
}

// Func_aba_routing: nine digits beginning 0-3 or 6-8, unformatted or dddd-dddd-d, whose check
// digit holds.
bool is_routing_number(const digit_token& t) {
  if (t.count != 9) return false;
  const char first = t.digits[0];
  if (!((first >= '0' && first <= '3') || (first >= '6' && first <= '8'))) return false;
  return (t.unformatted() || t.grouped_as({4, 4, 1}, false, true)) && aba_valid(t.number());
}

// The SSN's parts: area (3 digits), group (2), serial (4).
struct ssn_parts {
  int area, group, serial;
};
ssn_parts parts_of(std::string_view d) {
  const auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t k = from; k < from + n; ++k) v = v * 10 + digit(d[k]);
    return v;
  };
  return {num(0, 3), num(3, 2), num(5, 4)};
}
// Before randomisation (June 2011) areas ran up to 772; since, up to 899. Never 000, 666, a 00
// group or a 0000 serial.
bool valid_ssn(const ssn_parts& p, int highest_area) {
  return p.area >= 1 && p.area <= highest_area && p.area != 666 && p.group >= 1 && p.serial >= 1;
}

int card_confidence(const digit_token& t, evidence& e) {
  if (!is_card_number(t)) return 0;
  return e.keyword_near(t.start, t.end) || e.date_near(t.start, t.end) ? 85 : 65;
}

int routing_confidence(const digit_token& t, evidence& e) {
  return is_routing_number(t) && e.keyword_near(t.start, t.end) ? 75 : 0;
}

// The four SSN patterns: Func_ssn (85), Func_unformatted_ssn (75), and their randomised forms
// (65, 55) when the strong form does not hold. Addresses are not read (Func_us_address).
int ssn_confidence(const digit_token& t, evidence& e) {
  if (t.count != 9) return 0;
  const bool formatted = t.grouped_as({3, 2, 4}, true, true);
  if (!formatted && !t.unformatted()) return 0;
  const ssn_parts p = parts_of(t.number());
  const bool strong = valid_ssn(p, 772);
  const bool randomized = !strong && valid_ssn(p, 899);
  if (!strong && !randomized) return 0;
  const bool keyword = e.keyword_near(t.start, t.end);
  const bool date = e.date_near(t.start, t.end);
  if (formatted) return (keyword || date) ? (strong ? 85 : 65) : 0;
  return keyword && date ? (strong ? 75 : 55) : 0;
}

// Func_iban at `i` (two letters not preceded by a letter or digit): a covered country, two
// check digits, an optional space, then up to 30 letters or digits, spaces allowed after
// each group of four; the whole passes mod-97. Returns the end, or `i` when none is there.
std::size_t read_iban(std::string_view text, std::size_t i) {
  if (i + 4 > text.size() || !ascii_is_digit(text[i + 2]) || !ascii_is_digit(text[i + 3])) return i;
  const char country[] = {ascii_lower(text[i]), ascii_lower(text[i + 1])};
  const std::string_view code(country, 2);
  if (std::find(std::begin(kIbanCountries), std::end(kIbanCountries), code) ==
      std::end(kIbanCountries)) {
    return i;
  }
  std::array<char, 34> compact{};
  std::size_t n = 0;
  for (std::size_t k = i; k < i + 4; ++k) compact[n++] = text[k];
  std::size_t j = i + 4;
  if (j + 1 < text.size() && text[j] == ' ' && is_alnum(text[j + 1])) ++j;
  std::size_t bban = 0;
  while (j < text.size() && bban < 30) {
    if (is_alnum(text[j])) {
      compact[n++] = text[j++];
      ++bban;
    } else if (text[j] == ' ' && bban % 4 == 0 && j + 1 < text.size() && is_alnum(text[j + 1])) {
      ++j;
    } else {
      break;
    }
  }
  if (bban < 5 || (j < text.size() && is_alnum(text[j]))) return i;
  return iban_valid(std::string_view(compact.data(), n)) ? j : i;
}

void count(sensitive_scan_result& r, std::size_t start, std::size_t end, int confidence,
           int min_confidence, int max_confidence) {
  if (confidence == 0 || confidence < min_confidence || confidence > max_confidence) return;
  if (r.count == 0) {
    r.first_offset = start;
    r.first_length = end - start;
  }
  ++r.count;
  r.highest_confidence = std::max(r.highest_confidence, confidence);
}

}  // namespace

std::span<const sensitive_type_info> sensitive_types() noexcept { return kTypes; }

const sensitive_type_info* find_sensitive_type(std::string_view name) noexcept {
  for (const auto& info : kTypes) {
    if (ascii_iequals(info.name, name)) return &info;
  }
  return nullptr;
}

const sensitive_type_info& info_of(sensitive_type type) noexcept {
  return kTypes[static_cast<std::size_t>(type)];
}

bool luhn_valid(std::string_view digits) noexcept {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!ascii_is_digit(*it)) return false;
    int d = digit(*it);
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool aba_valid(std::string_view d) noexcept {
  if (d.size() != 9 || !std::all_of(d.begin(), d.end(), ascii_is_digit)) return false;
  const int sum = 3 * (digit(d[0]) + digit(d[3]) + digit(d[6])) +
                  7 * (digit(d[1]) + digit(d[4]) + digit(d[7])) +
                  (digit(d[2]) + digit(d[5]) + digit(d[8]));
  return sum % 10 == 0;
}

bool iban_valid(std::string_view iban) noexcept {
  if (iban.size() < 5 || iban.size() > 34) return false;
  // The first four characters move to the end; letters count as 10-35.
  int remainder = 0;
  for (std::size_t k = 0; k < iban.size(); ++k) {
    const char c = ascii_lower(iban[(k + 4) % iban.size()]);
    if (ascii_is_digit(c)) {
      remainder = (remainder * 10 + digit(c)) % 97;
    } else if (c >= 'a' && c <= 'z') {
      remainder = (remainder * 100 + (c - 'a' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

sensitive_scan_result scan_sensitive(sensitive_type type, std::string_view text, int min_confidence,
                                     int max_confidence, const sensitive_scan_limits& limits) {
  sensitive_scan_result r;
  if (text.size() > limits.max_bytes) {
    text = text.substr(0, limits.max_bytes);
    r.truncated = true;
  }
  evidence e(type, text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (r.count >= limits.max_instances) {
      r.truncated = true;
      break;
    }
    const bool starts_word = i == 0 || !is_alnum(text[i - 1]);
    if (type == sensitive_type::iban) {
      if (!starts_word || !ascii_is_alpha(text[i]) || i + 1 >= text.size() ||
          !ascii_is_alpha(text[i + 1])) {
        continue;
      }
      const std::size_t end = read_iban(text, i);
      if (end > i) {
        count(r, i, end, 85, min_confidence, max_confidence);
        i = end - 1;
      }
      continue;
    }
    if (!ascii_is_digit(text[i])) continue;
    if (!starts_word) {  // digits glued to a letter: skip the rest of them
      while (i + 1 < text.size() && is_alnum(text[i + 1])) ++i;
      continue;
    }
    const digit_token t = read_token(text, i);
    i = t.end - 1;
    if (!t.usable) continue;
    const int confidence = type == sensitive_type::credit_card   ? card_confidence(t, e)
                           : type == sensitive_type::aba_routing ? routing_confidence(t, e)
                                                                 : ssn_confidence(t, e);
    count(r, t.start, t.end, confidence, min_confidence, max_confidence);
  }
  return r;
}

}  // namespace mfsim::mail
