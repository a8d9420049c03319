// Indexing a PDF's objects by scanning for "N G obj" and reading object streams; decoding
// streams through their filters (ISO 32000-1 7.4) within the file's budget.
#include "engine/mail/pdf_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/ascii.h"
#include "engine/mail/inflate_bounded.h"

namespace mfsim::mail::pdf {
namespace {

constexpr std::size_t kMaxReferenceChain = 8;
constexpr std::size_t kTypeWindow = 1024;  // where an object's /Type shows, after "obj"

// The unsigned number written in the digits just before `end`, at most `max_digits` of them;
// `start` is where it begins. False when no digit precedes `end`.
bool number_before(std::string_view s, std::size_t end, std::size_t max_digits,
                   std::uint32_t& value, std::size_t& start) {
  start = end;
  while (start > 0 && ascii_is_digit(s[start - 1]) && end - start < max_digits + 1) --start;
  if (start == end || end - start > max_digits) return false;
  value = 0;
  for (std::size_t i = start; i < end; ++i)
    value = value * 10 + static_cast<std::uint32_t>(s[i] - '0');
  return true;
}

std::size_t space_before(std::string_view s, std::size_t end) {
  while (end > 0 && is_pdf_space(s[end - 1])) --end;
  return end;
}

// ASCII85Decode (7.4.3): groups of five characters '!'..'u' for four bytes, 'z' for four zeros.
void decode_ascii85(std::string_view in, std::string& out) {
  std::uint64_t group = 0;
  int count = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '~') break;  // "~>" ends the data
    if (c == 'z' && count == 0) {
      out.append(4, '\0');
      continue;
    }
    if (c < '!' || c > 'u') continue;
    group = group * 85 + static_cast<std::uint64_t>(c - '!');
    if (++count == 5) {
      for (int k = 3; k >= 0; --k) out += static_cast<char>((group >> (8 * k)) & 0xFF);
      group = 0;
      count = 0;
    }
  }
  if (count > 1) {  // a final partial group: padded with 'u', count - 1 bytes kept
    for (int k = count; k < 5; ++k) group = group * 85 + 84;
    for (int k = 3; k >= 5 - count; --k) out += static_cast<char>((group >> (8 * k)) & 0xFF);
  }
}

}  // namespace

document::document(std::string_view bytes, budget& limits, bool read_object_streams)
    : bytes_(bytes), limits_(limits) {
  std::vector<std::uint32_t> object_streams = index_objects();
  read_trailer();
  // The encryption dictionary is an object of the file itself, and object streams are
  // encrypted: the handler is opened before their members are indexed.
  if (trailer_.get("Encrypt") != nullptr) {  // a dictionary that is missing locks the file too
    const object* encrypt = get(&trailer_, "Encrypt");
    const object* ids = get(&trailer_, "ID");
    const std::string_view id =
        ids != nullptr && ids->is(object::kind::array) && !ids->items.empty()
            ? std::string_view(ids->items.front().text)
            : std::string_view();
    if (encrypt != nullptr) security_ = security::open(*this, *encrypt, id);
    locked_ = !security_.has_value();
  }
  std::sort(object_streams.begin(), object_streams.end());
  object_streams.erase(std::unique(object_streams.begin(), object_streams.end()),
                       object_streams.end());
  if (read_object_streams && !locked_) {
    for (const std::uint32_t number : object_streams) index_object_stream(number);
  }
}

// Every "N G obj" of the file; returns the numbers of those that look like object streams.
std::vector<std::uint32_t> document::index_objects() {
  std::vector<std::uint32_t> object_streams;
  for (std::size_t at = bytes_.find("obj"); at != std::string_view::npos;
       at = bytes_.find("obj", at + 3)) {
    const std::size_t body = at + 3;
    if (body < bytes_.size() && !is_pdf_space(bytes_[body]) && !is_pdf_delimiter(bytes_[body]))
      continue;  // "object", "objstm"
    std::uint32_t generation = 0;
    std::uint32_t number = 0;
    std::size_t start = 0;
    const std::size_t gen_end = space_before(bytes_, at);
    if (gen_end == at || !number_before(bytes_, gen_end, 5, generation, start)) continue;
    const std::size_t num_end = space_before(bytes_, start);
    if (num_end == start || !number_before(bytes_, num_end, 7, number, start)) continue;
    if (start > 0 && !is_pdf_space(bytes_[start - 1]) && !is_pdf_delimiter(bytes_[start - 1]))
      continue;
    if (where_.size() >= limits_.max_objects && !where_.contains(number)) {
      limits_.exceed(fmt::format("holds more than {} objects", limits_.max_objects));
      break;
    }
    where_[number] = location{body, 0, static_cast<std::uint16_t>(generation)};
    const std::string_view head = bytes_.substr(body, 256);
    if (head.find("/ObjStm") != std::string_view::npos) object_streams.push_back(number);
  }
  return object_streams;
}

