// Reading the connecting IP, Microsoft's recorded verdict, dates and addresses from headers.
#include "engine/mail/message_view.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"
#include "engine/mail/rfc5322_date.h"

namespace mfsim::mail {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && ascii_iequals(s.substr(s.size() - suffix.size()), suffix);
}

// An address literal as found in headers: optional brackets, "IPv6:" tag, trailing dot.
std::optional<net::ip_address> parse_literal(std::string_view text) noexcept {
  text = ascii_trim_whitespace(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.size() > 5 && ascii_ifind(text.substr(0, 5), "ipv6:") == 0) text.remove_prefix(5);
  auto address = net::ip_address::parse(text);
  return address;
}

// The token that follows `marker` up to a space, ';', ')' or ','.
std::optional<net::ip_address> address_after(std::string_view value, std::string_view marker) {
  const std::size_t at = ascii_ifind(value, marker);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t start = at + marker.size();
  while (start < value.size() && is_space(value[start])) ++start;
  std::size_t end = start;
  while (end < value.size() && !is_space(value[end]) && value[end] != ';' && value[end] != ')' &&
         value[end] != ',') {
    ++end;
  }
  return parse_literal(value.substr(start, end - start));
}

template <typename Extract>
std::optional<net::ip_address> first_instance_address(std::span<const header_field> fields,
                                                      std::string_view name, std::string& buffer,
                                                      Extract&& extract) {
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, name)) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    if (auto address = extract(std::string_view(buffer))) return address;
  }
  return std::nullopt;
}

bool is_exchange_online_host(std::string_view host) noexcept {
  return iends_with(host, ".outlook.com") || iends_with(host, ".office365.com") ||
         iends_with(host, ".exchangelabs.com");
}

// The IP literal of a `from` clause: RFC 5321 4.4 writes it "From-domain" and "(" TCP-info ")",
// the name or literal the client gave in EHLO and then the address the receiving server saw
// in a comment; that address wins (decision 8). So the [..] and (..) groups after the host
// come first, in order, and the host's own literal only when none holds one.
// Linear in the clause: the next ']' is looked up once for all the '[' before it (a clause of
// 60,000 unclosed '[' took 4 s when each searched to the end), and a group longer than any
// literal with room for padding is not parsed.
std::optional<net::ip_address> literal_in_clause(std::string_view clause, std::string_view host) {
  constexpr std::size_t kLongestLiteral = 256;  // "IPv6:" and 45 characters, padded
  std::size_t next_square_close = 0;            // where the next ']' is, valid while > i
  const char* const text = clause.data();
  const char* const text_end = text + clause.size();
  // Each '[' or '(' after the host, found with the ')' that find_parenthesis_or also stops at.
  for (const char* at = find_parenthesis_or(text + host.size(), text_end, '['); at != text_end;
       at = find_parenthesis_or(at + 1, text_end, '[')) {
    const char open = *at;
    if (open == ')') continue;
    const std::size_t i = static_cast<std::size_t>(at - text);
    const char close = open == '[' ? ']' : ')';
    std::size_t end = 0;
    if (open == '[') {
      if (next_square_close <= i)
        next_square_close = std::min(clause.find(']', i + 1), clause.size());
      end = next_square_close;
    } else {
      // The next '(' or ')': the extra byte is '(' again, as no third byte is wanted.
      end = static_cast<std::size_t>(find_parenthesis_or(at + 1, text_end, '(') - text);
    }
    if (end < clause.size() && clause[end] != close) continue;  // nested '(' : look inside
    if (end - i - 1 > kLongestLiteral) continue;
    if (auto address = parse_literal(clause.substr(i + 1, end - i - 1))) return address;
  }
  return parse_literal(host);
}

std::optional<int> parse_small_int(std::string_view text, int lo, int hi) noexcept {
  text = ascii_trim_whitespace(text);
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    return std::nullopt;
  }
  return value;
}

eop_category category_from(std::string_view cat) noexcept {
  struct named {
    std::string_view name;
    eop_category category;
  };
  // DMARC is the category of a spoof that failed the sender's DMARC policy (decisions.md 13).
  static constexpr std::array<named, 9> categories = {
      {{"PHSH", eop_category::phish},
       {"SPM", eop_category::spam},
       {"HSPM", eop_category::high_confidence_spam},
       {"HPHSH", eop_category::high_confidence_phish},
       {"HPHISH", eop_category::high_confidence_phish},
       {"MALW", eop_category::malware},
       {"BULK", eop_category::bulk},
       {"SPOOF", eop_category::spoof},
       {"DMARC", eop_category::spoof}}};
  cat = ascii_trim_whitespace(cat);
  for (const auto& c : categories) {
    if (ascii_iequals(cat, c.name)) return c.category;
  }
  return eop_category::none;  // NONE and the rest: the SCL decides (decisions.md 13)
}

