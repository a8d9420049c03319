// --rules: presets first, then files of any supported format (several joined by commas), with
// the options every command that loads rules shares.
#include "tools/rule_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "engine/rules/load_any.h"
#include "engine/rules/presets.h"
#include "engine/rules/validate.h"
#include "tools/messages.h"

namespace mfsim::tools {

rule_load_settings& rule_loading() {
  static rule_load_settings settings;
  return settings;
}

void print_diagnostics(const std::vector<diagnostic>& diagnostics) {
  const std::size_t limit = rule_loading().max_errors;
  const std::size_t shown = limit == 0 ? diagnostics.size() : std::min(limit, diagnostics.size());
  for (std::size_t k = 0; k < shown; ++k) {
    tell("{}\n", format_diagnostic(diagnostics[k]));
  }
  if (shown < diagnostics.size()) {
    tell("... and {} more (--max-errors 0 shows all)\n", diagnostics.size() - shown);
  }
}

std::string closest_preset(std::string_view name) {
  std::vector<std::string_view> names;
  for (const rules::preset_info& p : rules::preset_list()) names.push_back(p.name);
  return rules::did_you_mean(name, names);
}

namespace {

// `--rules uc44`, `--rules UC4`: a name with no folder or extension, neither a preset nor a file,
// was meant as a preset; saying only that no file has the name would not point there.
void refuse_unknown_name(const std::string& spec) {
  std::error_code ec;
  if (spec.find_first_of("/.") != std::string::npos || std::filesystem::exists(spec, ec)) return;
  diagnostic d;
  d.code = diag_code::io_error;
  d.where.file = spec;
  d.message = fmt::format(
      "'{}' is neither a built-in preset nor a file{}: `mfsim presets` lists the presets", spec,
      closest_preset(spec));
  throw load_error({std::move(d)});
}

// One name of a FILE,FILE list that is no file: a preset (which, like a YAML file, is a whole
// rule set) or a name with the space typed after a comma.
void refuse_listed_name(const std::string& name, const std::string& option) {
  std::error_code ec;
  if (std::filesystem::exists(name, ec)) return;
  std::string why;
  const auto& presets = rules::preset_list();
  if (std::any_of(presets.begin(), presets.end(),
                  [&](const rules::preset_info& p) { return p.name == name; })) {
    why = fmt::format(
        "'{}' is a built-in preset, complete in itself: it cannot be combined with files", name);
  } else if (const std::string_view bare = ascii_trim_blanks(name);
             bare.size() != name.size() && std::filesystem::exists(bare, ec)) {
    why = fmt::format(
        "no file named '{}': {} splits FILE,FILE at the commas only, so "
        "write no space after them",
        name, option);
  } else {
    return;
  }
  throw load_error({diagnostic{diag_code::io_error, source_span{option, 0, 0}, why}});
}

}  // namespace

rules::rule_set load_rules(const std::string& spec, const std::vector<std::string>& defines,
                           const std::vector<std::string>& accepted_domains,
                           const rule_options_named& named) {
  if (auto preset = rules::load_preset(spec)) {
    if (!defines.empty()) {
      print_diagnostics(
          {diagnostic{diag_code::unknown_key, source_span{named.rules, 0, 0},
                      fmt::format("{} has no effect: '{}' is a built-in "
                                  "preset, not a PowerShell script",
                                  rules::define_options_named(named.define_options), spec),
                      diag_severity::warning}});
    }
    return std::move(*preset);
  }
  rules::import_options options;
  options.strict = rule_loading().strict;
  options.defines = defines;
  options.define_options = named.define_options;
  for (const std::string& d : accepted_domains)  // DOMAIN[:TYPE]: the domain is what scripts read
    options.accepted_domains.push_back(d.substr(0, d.find(':')));
  // "rules.xml,antispam.json": an export and the policies it needs, unless a file has that name.
  std::error_code ec;
  std::vector<std::string> paths;
  if (spec.find(',') != std::string::npos && !std::filesystem::exists(spec, ec)) {
    std::size_t start = 0;
    while (start <= spec.size()) {
      const std::size_t comma = std::min(spec.find(',', start), spec.size());
      paths.push_back(spec.substr(start, comma - start));
      if (paths.back().empty()) {
        diagnostic d;
        d.code = diag_code::io_error;
        d.where.file = named.rules;
        d.message = fmt::format("'{}': an empty file name in the list (FILE,FILE,...)", spec);
        throw load_error({std::move(d)});
      }
      refuse_listed_name(paths.back(), named.rules);
      start = comma + 1;
    }
  } else {
    refuse_unknown_name(spec);
    paths.push_back(spec);
  }
  rules::rule_set set = rules::load_rule_files(paths, options);
  print_diagnostics(set.imported.warnings);
  return set;
}

}  // namespace mfsim::tools
