// New-, Set- and Remove-AcceptedDomain: the organisation's accepted domains, as a script
// declares them (FromScope and SentToScope read them).
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {

using detail::find_param;

namespace {

// The -DomainName of an entry, as given (for matching an Identity that names the domain).
std::string_view domain_of(const named_entry& e) {
  for (const auto& p : e.params) {
    if (p.name == "DomainName" && p.value.type == value_type::text)
      return ascii_trim_blanks(p.value.text);
  }
  return {};
}

}  // namespace

named_entry* runner::find_accepted_domain_entry(std::string_view id) {
  // Exchange's Identity of an accepted domain is its Name; its domain names it too.
  for (auto& e : accepted_domains_) {
    if (ascii_iequals(e.name, id) || ascii_iequals(domain_of(e), id)) return &e;
  }
  return nullptr;
}

void runner::new_accepted_domain(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const auto name = new_name(b, cmd, "accepted domain", accepted_domains_);
  if (!name) return;
  named_entry entry{*name, cmd.where, {}};
  const std::string ctx = fmt::format("in accepted domain '{}'", *name);
  for (auto& p : classify(std::move(b.params), cmdlet_family::accepted_domain, ctx,
                          "New-AcceptedDomain", {})) {
    update(entry.params, std::move(p));
  }
  if (find_param(entry.params, "DomainName") == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("New-AcceptedDomain '{}' needs -DomainName (the SMTP domain, such as "
                      "contoso.com)",
                      *name));
    return;
  }
  accepted_domains_.push_back(std::move(entry));
}

void runner::set_accepted_domain(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "accepted domain to change");
  if (!id) return;
  named_entry* entry = find_accepted_domain_entry(*id);
  if (entry == nullptr) {
    // As for rules and policies: the script was written for a tenant that has the domain.
    warn_not_created(cmd, find_param(b.params, "Identity")->value.where, "accepted domain", *id);
    return;
  }
  // Set-AcceptedDomain has no -DomainName: a domain is replaced by removing and adding it.
  if (const parameter* domain = find_param(b.params, "DomainName")) {
    error(diag_code::unknown_key, domain->where,
          "Set-AcceptedDomain has no parameter -DomainName: remove the accepted domain and "
          "create it again with New-AcceptedDomain");
  }
  static constexpr std::string_view handled[] = {"Identity", "DomainName"};
  const std::string ctx = fmt::format("in accepted domain '{}'", entry->name);
  for (auto& p : classify(std::move(b.params), cmdlet_family::accepted_domain, ctx,
                          "Set-AcceptedDomain", handled)) {
    if (p.name == "Name") {
      std::vector<diagnostic> problems;
      if (auto renamed = read_name(p, ctx, param_style::cmdlet, problems)) entry->name = *renamed;
      for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
    }
    update(entry->params, std::move(p));
  }
}

void runner::remove_accepted_domain(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "accepted domain to remove");
  if (!id) return;
  const named_entry* entry = find_accepted_domain_entry(*id);
  if (entry == nullptr) {
    warn_not_created(cmd, find_param(b.params, "Identity")->value.where, "accepted domain", *id);
    return;
  }
  for (const auto& p : b.params) {
    if (p.name != "Identity") {
      error(diag_code::unknown_key, p.where,
            fmt::format("Remove-AcceptedDomain has no parameter -{}", p.name));
    }
  }
  accepted_domains_.erase(accepted_domains_.begin() + (entry - accepted_domains_.data()));
}

void runner::build_accepted_domains() {
  for (const auto& entry : accepted_domains_) {
    const std::string ctx = fmt::format("in accepted domain '{}'", entry.name);
    std::vector<parameter> params = entry.params;
    params.push_back(parameter{
        "Name", param_value{value_type::text, entry.name, false, {}, entry.where}, entry.where});
    if (auto d = build_accepted_domain(params, ctx, param_style::cmdlet, entry.where,
                                       out_.diagnostics)) {
      out_.set.accepted_domains.push_back(std::move(*d));
    }
  }
  check_accepted_domains(out_.set, out_.diagnostics);
}

}  // namespace mfsim::rules::powershell
