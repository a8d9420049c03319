// A report file replaced, not left as the last run's: a CI job cancelled, timed out or failed
// that publishes its report anyway must not show another run's numbers as its own (decisions
// 529 and 571); a records file the same (decision 701).
#include "tools/interrupted_report.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>

#include "engine/bounded_line.h"
#include "engine/escape.h"
#include "engine/terminal_text.h"
#include "engine/utf8_bom.h"
#include "tools/commands.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"

namespace mfsim::tools {
namespace {

// The page: a title saying what happened, one paragraph (HTML already) saying why.
std::string no_report_page(const char* command, std::string_view what, std::string_view paragraph) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>mfsim {0}: {1}</title>\n</head>\n<body>\n<h1>mfsim {0}: {1}</h1>\n{2}\n"
      "</body>\n</html>\n",
      command, what, paragraph);
}

// Text from outside (an error naming a path) as HTML that shows it and does nothing.
std::string inert(std::string_view text) {
  std::string html;
  append_html_escaped(html, text);
  return html;
}

}  // namespace

std::string interrupted_report_html(const char* command, int signal_number) {
  return no_report_page(
      command, "interrupted",
      fmt::format("<p id=\"interrupted\" data-signal=\"{1}\">mfsim {0} was interrupted by signal "
                  "{1} before its end: the messages after those it had read were not read, and "
                  "there is no report.</p>",
                  command, signal_number));
}

std::string not_run_report_html(const char* command, std::string_view why) {
  return no_report_page(
      command, "did not run",
      fmt::format("<p id=\"not-run\">mfsim {0} did not run: {1} (see the command's standard "
                  "error); there is no report.</p>",
                  command, inert(why)));
}

std::string output_failed_report_html(const char* command, std::string_view why) {
  return no_report_page(
      command, "output failed",
      fmt::format("<p id=\"output-failed\">mfsim {0} could not write its records: {1}. It stops "
                  "reading at such a failure, so the records are incomplete and there is no "
                  "report.</p>",
                  command, inert(why)));
}

std::string unfinished_report_html(const char* command) {
  return no_report_page(
      command, "did not finish",
      fmt::format("<p id=\"not-finished\">mfsim {0} started and did not finish: it failed or was "
                  "stopped (a signal, a timeout, a lack of memory) before writing this file "
                  "(see the command's standard error); there is no report.</p>",
                  command));
}

std::string unfinished_records_text(const char* command) {
  return fmt::format(
      "mfsim {}{}it failed or was stopped (a signal, a timeout, a lack of memory) before writing "
      "its {} here (see the command's standard error); there {}.\n",
      command, kUnfinishedOutputMark,
      std::string_view(command) == "import" ? "rule set" : "records",
      std::string_view(command) == "import" ? "is no rule set" : "are no records");
}

namespace {

// The regular file at the end of `path`'s links, or "" where there is none: nothing there yet, a
// device, a FIFO, a descriptor (/dev/stdout: a stream, as `-o -`, where no last run's file is).
std::string regular_file_at(const std::string& path) {
  struct stat st {};
  std::string target = link_target(path);
  if (descriptor_number(target) || ::stat(target.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return {};
  return target;
}

// Whether the file at `path` holds what `mfsim COMMAND OPTION` writes, or nothing: empty,
// decision 701's line, records or a part (run, merge: a JSON object a line), or import's YAML,
// which opens with the comment naming it; for --report and --junit, an HTML or XML document
// (its first character `<`). Anything else is not the last run's output (decisions 722, 842).
bool holds_own_output(const char* command, std::string_view option, const std::string& path) {
  // Only a regular file is replaced; a FIFO opened here to be read would wait for a writer.
  const std::string target = regular_file_at(path);
  if (target.empty()) return false;
  std::ifstream file(target, std::ios::binary);
  std::string line;
  bool cut = false;
  if (!getline_bounded(file, line, std::size_t{1} << 16, cut)) return file.eof();
  strip_utf8_bom(line);
  if (is_unfinished_output(line)) return true;
  if (option != "-o") {
    const std::size_t first = line.find_first_not_of(" \t\r");
    return first != std::string::npos && line[first] == '<';
  }
  if (std::string_view(command) == "import") return line.starts_with(kImportedYamlFirstLine);
  // Records and parts; `--format table`'s header row (its titles may be cut to the terminal's
  // width); a merged diff's table (decision 784).
  return line.starts_with("{") ||
         (line.starts_with("MESSAGE ") && line.find(" DISP") != std::string::npos) ||
         line.starts_with("mfsim diff: ");
}

}  // namespace

bool may_replace_output(const char* command, std::string_view option, const std::string& path) {
  // Nothing there yet, a device or a FIFO holds nothing of anyone's to lose.
  const std::string target = regular_file_at(path);
  return target.empty() || holds_own_output(command, option, target);
}

void replace_last_run_output(const char* command, const char* option, const std::string& path,
                             const std::string& text) {
  // Only an existing regular file holding this command's own output or nothing.
  if (path.empty() || !holds_own_output(command, option, path)) return;
  output_file file;
  // A path that cannot be written now is refused, with its reason, where the command opens it
  // for its own output.
  if (!file.open(path).empty()) return;
  write_in_place(command, option, file, text);
}

void replace_last_records(const char* command, const std::string& output) {
  replace_last_run_output(command, "-o", output, unfinished_records_text(command));
}

void replace_outputs_after_usage_error(const char* command, const unparsed_outputs& outputs,
                                       const std::vector<std::string>& words) {
  command_inputs inputs;
  for (const std::string& word : words) {
    inputs.walked.push_back(word);
    for (std::size_t from = 0, end = 0; end != std::string::npos; from = end + 1) {
      end = word.find_first_of(",=", from);
      inputs.walked.push_back(word.substr(from, end - from));
    }
  }
  // A file of another kind (`check --junit expect.jsonl` with --expect forgotten, `diff
  // --report proposed.yaml` with --rules forgotten) was named by mistake: replace_last_run_output
  // leaves it (842).
  const auto safe = [&](const char* option, const std::string& path) {
    return !path.empty() && output_conflict(option, path, inputs).empty();
  };
  if (safe("-o", outputs.records)) replace_last_records(command, output_path(outputs.records));
  constexpr std::string_view kWhy = "its command line does not parse";
  if (safe("--report", outputs.report))
    replace_last_run_output(command, "--report", outputs.report,
                            not_run_report_html(command, kWhy));
  if (safe("--junit", outputs.junit))
    replace_last_run_output(command, "--junit", outputs.junit, not_run_check_junit(kWhy));
}

bool write_in_place(const char* command, const char* option, output_file& file,
                    const std::string& page) {
  // A file of another kind (notes, a message) given by mistake is the user's: a command that
  // wrote no output of its own has nothing to put in its place (decision 880).
  if (!may_replace_output(command, option, file.path())) {
    tell(
        "mfsim {}: {}: {} was left as it is: it holds no output of mfsim {}, and this one wrote "
        "none\n",
        command, option, terminal_text(file.path()), command);
    return false;
  }
  file.write(page);
  std::string error;
  // The null device keeps nothing: it says nothing of the run either (decision 996).
  if (file.close(true, error)) return !names_null_device(file.path());
  tell("mfsim {}: {}: {}\n", command, option, error);
  return false;
}

int report_not_run(const char* command, output_file& report, bool asked, std::string_view why) {
  if (asked) write_in_place(command, "--report", report, not_run_report_html(command, why));
  return kExitUsage;
}

}  // namespace mfsim::tools
