// Turning the PATH arguments of `mfsim run` into a stream of messages, in a fixed order.
//
// Two steps, so that reading can run on many threads while the order stays fixed: walk_inputs()
// lists the inputs in order (cheap: directory listings and stat), read_input() turns one input
// into its messages. read_messages() does both on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/mbox_parts.h"
#include "corpus/outlook_message.h"
#include "corpus/pst_reader.h"
#include "corpus/skipped_inputs.h"

namespace mfsim::corpus {

struct corpus_message {
  std::string_view id;          // corpus::path_id of the path as given/walked; "PATH#N" for mbox
                                // entries (message_id.h); "-" for stdin
  std::string_view bytes;       // the raw message; empty when it could not be read
  std::string_view read_error;  // why it could not be (fully) read; empty when it was
  std::uint32_t flags = 0;      // mail::scan_flag bits the reader adds (no_transport_headers)
  // Where the message lies in the walk: its input's position (input_ref::position) and its
  // number within that input, counted from 1.
  std::uint64_t input_position = 0;
  std::uint64_t entry = 0;
  // The whole message's size when `bytes` holds only its header block (read_options::
  // header_block_only); 0 when `bytes` is the whole message.
  std::uint64_t size = 0;
  [[nodiscard]] std::uint64_t whole_size() const noexcept {
    return size > bytes.size() ? size : bytes.size();
  }
};

// How inputs are read (docs/outlook.md).
struct read_options {
  bool unwrap = false;     // --unwrap: evaluate the messages attached to each report instead
  outlook_limits outlook;  // .msg and PST items
  std::size_t max_archive_entry_bytes = std::size_t{256} << 20;  // a bigger ZIP entry: error
  int max_archive_depth = 2;                                     // ZIPs inside ZIPs
  // All of an input ZIP's entries inflate to at most this many times its size, and to at
  // least min_archive_inflation: past it, the entries left get an error (decision 390).
  std::uint64_t max_archive_inflation_ratio = 100;
  std::uint64_t min_archive_inflation = std::uint64_t{1} << 30;
  // A PST file this large is walked as several inputs of at most pst_part_items items each,
  // so that workers share it (records stay in order).
  std::size_t pst_split_bytes = std::size_t{64} << 20;
  int pst_part_items = 256;
  // Read only the header block of a message file (and its size, from fstat) when the plan
  // reads nothing else (message_reads::header_block_only): see file_reader::read_head. mbox,
  // gzip, ZIP, PST and .msg inputs are still read whole.
  bool header_block_only = false;
  // The plan reads the whole message's size (MessageSizeOver): a header-only read stats the
  // file for it. When false, a batch of header reads (head_read_batch) need not.
  bool size_needed = true;
  // A regular mbox file of at least twice this many bytes is walked as parts of about this
  // size, so that workers share it; each part's worker finds where its messages start and end
  // (mbox_parts.h). 0: never split.
  std::uint64_t mbox_part_bytes = 0;
  std::size_t max_header_bytes = std::size_t{1} << 20;  // scan_limits::max_header_bytes
  // The walk stats every file it finds, for its size (shards weigh inputs by size). When
  // false, a file that a folder lists as regular (not a link) is not stat'ed by the walk (its
  // input_ref::size is 0; the reader's fstat sees it as it opens it) where the folder has 64
  // entries or more, is a Maildir's cur/ or new/, or the file is named `.eml` or `.msg`; a
  // large mbox or PST there is one input, not split into parts (decision 311).
  bool stat_every_file = true;
  // Where the walk and the readers count what they pass over as not messages (Maildir tmp/,
  // control files, desktop metadata, PST items that are not mail); null: not counted.
  skipped_inputs* skipped = nullptr;
  void skip(skip_reason reason) const noexcept {
    if (skipped != nullptr) skipped->add(reason);
  }
};

// A directory the walk holds open while inputs found in it are read (open_expectation::
// directory_fd): closed when the last of them is done with.
class open_directory;

// Standard input or a FIFO, read in batches of messages: the walk hands it on as one input per
// batch while it has more (read_input reads the next batch), so that what is read ahead of the
// workers stays bounded.
class stream_input;

// One input of a run, in walk order.
struct input_ref {
  std::string path;   // as given or walked; "-" for standard input
  std::string error;  // set when the input cannot be read at all (stat failure, special file)
  bool must_read_in_order = false;  // stdin and FIFOs named on the command line: read them on
                                    // the walking thread, where signals arrive, not in a worker
  std::optional<pst_range> pst_part =
      std::nullopt;            // a large PST is several inputs, one per run of items
  std::uint64_t size = 0;      // bytes on disk of a regular file (as stat'ed), 0 otherwise
  std::uint64_t position = 0;  // 0, 1, 2...: the input's place in the walk of all the paths
  open_expectation expect{};   // what the walk saw: a regular file, itself or through a symlink
  std::optional<mbox_range> mbox_part = std::nullopt;         // a large mbox is several inputs too
  std::shared_ptr<const open_directory> directory = nullptr;  // keeps expect.directory_fd open
  std::shared_ptr<stream_input> stream = nullptr;             // stdin and FIFOs: the batch's stream
  // A file of a Maildir's cur/ or new/: one message by the format, so a "From " first line is
  // an envelope line to drop, never an mbox to split (decision 393).
  bool one_message = false;
};

// Lists the inputs named by `paths`, in order: files as given; directories walked recursively,
// entries sorted by byte order (directory symlinks are not followed, so a link loop cannot
// recurse; in a Maildir, a directory with cur/, new/ and tmp/, tmp/ is skipped: messages there
// are still being delivered; so are the Maildir's own files and desktop metadata, counted in
// options.skipped); "-" for standard input. Special files met inside a directory and
// paths that cannot be stat'ed become inputs with `error` set. A PST of options.pst_split_bytes
// or more becomes one input per run of options.pst_part_items items (its folders are listed
// here, on the walking thread). Stops early, between inputs, once `stop` (when given) becomes
// true.
void walk_inputs(const std::vector<std::string>& paths,
                 const std::function<void(input_ref&&)>& sink,
                 const std::atomic<bool>* stop = nullptr, const read_options& options = {});

// Reads one input with `reader` (opened read-only, never written; gzip decompressed) and calls
// `sink` once per message: one for a message file (RFC 5322 or, by its signature, an Outlook
// .msg), one per entry for an mbox (first line "From "), one per message for a PST ("PATH#
// FOLDER/N") and per entry of a ZIP archive ("PATH#ENTRY"), one with read_error for an input
// that cannot be read; with options.unwrap, each of those is a report replaced by the
// messages it carries. A message larger than max_message_bytes() gets a read_error and no
// bytes; a mapped file that shrinks while it is read (truncated by another process) ends with
// one message whose read_error says so. `entry` is a reusable buffer for mbox entries. Views
// are valid only during the call. Stops between mbox entries once `stop` becomes true.
// With `batch`, a file whose open and first read start_head_read() began there is read
// through it (the same records).
void read_input(const input_ref& input, file_reader& reader, std::string& entry,
                const std::function<void(const corpus_message&)>& sink,
                const std::atomic<bool>* stop = nullptr, const read_options& options = {},
                head_read_batch* batch = nullptr);

// Begins the open and first read of `input` in `batch` when read_input will read only its
// header block and need not know its size (options.header_block_only, !options.size_needed,
// a regular file from the walk); read_input(..., batch) takes it up. False when it did not.
bool start_head_read(const input_ref& input, head_read_batch& batch, const read_options& options);

// Reads entry `n` (from 1) of the mbox at `path` (or "-") and calls `sink` once with it, as
// read_input would; the entries before it are skipped without being copied. Returns n when the
// entry was found, else the number of entries the file holds (0 when it is not an mbox; a file
// that cannot be read is passed to `sink` with its error, and 1 is returned).
std::size_t read_mbox_entry(const std::string& path, std::size_t n, file_reader& reader,
                            std::string& entry,
                            const std::function<void(const corpus_message&)>& sink,
                            const read_options& options = {});

// walk_inputs and read_input on the calling thread: every message named by `paths`, in order.
void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop = nullptr, const read_options& options = {});

}  // namespace mfsim::corpus
