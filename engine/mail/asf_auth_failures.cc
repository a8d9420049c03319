// The SPF results the ASF settings MarkAsSpamSpfRecordHardFail and MarkAsSpamFromAddressAuthFail
// read: Exchange's own Authentication-Results (the topmost with an spf result), else
// Received-SPF. mfsim does no DNS look-up: what Exchange recorded is the result.
#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/asf_signals.h"
#include "engine/mail/message_view.h"

namespace mfsim::mail {
namespace {

// The value of "key=" in a result clause ("smtp.mailfrom=contoso.com"), up to a blank or ';'.
std::string_view property(std::string_view clause, std::string_view key) {
  for (std::size_t at = ascii_ifind(clause, key); at != std::string_view::npos;
       at = ascii_ifind(clause, key, at + 1)) {
    const bool word_start = at == 0 || clause[at - 1] == ' ' || clause[at - 1] == '\t';
    if (!word_start) continue;
    std::string_view value = clause.substr(at + key.size());
    return value.substr(0, value.find_first_of(" \t;()"));
  }
  return {};
}

// The domain of an address or a bare domain, without a trailing '>'.
std::string_view domain_of(std::string_view v) {
  if (const auto at = v.rfind('@'); at != std::string_view::npos) v.remove_prefix(at + 1);
  while (!v.empty() && (v.back() == '>' || v.back() == '.')) v.remove_suffix(1);
  return v;
}

struct spf_result {
  bool found = false;
  bool hard_fail = false;
  std::string_view checked_domain;  // smtp.mailfrom's domain (or smtp.helo's)
  std::string_view header_from;     // header.from of any clause
};

spf_result from_authentication_results(std::string_view value) {
  spf_result r;
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t end = std::min(value.find(';', start), value.size());
    const std::string_view clause = ascii_trim_whitespace(value.substr(start, end - start));
    start = end + 1;
    if (const auto from = property(clause, "header.from="); !from.empty()) r.header_from = from;
    if (clause.size() < 4 || !ascii_iequals(clause.substr(0, 4), "spf=")) continue;
    r.found = true;
    const std::string_view result = clause.substr(4, clause.find_first_of(" \t(", 4) - 4);
    r.hard_fail = ascii_iequals(result, "fail");
    r.checked_domain = domain_of(property(clause, "smtp.mailfrom="));
    if (r.checked_domain.empty()) r.checked_domain = domain_of(property(clause, "smtp.helo="));
  }
  return r;
}

// The domain of the From header's first address, read from the raw value (folded lines are
// white space to the address walk), so that nothing is copied.
std::string_view from_header_domain(std::span<const header_field> fields) {
  std::string_view domain;
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, "From")) continue;
    for_each_address(f.raw_value, [&](std::string_view address) {
      if (domain.empty()) domain = domain_of(address);
    });
    break;
  }
  return domain;
}

}  // namespace

auth_failures read_auth_failures(std::span<const header_field> fields, std::string& buffer) {
  auth_failures out;
  spf_result spf;
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, "Authentication-Results")) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    spf = from_authentication_results(buffer);
    if (spf.found) break;
  }
  if (!spf.found) {
    if (const auto received = first_unfolded(fields, "Received-SPF", buffer)) {
      const std::string_view v = ascii_trim_whitespace(*received);
      out.spf_hard_fail = v.size() >= 4 && ascii_iequals(v.substr(0, 4), "fail") &&
                          (v.size() == 4 || v[4] == ' ' || v[4] == '\t' || v[4] == '(');
    }
    return out;  // Received-SPF names no From domain: Sender ID's check is not known
  }
  out.spf_hard_fail = spf.hard_fail;
  if (!spf.hard_fail || spf.checked_domain.empty()) return out;
  std::string_view from = domain_of(spf.header_from);
  if (from.empty()) from = from_header_domain(fields);
  out.from_hard_fail = !from.empty() && ascii_iequals(from, spf.checked_domain);
  return out;
}

}  // namespace mfsim::mail