// The last `trailer` dictionary that names a catalog, else the dictionary of the latest
// cross-reference stream (7.5.8: it holds the trailer's entries).
void document::read_trailer() {
  const std::size_t trailer = bytes_.rfind("trailer");
  if (trailer != std::string_view::npos) {
    reader objects(bytes_, reader::mode::file, trailer + 7);
    if (objects.next(trailer_) && trailer_.get("Root") != nullptr) return;
  }
  trailer_ = object{};
  if (const std::uint32_t xref = latest_of_type("XRef"); xref != 0) trailer_ = *indirect(xref);
}

// An object stream's members (7.5.7): /N pairs of object number and offset from /First.
void document::index_object_stream(std::uint32_t number) {
  const loaded* entry = load(number);
  if (entry == nullptr || !entry->value.get("Type") || !entry->value.get("Type")->is_name("ObjStm"))
    return;
  const object* first = get(&entry->value, "First");
  const object* count = get(&entry->value, "N");
  const std::optional<std::uint32_t> base = first == nullptr ? std::nullopt : first->as_index();
  const std::optional<std::uint32_t> members = count == nullptr ? std::nullopt : count->as_index();
  if (!base || !members) return;
  std::string data;
  if (!decode(*entry, data)) return;
  const std::string& kept = object_streams_[number] = std::move(data);
  reader pairs(kept, reader::mode::content);
  object member;
  object offset;
  for (std::uint32_t i = 0; i < *members && pairs.next(member) && pairs.next(offset); ++i) {
    const std::optional<std::uint32_t> member_number = member.as_index();
    const std::optional<std::uint32_t> at = offset.as_index();
    if (!member_number || !at || *member_number < 1 || *member_number >= (1u << 23) ||
        std::size_t{*base} + *at >= kept.size()) {
      break;
    }
    if (where_.size() >= limits_.max_objects) {
      limits_.exceed(fmt::format("holds more than {} objects", limits_.max_objects));
      return;
    }
    // An object written in the file itself stands: members only fill the numbers not there.
    where_.try_emplace(*member_number, location{std::size_t{*base} + *at, number, 0});
  }
}

std::string_view document::text_at(const location& at) const {
  if (at.container == 0) return bytes_.substr(at.offset);
  const auto found = object_streams_.find(at.container);
  if (found == object_streams_.end()) return {};
  return std::string_view(found->second).substr(at.offset);
}

const document::loaded* document::load(std::uint32_t number) {
  if (const auto done = loaded_.find(number); done != loaded_.end()) return &done->second;
  const auto found = where_.find(number);
  if (found == where_.end()) return nullptr;
  const std::string_view text = text_at(found->second);
  loaded entry;
  entry.number = number;
  entry.generation = found->second.generation;
  reader objects(text, reader::mode::file);
  if (!objects.next(entry.value)) return nullptr;
  if (found->second.container == 0 && entry.value.is(object::kind::dict)) {
    const std::size_t keyword = objects.skip_space();
    if (text.substr(keyword, 6) == "stream") {
      std::size_t data = keyword + 6;
      if (text.substr(data, 2) == "\r\n") {
        data += 2;
      } else if (data < text.size() && (text[data] == '\n' || text[data] == '\r')) {
        ++data;
      }
      entry.stream_at = found->second.offset + data;
    }
  }
  return &loaded_.emplace(number, std::move(entry)).first->second;
}

const object* document::indirect(std::uint32_t number) {
  const loaded* entry = load(number);
  return entry == nullptr ? nullptr : &entry->value;
}

const object* document::resolve(const object* o) {
  for (std::size_t i = 0; o != nullptr && o->is(object::kind::ref); ++i) {
    if (i == kMaxReferenceChain) return nullptr;
    o = indirect(o->ref_number());
  }
  return o;
}

const object* document::get(const object* dict, std::string_view key) {
  return dict == nullptr ? nullptr : resolve(dict->get(key));
}

const object* document::catalog() {
  const object* reference = trailer_.get("Root");
  if (reference != nullptr && reference->is(object::kind::ref)) {  // never a value in trailer_
    const object* root = resolve(reference);
    if (root != nullptr && root->is(object::kind::dict)) return root;
  }
  const std::uint32_t number = latest_of_type("Catalog");
  return number == 0 ? nullptr : indirect(number);
}

