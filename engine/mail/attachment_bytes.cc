// An attachment part's bytes and size: attachment_bytes.h.
#include "engine/mail/attachment_bytes.h"

#include <mimetic/mimetic.h>

#include <utility>
#include <vector>

#include "engine/mail/mime_parameters.h"
#include "engine/mail/mime_parts.h"
#include "engine/mail/uuencoded_files.h"

namespace mfsim::mail {

bool is_uuencode_mechanism(std::string_view mechanism) {
  return mechanism == "x-uuencode" || mechanism == "x-uue" || mechanism == "uuencode";
}

std::string attachment_bytes(const mimetic::MimeEntity& part) {
  const std::string mechanism =
      transfer_encoding_mechanism(part.header().contentTransferEncoding().mechanism());
  if (!is_uuencode_mechanism(mechanism)) return decoded_body(part);
  const std::string& body = part.body();
  uuencode_limits limits;
  limits.max_files = 1;
  limits.max_file_bytes = body.size();  // no more than the text it is decoded from
  std::vector<uuencoded_file> files;
  (void)find_uuencoded_files(body, limits, files);
  return files.empty() ? body : std::move(files.front().bytes);
}

std::optional<std::size_t> attachment_size(const mimetic::MimeEntity& part) {
  const std::string& mechanism = part.header().contentTransferEncoding().mechanism();
  if (is_uuencode_mechanism(transfer_encoding_mechanism(mechanism))) return std::nullopt;
  return decoded_size(part.body(), mechanism);
}

}  // namespace mfsim::mail
