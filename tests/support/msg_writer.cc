// A small compound-file writer and the .msg property layout, for tests only.
#include "tests/support/msg_writer.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace mfsim::test {
namespace {

constexpr std::uint32_t kFree = 0xFFFFFFFF;        // FREESECT, NOSTREAM
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;  // ENDOFCHAIN
constexpr std::uint32_t kFatSector = 0xFFFFFFFD;   // FATSECT
constexpr std::size_t kSector = 512;
constexpr std::size_t kMiniSector = 64;
constexpr std::size_t kMiniCutoff = 4096;

void put16(std::string& s, std::size_t at, std::uint32_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  put16(s, at, v & 0xFFFF);
  put16(s, at + 2, v >> 16);
}
void append32(std::string& s, std::uint32_t v) {
  s.append(4, '\0');
  put32(s, s.size() - 4, v);
}
void append64(std::string& s, std::uint64_t v) {
  append32(s, static_cast<std::uint32_t>(v & 0xFFFFFFFF));
  append32(s, static_cast<std::uint32_t>(v >> 32));
}

// A directory entry being laid out.
struct entry {
  std::string name;
  int type = 0;  // 1 storage, 2 stream, 5 root
  const std::string* data = nullptr;
  std::uint32_t left = kFree, right = kFree, child = kFree;
  std::uint32_t start = kEndOfChain;
  std::uint64_t size = 0;
};

// [MS-CFB] 2.6.4: shorter names first, then by upper-cased code points.
bool name_less(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  for (std::size_t k = 0; k < a.size(); ++k) {
    const int x = std::toupper(static_cast<unsigned char>(a[k]));
    const int y = std::toupper(static_cast<unsigned char>(b[k]));
    if (x != y) return x < y;
  }
  return false;
}

class layout {
 public:
  std::string write(const std::vector<cfb_node>& children) {
    entries_.push_back({"Root Entry", 5});
    entries_[0].child = add_children(children);
    // Small streams go to the mini stream, large ones to their own sector chains.
    std::string mini_stream;
    std::vector<std::uint32_t> mini_fat;
    for (auto& e : entries_) {
      if (e.type != 2 || e.data->size() >= kMiniCutoff) continue;
      e.size = e.data->size();
      if (e.data->empty()) continue;
      const std::size_t count = (e.data->size() + kMiniSector - 1) / kMiniSector;
      e.start = static_cast<std::uint32_t>(mini_fat.size());
      for (std::size_t k = 0; k < count; ++k) {
        mini_fat.push_back(k + 1 == count ? kEndOfChain
                                          : static_cast<std::uint32_t>(mini_fat.size() + 1));
      }
      mini_stream += *e.data;
      mini_stream.resize(mini_fat.size() * kMiniSector, '\0');
    }
    std::string mini_fat_bytes;
    for (const auto v : mini_fat) append32(mini_fat_bytes, v);

    // Sector runs after the FAT: directory, mini FAT, mini stream, large streams.
    std::vector<std::pair<const std::string*, std::uint32_t*>> runs;
    std::string directory_bytes;  // filled once starts are known; sized now
    const std::size_t directory_sectors = (entries_.size() * 128 + kSector - 1) / kSector;
    std::size_t data_sectors =
        directory_sectors + sectors(mini_fat_bytes.size()) + sectors(mini_stream.size());
    for (const auto& e : entries_) {
      if (e.type == 2 && e.data->size() >= kMiniCutoff) data_sectors += sectors(e.data->size());
    }
    std::size_t fat_sectors = 1;
    while (fat_sectors * (kSector / 4) < fat_sectors + data_sectors) ++fat_sectors;
    if (fat_sectors > 109) throw std::runtime_error("test compound file too large");

    std::vector<std::uint32_t> fat(fat_sectors, kFatSector);
    const auto chain = [&](std::size_t bytes) -> std::uint32_t {
      const std::size_t count = sectors(bytes);
      if (count == 0) return kEndOfChain;
      const auto first = static_cast<std::uint32_t>(fat.size());
      for (std::size_t k = 0; k < count; ++k) {
        fat.push_back(k + 1 == count ? kEndOfChain : static_cast<std::uint32_t>(fat.size() + 1));
      }
      return first;
    };
    const std::uint32_t directory_start = chain(directory_sectors * kSector);
    const std::uint32_t mini_fat_start = chain(mini_fat_bytes.size());
    entries_[0].start = chain(mini_stream.size());
    entries_[0].size = mini_stream.size();
    for (auto& e : entries_) {
      if (e.type == 2 && e.data->size() >= kMiniCutoff) {
        e.start = chain(e.data->size());
        e.size = e.data->size();
      }
    }
    fat.resize(fat_sectors * (kSector / 4), kFree);

    std::string out =
        header(fat_sectors, directory_start, mini_fat_start, sectors(mini_fat_bytes.size()));
    for (const auto v : fat) append32(out, v);
    for (const auto& e : entries_) append_entry(out, e);
    pad(out);
    out += mini_fat_bytes;
    pad(out);
    out += mini_stream;
    pad(out);
    for (const auto& e : entries_) {
      if (e.type == 2 && e.data->size() >= kMiniCutoff) {
        out += *e.data;
        pad(out);
      }
    }
    return out;
  }