// The object of /Type `type` latest in the file (in the object stream latest in it); 0 if none.
std::uint32_t document::latest_of_type(std::string_view type) {
  const std::string marker = "/" + std::string(type);
  std::map<std::pair<std::size_t, std::size_t>, std::uint32_t> found;  // by place: latest last
  for (const auto& [number, at] : where_) {
    if (text_at(at).substr(0, kTypeWindow).find(marker) == std::string_view::npos) continue;
    const object* value = indirect(number);
    const object* named = value == nullptr ? nullptr : value->get("Type");
    if (named == nullptr || !named->is_name(type)) continue;
    const auto container = where_.find(at.container);
    const std::size_t in_file = container == where_.end() ? at.offset : container->second.offset;
    found[{in_file, at.offset}] = number;
  }
  return found.empty() ? 0 : found.rbegin()->second;
}

// The stream's bytes: /Length of them when "endstream" follows there, else up to "endstream".
std::string_view document::raw_stream(const loaded& entry) {
  if (entry.stream_at == std::string_view::npos) return {};
  const std::string_view rest = bytes_.substr(entry.stream_at);
  const object* length = get(&entry.value, "Length");
  if (length != nullptr && length->is(object::kind::number) && length->number >= 0 &&
      length->number <= static_cast<double>(rest.size())) {
    const auto n = static_cast<std::size_t>(length->number);
    std::size_t after = n;
    while (after < rest.size() && is_pdf_space(rest[after])) ++after;
    if (rest.substr(after, 9) == "endstream") return rest.substr(0, n);
  }
  std::size_t end = rest.find("endstream");
  if (end == std::string_view::npos) end = rest.size();
  if (end > 0 && rest[end - 1] == '\n') --end;
  if (end > 0 && rest[end - 1] == '\r') --end;
  return rest.substr(0, end);
}

bool document::stream_data(const object* o, std::string& out) {
  for (std::size_t i = 0; o != nullptr && o->is(object::kind::ref); ++i) {
    const loaded* entry = load(o->ref_number());
    if (entry == nullptr || i == kMaxReferenceChain) return false;
    if (entry->stream_at != std::string_view::npos) return decode(*entry, out);
    o = &entry->value;
  }
  return false;
}

// The stream decrypted (7.6.2) and its filters applied in turn (7.4): FlateDecode,
// ASCIIHexDecode and ASCII85Decode; a stream with any other, or with a predictor, is not
// decoded. A cross-reference stream is never encrypted, nor one whose Crypt filter is Identity.
bool document::decode(const loaded& entry, std::string& out) {
  const object& dict = entry.value;
  const std::string_view raw = raw_stream(entry);
  if (!limits_.charge(raw.size())) return false;
  std::vector<std::string> filters;
  const object* filter = resolve(dict.get("Filter"));
  if (filter != nullptr && filter->is(object::kind::name)) filters.push_back(filter->text);
  if (filter != nullptr && filter->is(object::kind::array)) {
    for (const object& f : filter->items) {
      if (f.is(object::kind::name)) filters.push_back(f.text);
    }
  }
  const object* parms = resolve(dict.get("DecodeParms"));
  if (parms != nullptr && parms->is(object::kind::array)) {
    parms = parms->items.empty() ? nullptr : &parms->items.front();
  }
  const object* predictor = parms == nullptr ? nullptr : resolve(parms->get("Predictor"));
  if (predictor != nullptr && predictor->is(object::kind::number) && predictor->number > 1)
    return false;
  std::string data(raw);
  const object* type = dict.get("Type");
  const bool own_crypt = std::find(filters.begin(), filters.end(), "Crypt") != filters.end();
  if (security_ && !own_crypt && !(type != nullptr && type->is_name("XRef")) &&
      !security_->decrypt_stream(entry.number, entry.generation, data)) {
    return false;
  }
  std::string next;
  for (const std::string& name : filters) {
    if (name == "Crypt") continue;  // its Identity filter (another one is not read: 7.4.10)
    next.clear();
    if (name == "FlateDecode" || name == "Fl") {
      const std::size_t room = limits_.stream_room();
      if (inflate_bounded(data, room, next) == inflated::too_large) {
        (void)limits_.charge(room + 1);  // says the bound was reached
        return false;
      }
    } else if (name == "ASCIIHexDecode" || name == "AHx") {
      (void)append_hex_bytes(data, next);
    } else if (name == "ASCII85Decode" || name == "A85") {
      decode_ascii85(data, next);
    } else {
      return false;  // LZW, run length, image and crypt filters carry no text mfsim reads
    }
    data.swap(next);
  }
  if (!filters.empty() && !limits_.charge(data.size())) return false;
  out += data;
  return true;
}

bool budget::charge(std::size_t bytes) {
  if (bytes > stream_room()) {
    stream_bytes = max_stream_bytes;
    exceed(fmt::format("reads more than {} bytes of streams", max_stream_bytes));
    return false;
  }
  stream_bytes += bytes;
  return true;
}

}  // namespace mfsim::mail::pdf
