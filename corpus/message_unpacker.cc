// .msg decoding and report unwrapping for every container (file, mbox entry, PST, ZIP entry).
#include "corpus/message_unpacker.h"

#include <string>
#include <vector>

#include "corpus/mbox_reader.h"
#include "corpus/msg_reader.h"
#include "engine/mail/attached_messages.h"
#include "engine/mail/header_scanner.h"

namespace mfsim::corpus {
namespace {

constexpr std::string_view kBareCrMboxError =
    "an mbox whose lines end with a bare CR (classic Mac OS), not the LF an mbox's end with: "
    "its messages were not split, and it is read as one message; convert its line ends to LF "
    "to read each";

void unwrap(const corpus_message& report, const read_options& options,
            const std::function<void(const corpus_message&)>& sink) {
  std::vector<std::string> attached;
  mail::find_attached_messages(report.bytes, mail::body_limits{}, attached);
  if (attached.empty()) {
    const std::string error =
        join_errors(report.read_error,
                    "--unwrap: no attached message (message/rfc822, .eml or .msg) in this report");
    sink({report.id, {}, error, 0});
    return;
  }
  read_options inner = options;
  inner.unwrap = false;  // a report's attachment is the message, not another report
  for (std::size_t k = 0; k < attached.size(); ++k) {
    const std::string id = std::string(report.id) + "#attached/" + std::to_string(k + 1);
    unpack_message({id, attached[k], report.read_error, 0}, inner, sink);
  }
}

void deliver(const corpus_message& message, const read_options& options,
             const std::function<void(const corpus_message&)>& sink) {
  if (options.unwrap)
    unwrap(message, options, sink);
  else
    sink(message);
}

}  // namespace

std::string join_errors(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "; " + std::string(b);
}

void unpack_outlook_item(std::string_view id, const outlook_message& item,
                         std::string_view read_error, const read_options& options,
                         const std::function<void(const corpus_message&)>& sink) {
  const std::string error = join_errors(read_error, item.read_error);
  if (!item.found) {
    sink({id, {}, error, 0});
    return;
  }
  const built_message built = build_rfc5322(item, options.outlook, max_message_bytes());
  if (built.too_large) {  // as a file that holds more: one record, not evaluated
    sink({id, {}, join_errors(error, too_large_error("holds")), 0});
    return;
  }
  const std::uint32_t flags = built.reconstructed_headers
                                  ? std::uint32_t{mail::flag_no_transport_headers}
                                  : std::uint32_t{0};
  deliver({id, built.bytes, error, flags}, options, sink);
}

void unpack_message(const corpus_message& message, const read_options& options,
                    const std::function<void(const corpus_message&)>& sink) {
  if (const std::size_t envelope = bare_cr_envelope_bytes(message.bytes); envelope > 0) {
    // Not split (decision 593): one record, after its envelope line, that says why.
    const std::string error = join_errors(message.read_error, kBareCrMboxError);
    corpus_message rest = message;
    rest.bytes.remove_prefix(envelope);
    rest.read_error = error;
    if (rest.size > envelope) rest.size -= envelope;
    deliver(rest, options, sink);
    return;
  }
  if (is_compound_file(message.bytes)) {
    unpack_outlook_item(message.id, read_msg(message.bytes, options.outlook), message.read_error,
                        options, sink);
    return;
  }
  deliver(message, options, sink);
}

}  // namespace mfsim::corpus