 private:
  static std::size_t sectors(std::size_t bytes) { return (bytes + kSector - 1) / kSector; }
  static void pad(std::string& s) { s.resize((s.size() + kSector - 1) / kSector * kSector, '\0'); }

  // Adds `children` as entries and links them as a balanced binary search tree (all black:
  // readers do not check the colours); returns the root's index.
  std::uint32_t add_children(const std::vector<cfb_node>& children) {
    std::vector<const cfb_node*> sorted;
    for (const auto& c : children) sorted.push_back(&c);
    std::sort(sorted.begin(), sorted.end(),
              [](const cfb_node* a, const cfb_node* b) { return name_less(a->name, b->name); });
    std::vector<std::uint32_t> indexes;
    for (const cfb_node* c : sorted) {
      indexes.push_back(static_cast<std::uint32_t>(entries_.size()));
      entries_.push_back({c->name, c->storage ? 1 : 2, c->storage ? nullptr : &c->data});
    }
    for (std::size_t k = 0; k < sorted.size(); ++k) {
      if (sorted[k]->storage) {
        const std::uint32_t child = add_children(sorted[k]->children);
        entries_[indexes[k]].child = child;
      }
    }
    return link(indexes, 0, indexes.size());
  }

  std::uint32_t link(const std::vector<std::uint32_t>& indexes, std::size_t begin,
                     std::size_t end) {
    if (begin >= end) return kFree;
    const std::size_t mid = begin + (end - begin) / 2;
    const std::uint32_t left = link(indexes, begin, mid);
    const std::uint32_t right = link(indexes, mid + 1, end);
    entries_[indexes[mid]].left = left;
    entries_[indexes[mid]].right = right;
    return indexes[mid];
  }

