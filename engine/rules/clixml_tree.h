// Internal to the Export-Clixml importer: a CLIXML document (PowerShell's serialization,
// [MS-PSRP] 2.2.5) as the tree of values the export importers read (export_objects.h), each
// key and value keeping the byte offset of its element in the file, so that diagnostics point
// into the .xml file.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "engine/rules/json_locator.h"
#include "engine/rules/validate.h"
#include "engine/rules/xml_reader.h"

namespace mfsim::rules::clixml {

// The values an object becomes:
//   <S>, <DT>, <G>, <URI>, <Version>, ... : text (<DT> as written: xs:dateTime);
//   <B>: boolean; <I32>, <I64>, <U32>, <Db>, <D>, ...: number; <Nil/>: null;
//   <TS> (a TimeSpan, xs:duration): {"TotalHours": n}, as ConvertTo-Json writes a TimeSpan;
//   <Obj> with <LST>, <IE>, <STK> or <QUE>: a list; with <DCT>: an object of its entries;
//   <Obj> with a value of its own (an enumeration: <ToString>Enforce</ToString><I32>0</I32>):
//     its <ToString>, else the value;
//   <Obj> with <Props> or <MS>: an object of the properties, at the top; nested, its
//     <ToString> when it has one (an SmtpAddress, an IPRange), else the object;
//   <Obj> with only a <ToString>: that text;
//   <Ref RefId="n"/>: a copy of the earlier <Obj RefId="n">.
// The root is an array of the <Objs> element's items; an item that is a list (Export-Clixml
// -InputObject $rules writes the array as one object) gives its items instead.
struct tree {
  nlohmann::ordered_json root;
  json_export::located at;
};

// Why a document is not read.
struct problem {
  diag_code code = diag_code::bad_value;
  std::size_t offset = 0;
  std::string message;
};

// What the RefIds a first reading keeps (xml::check) may take in a document of `document_size`
// bytes, in bytes of memory: the file's size plus 16 MiB (decisions 983, 1012).
[[nodiscard]] std::size_t expansion_budget(std::size_t document_size) noexcept;

// What <Ref> elements may take in a document of `document_size` bytes, in bytes of memory (about
// 128 a value besides its text): the objects they name, kept, plus every copy they make. A multiple
// of the file (decision 1030): Export-Clixml writes a <Ref> for each object met again, so an export
// whose objects are each named again a few times takes a few times its values, which are about
// 2.4 times its bytes (a mailbox's list of 3 senders: 540 bytes of values for 225 of XML), at
// any size; a billion-laughs or one large object named millions of times stops here.
inline constexpr std::size_t kReferenceBytesPerByte = 16;
[[nodiscard]] std::size_t reference_budget(std::size_t document_size) noexcept;

// Reads the <Objs> element `root` of a document of `document_size` bytes into `out`. Returns
// false and fills `why` for an element CLIXML does not have where it stands, a value that is
// not of its type, a <Ref> or <TNRef> to no earlier element, nesting past
// json_export::kMaxNesting or expansion past reference_budget.
[[nodiscard]] bool read(const xml::element& root, std::size_t document_size, tree& out,
                        problem& why);

// What read() does, an item of <Objs> at a time, for a document read with xml::parse_children:
// reading it takes its largest item, not its size. `referenced` holds the RefIds the document's
// <Ref> elements name (found by xml::check(document, root, "Ref", "RefId", ...)): only those
// objects are kept after their item.
class builder;
class item_reader {
 public:
  item_reader(std::size_t document_size, std::set<std::string> referenced);
  ~item_reader();
  item_reader(const item_reader&) = delete;
  item_reader& operator=(const item_reader&) = delete;

  // Appends the values of `item`, a child of <Objs>, to `out` (one, or a list's items, as read()
  // gives them). False, with `why`, as read() for the document.
  [[nodiscard]] bool read(const xml::element& item, tree& out, problem& why);

 private:
  std::unique_ptr<builder> builder_;
};

}  // namespace mfsim::rules::clixml
