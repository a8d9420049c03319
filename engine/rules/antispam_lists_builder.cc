// The list settings of an anti-spam policy: allowed and blocked senders and domains, the
// language and region block lists, and the Redirect action's recipients
// (Set-HostedContentFilterPolicy).
#include <fmt/format.h>

#include "engine/case_fold.h"
#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

using detail::error;
using detail::read_list;

enum class list_kind { address, domain, language, region };

struct list_param {
  std::string_view name;
  list_kind kind;
  std::vector<std::string> antispam_policy::*list;
};

constexpr list_param list_params[] = {
    {"AllowedSenders", list_kind::address, &antispam_policy::allowed_senders},
    {"AllowedSenderDomains", list_kind::domain, &antispam_policy::allowed_sender_domains},
    {"BlockedSenders", list_kind::address, &antispam_policy::blocked_senders},
    {"BlockedSenderDomains", list_kind::domain, &antispam_policy::blocked_sender_domains},
    {"LanguageBlockList", list_kind::language, &antispam_policy::language_block_list},
    {"RegionBlockList", list_kind::region, &antispam_policy::region_block_list},
    {"RedirectToRecipients", list_kind::address, &antispam_policy::redirect_to_recipients},
};

// ISO 639-1 (two letters; "ZH-CN" and "ZH-TW", and "WEN", as Exchange lists them) or ISO
// 3166-1 alpha-2: letters, checked by shape rather than against Exchange's lists.
bool is_code(std::string_view upper, list_kind kind) {
  if (kind == list_kind::language && (upper == "ZH-CN" || upper == "ZH-TW" || upper == "WEN")) {
    return true;
  }
  return upper.size() == 2 && upper[0] >= 'A' && upper[0] <= 'Z' && upper[1] >= 'A' &&
         upper[1] <= 'Z';
}

}  // namespace

bool apply_antispam_list(const parameter& p, const std::string& ctx, param_style style,
                         antispam_policy& policy, std::vector<diagnostic>& out) {
  if (p.name == "EnableLanguageBlockList" || p.name == "EnableRegionBlockList") {
    // The YAML loader hands these settings over as text: true and false as written.
    parameter flag = p;
    if (detail::is_texty(p.value)) {
      const std::string_view text = ascii_trim_blanks(p.value.text);
      for (const bool value : {true, false}) {
        if (ascii_iequals(text, value ? "true" : "false") ||
            ascii_iequals(text, value ? "$true" : "$false")) {
          flag.value.type = value_type::boolean;
          flag.value.flag = value;
        }
      }
    }
    if (auto on = read_bool(flag, ctx, style, out)) {
      (p.name == "EnableLanguageBlockList" ? policy.enable_language_block_list
                                           : policy.enable_region_block_list) = *on;
    }
    return true;
  }
  for (const auto& lp : list_params) {
    if (p.name != lp.name) continue;
    std::vector<std::string>& into = policy.*lp.list;
    into.clear();
    if (p.value.type == value_type::null) return true;  // -X $null empties the list
    const std::string_view noun = lp.kind == list_kind::address    ? "an email address"
                                  : lp.kind == list_kind::domain   ? "a domain"
                                  : lp.kind == list_kind::language ? "a language code"
                                                                   : "a country code";
    const auto items = read_list(p, ctx, style, noun, out, true);
    if (!items) return true;
    for (const auto& item : *items) {
      const std::string_view text = ascii_trim_blanks(item.text);
      const bool language_or_region =
          lp.kind == list_kind::language || lp.kind == list_kind::region;
      const std::string value =
          language_or_region ? ascii_upper_copy(text) : case_folded_copy(text);
      const bool wildcard = value.find_first_of("*?") != std::string::npos;
      const bool ok = lp.kind == list_kind::address  ? is_address(value) && !wildcard
                      : lp.kind == list_kind::domain ? is_domain(value)
                                                     : is_code(value, lp.kind);
      if (!ok) {
        error(out, diag_code::bad_value, item.where,
              fmt::format(
                  "{} {}: expected {}{}, found '{}'{}", param_label(p.name, style), ctx, noun,
                  lp.kind == list_kind::address    ? " such as user@contoso.com"
                  : lp.kind == list_kind::domain   ? " such as contoso.com"
                  : lp.kind == list_kind::language ? " such as EN or ZH-CN (ISO 639-1)"
                                                   : " such as US (ISO 3166-1)",
                  item.text,
                  wildcard ? " (no wildcards: each entry is a whole address or domain)" : ""));
        continue;
      }
      into.push_back(value);
    }
    return true;
  }
  return false;
}

}  // namespace mfsim::rules