  static std::string header(std::size_t fat_sectors, std::uint32_t directory_start,
                            std::uint32_t mini_fat_start, std::size_t mini_fat_sectors) {
    std::string h(kSector, '\0');
    h.replace(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    put16(h, 24, 0x003E);
    put16(h, 26, 3);
    put16(h, 28, 0xFFFE);
    put16(h, 30, 9);
    put16(h, 32, 6);
    put32(h, 44, static_cast<std::uint32_t>(fat_sectors));
    put32(h, 48, directory_start);
    put32(h, 56, kMiniCutoff);
    put32(h, 60, mini_fat_sectors == 0 ? kEndOfChain : mini_fat_start);
    put32(h, 64, static_cast<std::uint32_t>(mini_fat_sectors));
    put32(h, 68, kEndOfChain);
    for (std::size_t k = 0; k < 109; ++k)
      put32(h, 76 + 4 * k, k < fat_sectors ? static_cast<std::uint32_t>(k) : kFree);
    return h;
  }

  static void append_entry(std::string& out, const entry& e) {
    std::string name = utf16le(e.name);
    name.resize(64, '\0');
    out += name;
    std::string rest(64, '\0');
    put16(rest, 0, static_cast<std::uint32_t>((e.name.size() + 1) * 2));
    rest[2] = static_cast<char>(e.type);
    rest[3] = 1;  // black
    put32(rest, 4, e.left);
    put32(rest, 8, e.right);
    put32(rest, 12, e.child);
    put32(rest, 52, e.type == 1 ? 0 : e.start);
    put32(rest, 56, static_cast<std::uint32_t>(e.size));
    out += rest;
  }

  std::vector<entry> entries_;
};

std::string stream_name(std::uint16_t id, std::uint16_t type) {
  char name[32];
  std::snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, type);
  return name;
}

void append_message(const msg_message& m, std::size_t header_bytes, std::vector<cfb_node>& out) {
  m.append_streams(out, header_bytes);
  for (std::size_t k = 0; k < m.recipients.size(); ++k) {
    char name[48];
    std::snprintf(name, sizeof name, "__recip_version1.0_#%08X", static_cast<unsigned>(k));
    cfb_node storage{name, true, {}, {}};
    m.recipients[k].append_streams(storage.children, 8);
    out.push_back(std::move(storage));
  }
  for (std::size_t k = 0; k < m.attachments.size(); ++k) {
    char name[48];
    std::snprintf(name, sizeof name, "__attach_version1.0_#%08X", static_cast<unsigned>(k));
    cfb_node storage{name, true, {}, {}};
    m.attachments[k].append_streams(storage.children, 8);
    if (m.attachments[k].embedded) {
      cfb_node inner{stream_name(0x3701, 0x000D), true, {}, {}};
      append_message(*m.attachments[k].embedded, 24, inner.children);
      storage.children.push_back(std::move(inner));
    }
    out.push_back(std::move(storage));
  }
}

}  // namespace

std::string utf16le(const std::string& utf8) {
  std::string out;
  for (std::size_t k = 0; k < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[k]);
    std::uint32_t code = c;
    std::size_t len = 1;
    if (c >= 0xE0 && k + 2 < utf8.size()) {
      code = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(utf8[k + 1]) & 0x3Fu) << 6) |
             (static_cast<unsigned char>(utf8[k + 2]) & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && k + 1 < utf8.size()) {
      code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[k + 1]) & 0x3Fu);
      len = 2;
    }
    out += static_cast<char>(code & 0xFF);
    out += static_cast<char>(code >> 8);
    k += len;
  }
  return out;
}

std::string write_compound_file(const std::vector<cfb_node>& children) {
  return layout().write(children);
}

mapi_object& mapi_object::unicode(std::uint16_t id, const std::string& utf8) {
  variables_.push_back({id, 0x001F, utf16le(utf8) + std::string(2, '\0')});
  return *this;
}
mapi_object& mapi_object::string8(std::uint16_t id, const std::string& bytes) {
  variables_.push_back({id, 0x001E, bytes + std::string(1, '\0')});
  return *this;
}
mapi_object& mapi_object::binary(std::uint16_t id, const std::string& bytes) {
  variables_.push_back({id, 0x0102, bytes});
  return *this;
}
mapi_object& mapi_object::int32(std::uint16_t id, std::int32_t value) {
  fixed_.push_back({id, 0x0003, static_cast<std::uint32_t>(value)});
  return *this;
}
mapi_object& mapi_object::systime(std::uint16_t id, std::int64_t epoch) {
  fixed_.push_back(
      {id, 0x0040, static_cast<std::uint64_t>(epoch) * 10000000ull + 116444736000000000ull});
  return *this;
}

void mapi_object::append_streams(std::vector<cfb_node>& out, std::size_t header_bytes) const {
  std::string properties(header_bytes, '\0');
  for (const auto& v : variables_) {
    out.push_back({stream_name(v.id, v.type), false, v.bytes, {}});
    append32(properties, (static_cast<std::uint32_t>(v.id) << 16) | v.type);
    append32(properties, 6);  // readable, writable
    append32(properties, static_cast<std::uint32_t>(v.bytes.size()));
    append32(properties, 0);
  }
  for (const auto& f : fixed_) {
    append32(properties, (static_cast<std::uint32_t>(f.id) << 16) | f.type);
    append32(properties, 6);
    append64(properties, f.value);
  }
  out.push_back({"__properties_version1.0", false, properties, {}});
}

std::string write_msg(const msg_message& message) {
  std::vector<cfb_node> root;
  append_message(message, 32, root);
  return write_compound_file(root);
}

}  // namespace mfsim::test