// True when `value` holds, at `i`, one of the keywords that start the clauses after `from`
// (RFC 5321 4.4: "by", "via", "with", "id", "for"), as a word: after a space or the end of a
// comment or literal, and before a space, a comment, a literal or the end.
bool received_keyword_at(std::string_view value, std::size_t i) noexcept {
  // Not the host itself, whatever its name, nor past the end.
  if (i == 0 || i >= value.size()) return false;
  switch (value[i] | 0x20) {  // the keywords' first letters, in either case
    case 'b':
    case 'v':
    case 'w':
    case 'i':
    case 'f': break;
    default: return false;
  }
  const char before = value[i - 1];
  if (!is_space(before) && before != ')' && before != ']') return false;
  for (const std::string_view keyword : {"by", "via", "with", "id", "for"}) {
    if (i + keyword.size() > value.size() ||
        !ascii_iequals(value.substr(i, keyword.size()), keyword)) {
      continue;
    }
    const std::size_t after = i + keyword.size();
    if (after == value.size() || is_space(value[after]) || value[after] == '(' ||
        value[after] == '[') {
      return true;
    }
  }
  return false;
}

// A set of bytes, for next_marked().
using byte_set = std::array<bool, 256>;

constexpr byte_set bytes_of(std::string_view bytes) {
  byte_set set{};
  for (const char c : bytes) set[static_cast<unsigned char>(c)] = true;
  return set;
}

// The first byte at or after `i` in `value` that `set` holds, or value.size(): the walk over a
// from clause looks only at parentheses and the few bytes a clause's end can follow, and one
// table test per byte skips the rest (decisions.md 368).
std::size_t next_marked(std::string_view value, std::size_t i, const byte_set& set) noexcept {
  while (i < value.size() && !set[static_cast<unsigned char>(value[i])]) ++i;
  return i;
}

}  // namespace

std::size_t received_from_clause_end(std::string_view value) noexcept {
  // A keyword follows a space, a ')' or a ']' (received_keyword_at): only those bytes, ';' and
  // the parentheses are looked at, and a keyword is tried at the byte after each.
  static constexpr byte_set kLookedAt = bytes_of("();] \t\r\n");
  int depth = 0;
  for (std::size_t i = next_marked(value, 0, kLookedAt); i < value.size();
       i = next_marked(value, i + 1, kLookedAt)) {
    const char c = value[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;  // the byte after it is outside every comment only once depth is 0
      if (depth == 0 && received_keyword_at(value, i + 1)) return i + 1;
    } else if (depth == 0) {
      if (c == ';') return i;
      if (received_keyword_at(value, i + 1)) return i + 1;
    }
  }
  return value.size();
}

std::size_t received_date_separator(std::string_view value) noexcept {
  int depth = 0;
  std::size_t last = std::string_view::npos;
  const char* const end = value.data() + value.size();
  for (const char* p = find_parenthesis_or(value.data(), end, ';'); p != end;
       p = find_parenthesis_or(p + 1, end, ';')) {
    if (*p == '(')
      ++depth;
    else if (*p == ')' && depth > 0)
      --depth;
    else if (*p == ';' && depth == 0)
      last = static_cast<std::size_t>(p - value.data());
  }
  return depth == 0 || last != std::string_view::npos ? last : value.rfind(';');
}

const char* to_string(ip_source source) noexcept {
  switch (source) {
    // The contract's list has no "manifest": a manifest's client_ip is the message's client IP
    // given from outside it, as --client-ip is (decision 348).
    case ip_source::manifest: return "client-ip";
    case ip_source::client_ip: return "client-ip";
    case ip_source::x_forefront_antispam_report: return "x-forefront-antispam-report";
    case ip_source::x_sender_ip: return "x-sender-ip";
    case ip_source::authentication_results: return "authentication-results";
    case ip_source::received_spf: return "received-spf";
    case ip_source::received: return "received";
    case ip_source::none: return "none";
  }
  return "none";
}

std::optional<std::string_view> semicolon_field(std::string_view list,
                                                std::string_view key) noexcept {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view item = ascii_trim_whitespace(list.substr(start, end - start));
    const std::size_t colon = item.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view k = ascii_trim_whitespace(item.substr(0, colon));
      if (ascii_iequals(k, key)) return ascii_trim_whitespace(item.substr(colon + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<net::ip_address> external_received_hop(std::string_view unfolded) {
  std::string_view value = ascii_trim_whitespace(unfolded);
  if (ascii_ifind(value.substr(0, 5), "from") != 0 || value.size() < 5 || !is_space(value[4])) {
    return std::nullopt;
  }
  value.remove_prefix(4);
  value = ascii_trim_whitespace(value);
  // The from clause runs to the next clause's keyword outside comments, or to the date's ';'.
  const std::size_t clause_end = received_from_clause_end(value);
  const std::string_view clause = value.substr(0, clause_end);
  std::size_t host_end = 0;
  while (host_end < clause.size() && !is_space(clause[host_end]) && clause[host_end] != '(') {
    ++host_end;
  }
  const std::string_view host = clause.substr(0, host_end);
  if (is_exchange_online_host(host)) return std::nullopt;
  auto address = literal_in_clause(clause, host);
  if (!address || address->is_private() || address->is_loopback_or_link_local()) {
    return std::nullopt;
  }
  return address;
}

sender_ip_result find_sender_ip(std::span<const header_field> fields, std::string& buffer) {
  if (auto a = first_instance_address(fields, "X-Forefront-Antispam-Report", buffer,
                                      [](std::string_view v) -> std::optional<net::ip_address> {
                                        const auto cip = semicolon_field(v, "CIP");
                                        return cip ? parse_literal(*cip) : std::nullopt;
                                      })) {
    return {a, ip_source::x_forefront_antispam_report};
  }
  if (auto a = first_instance_address(fields, "X-Sender-IP", buffer,
                                      [](std::string_view v) { return parse_literal(v); })) {
    return {a, ip_source::x_sender_ip};
  }
  if (auto a = first_instance_address(
          fields, "Authentication-Results", buffer,
          [](std::string_view v) { return address_after(v, "sender IP is"); })) {
    return {a, ip_source::authentication_results};
  }
  if (auto a = first_instance_address(fields, "Received-SPF", buffer, [](std::string_view v) {
        return address_after(v, "client-ip=");
      })) {
    return {a, ip_source::received_spf};
  }
  if (auto a = first_instance_address(fields, "Received", buffer, [](std::string_view v) {
        return external_received_hop(v);
      })) {
    return {a, ip_source::received};
  }
  return {std::nullopt, ip_source::none};
}

namespace {

// Where `needle` (lower-case ASCII) starts in `text`, ignoring ASCII case.
std::size_t find_ignoring_case(std::string_view text, std::string_view needle) noexcept {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (ascii_iequals(text.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

// "action=" of the first "dmarc=fail" result in the topmost Authentication-Results that has a
// dmarc result (Microsoft's own is the topmost): quarantine and reject are the sender's policy;
// oreject (Microsoft overrode p=reject) is p=reject too; pct.* and the rest applied none.
dmarc_policy recorded_dmarc_policy(std::span<const header_field> fields, std::string& buffer) {
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, "Authentication-Results")) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    const std::string_view value = buffer;
    for (std::size_t start = 0; start <= value.size();) {
      const std::size_t end = std::min(value.find(';', start), value.size());
      const std::string_view result = ascii_trim_whitespace(value.substr(start, end - start));
      start = end + 1;
      if (result.size() < 6 || !ascii_iequals(result.substr(0, 6), "dmarc=")) continue;
      if (result.size() < 10 || !ascii_iequals(result.substr(6, 4), "fail"))
        return dmarc_policy::none;
      const std::size_t at = find_ignoring_case(result, "action=");
      if (at == std::string_view::npos) return dmarc_policy::none;
      std::string_view action = result.substr(at + 7);
      action = action.substr(0, action.find_first_of(" \t"));
      if (ascii_iequals(action, "quarantine")) return dmarc_policy::quarantine;
      if (ascii_iequals(action, "reject") || ascii_iequals(action, "oreject") ||
          ascii_iequals(action, "o.reject")) {
        return dmarc_policy::reject;
      }
      return dmarc_policy::none;
    }
  }
  return dmarc_policy::none;
}

}  // namespace

eop_verdict read_eop_verdict(std::span<const header_field> fields, std::string& buffer) {
  eop_verdict verdict;
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, "X-Forefront-Antispam-Report")) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    const auto scl = semicolon_field(buffer, "SCL");
    const auto cat = semicolon_field(buffer, "CAT");
    if (!scl && !cat) continue;
    verdict.from_forefront_report = true;
    if (scl) verdict.scl = parse_small_int(*scl, -1, 9);
    if (cat) verdict.category = category_from(*cat);
    if (const auto sfv = semicolon_field(buffer, "SFV")) verdict.sfv = std::string(*sfv);
    if (const auto srv = semicolon_field(buffer, "SRV"))
      verdict.bulk_service = ascii_iequals(*srv, "BULK");
    break;
  }
  if (!verdict.from_forefront_report) {
    if (const auto scl = first_unfolded(fields, "X-MS-Exchange-Organization-SCL", buffer)) {
      verdict.scl = parse_small_int(*scl, -1, 9);
    }
  }
  if (const auto antispam = first_unfolded(fields, "X-Microsoft-Antispam", buffer)) {
    if (const auto bcl = semicolon_field(*antispam, "BCL"))
      verdict.bcl = parse_small_int(*bcl, 0, 9);
  }
  verdict.dmarc = recorded_dmarc_policy(fields, buffer);
  return verdict;
}

std::optional<std::int64_t> received_time(std::span<const header_field> fields,
                                          std::string& buffer) {
  if (const auto received = first_unfolded(fields, "Received", buffer)) {
    const std::size_t semicolon = received_date_separator(*received);
    if (semicolon != std::string_view::npos) {
      if (auto t = parse_rfc5322_date(received->substr(semicolon + 1))) return t;
    }
  }
  if (const auto date = first_unfolded(fields, "Date", buffer)) return parse_rfc5322_date(*date);
  return std::nullopt;
}

std::optional<std::string_view> first_unfolded(std::span<const header_field> fields,
                                               std::string_view name, std::string& buffer) {
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, name)) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    return std::string_view(buffer);
  }
  return std::nullopt;
}

std::size_t next_address(std::string_view value, std::size_t from, std::string_view& address) {
  while (from < value.size()) {
    // One list element runs to a ',' outside quotes, comments and angle brackets.
    std::size_t i = from;
    std::size_t angle_open = std::string_view::npos, angle_close = std::string_view::npos;
    std::size_t bare_start = std::string_view::npos, bare_end = std::string_view::npos;
    int comment_depth = 0;
    bool quoted = false;
    for (; i < value.size(); ++i) {
      const char c = value[i];
      if (quoted) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          quoted = false;
        continue;
      }
      if (comment_depth > 0) {
        if (c == '(') ++comment_depth;
        if (c == ')') --comment_depth;
        continue;
      }
      if (c == '"')
        quoted = true;
      else if (c == '(')
        comment_depth = 1;
      else if (c == '<' && angle_open == std::string_view::npos)
        angle_open = i;
      else if (c == '>' && angle_open != std::string_view::npos &&
               angle_close == std::string_view::npos)
        angle_close = i;
      else if (c == ',' || c == ';')
        break;
      else if (c == ':' && angle_open == std::string_view::npos)
        bare_start = std::string_view::npos;  // group name
      else if (!is_space(c) && angle_open == std::string_view::npos) {
        if (bare_start == std::string_view::npos) bare_start = i;
        bare_end = i + 1;
      }
    }
    const std::size_t next = i < value.size() ? i + 1 : value.size();
    std::string_view found;
    if (angle_open != std::string_view::npos) {
      const std::size_t end = angle_close == std::string_view::npos ? i : angle_close;
      found = ascii_trim_whitespace(value.substr(angle_open + 1, end - angle_open - 1));
    } else if (bare_start != std::string_view::npos) {
      found = ascii_trim_whitespace(value.substr(bare_start, bare_end - bare_start));
      // Unbracketed "name addr@x": the address is the last word; a name alone is no address.
      if (const std::size_t space = found.find_last_of(" \t"); space != std::string_view::npos) {
        found.remove_prefix(space + 1);
      }
      if (found.find('@') == std::string_view::npos) found = {};
    }
    if (!found.empty()) {
      address = found;
      return next;
    }
    from = next;
    if (i >= value.size()) break;
  }
  return std::string_view::npos;
}

bool address_in_domain(std::string_view address_lower, std::string_view domain_lower) noexcept {
  const std::size_t at = address_lower.rfind('@');
  if (at == std::string_view::npos || domain_lower.empty()) return false;
  const std::string_view domain = address_lower.substr(at + 1);
  if (domain == domain_lower) return true;
  return domain.size() > domain_lower.size() &&
         domain.substr(domain.size() - domain_lower.size()) == domain_lower &&
         domain[domain.size() - domain_lower.size() - 1] == '.';
}

const char* to_string(eop_category c) noexcept {
  switch (c) {
    case eop_category::none: return "NONE";
    case eop_category::bulk: return "BULK";
    case eop_category::spam: return "SPM";
    case eop_category::high_confidence_spam: return "HSPM";
    case eop_category::spoof: return "SPOOF";
    case eop_category::phish: return "PHSH";
    case eop_category::high_confidence_phish: return "HPHSH";
    case eop_category::malware: return "MALW";
  }
  return "NONE";
}

}  // namespace mfsim::mail
