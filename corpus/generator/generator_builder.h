// Internal to the generator: the word lists and the builder of one synthetic message, whose
// parts live in generator_message.cc (choices, assembly), generator_headers.cc (the header
// block) and generator_body.cc (MIME bodies).
#pragma once

#include <algorithm>
#include <array>
#include <initializer_list>

#include "corpus/generator/generator_internal.h"

namespace mfsim::corpus::gen::message {

// ---- word lists (fictional people and example domains only) -----------------------------------

inline constexpr const char* kFirstNames[] = {
    "Adele",   "Alex", "Megan", "Lynne",  "Isaiah",    "Grady", "Lee",   "Nestor",   "Pradeep",
    "Johanna", "Joni", "Diego", "Miriam", "Henrietta", "Patti", "Irvin", "Christie", "Allan"};
inline constexpr const char* kLastNames[] = {
    "Vance",  "Wilber",  "Bowen",     "Robbins", "Langer",  "Archie",
    "Gu",     "Wilke",   "Gupta",     "Lorenz",  "Sherman", "Siciliani",
    "Graham", "Mueller", "Fernandez", "Sayers",  "Cline",   "Deyoung"};
inline constexpr const char* kTenantDomains[] = {"contoso.example", "fabrikam.example",
                                                 "adatum.example"};
inline constexpr const char* kSenderDomains[] = {
    "example.com",       "example.net",       "example.org",          "mail.example.com",
    "news.example.net",  "northwind.example", "tailspin.example",     "wingtip.example",
    "litware.example",   "proseware.example", "woodgrove.example",    "relecloud.example",
    "alpineski.example", "lucerne.example",   "fourthcoffee.example", "treyresearch.example"};
inline constexpr const char* kSenderLocals[] = {
    "info",     "news",    "billing", "no-reply", "support", "offers", "updates", "hr",
    "accounts", "service", "notify",  "team",     "sales",   "alerts", "payments"};
inline constexpr const char* kRegions[] = {"namprd11", "namprd04", "eurprd07", "namprd19",
                                           "apcprd06", "eurprd02", "namprd03", "gbrprd01"};
inline constexpr const char* kEopRegions[] = {"eop-NAM04", "eop-nam12", "eop-EUR03",
                                              "eop-nam02", "eop-APC01", "eop-eur01"};
inline constexpr const char* kCountries[] = {"US", "DE", "GB", "NL", "FR",
                                             "JP", "BR", "IN", "CA", "AU"};
inline constexpr const char* kLangs[] = {"en", "de", "fr", "nl", "ja", "pt", "es"};
inline constexpr const char* kWords[] = {
    "the",       "account",  "invoice",  "meeting",      "please",     "review",    "attached",
    "order",     "shipment", "update",   "team",         "project",    "schedule",  "thanks",
    "regards",   "quarter",  "report",   "budget",       "customer",   "service",   "delivery",
    "payment",   "offer",    "today",    "tomorrow",     "details",    "contact",   "support",
    "request",   "confirm",  "price",    "list",         "new",        "product",   "launch",
    "agenda",    "notes",    "action",   "items",        "follow",     "up",        "with",
    "and",       "for",      "our",      "your",         "this",       "that",      "we",
    "will",      "be",       "in",       "on",           "to",         "of",        "a",
    "is",        "are",      "have",     "has",          "can",        "you",       "it",
    "at",        "by",       "from",     "as",           "all",        "more",      "about",
    "time",      "week",     "month",    "year",         "office",     "travel",    "policy",
    "training",  "session",  "event",    "discount",     "members",    "exclusive", "limited",
    "free",      "shipping", "secure",   "login",        "password",   "verify",    "mailbox",
    "storage",   "quota",    "document", "shared",       "folder",     "access",    "approve",
    "signature", "contract", "renewal",  "subscription", "newsletter", "digest",    "summary",
    "status",    "ticket",   "resolved", "pending",      "warehouse",  "stock"};
inline constexpr const char* kPlainSubjects[] = {"Invoice {n} is overdue",
                                                 "Your weekly digest",
                                                 "Meeting notes for {d}",
                                                 "Exclusive offer ends tonight",
                                                 "Action required: verify your mailbox",
                                                 "Shipment {n} is on its way",
                                                 "Re: quarterly planning",
                                                 "FW: updated price list",
                                                 "Password expires in {k} days",
                                                 "New sign-in to your account",
                                                 "Your order #{n} has shipped",
                                                 "Payment received - thank you",
                                                 "Reminder: training session {d}",
                                                 "Contract renewal {n}",
                                                 "Storage quota almost full",
                                                 "Document shared with you",
                                                 "Newsletter: {d} edition",
                                                 "Limited time: {k}% off everything",
                                                 "Ticket {n} resolved",
                                                 "Agenda for {d}"};
inline constexpr const char* kUnicodeSubjects[] = {
    "Rechnung f\xc3\xbcr M\xc3\xa4rz {n}",
    "R\xc3\xa9servation confirm\xc3\xa9"
    "e n\xc2\xb0 {n}",
    "Ihre Bestellung wurde versandt",
    "Confirmaci\xc3\xb3n de pedido {n}",
    "Votre facture est disponible \xe2\x80\x94 \xc3\xa9"
    "ch\xc3\xa9"
    "ance {d}",
    "\xe3\x81\x94\xe6\xb3\xa8\xe6\x96\x87\xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c\xe3\x81\xa8\xe3\x81"
    "\x86 {n}",
    "\xd0\x92\xd0\xb0\xd1\x88 \xd0\xb7\xd0\xb0\xd0\xba\xd0\xb0\xd0\xb7 {n}",
    "Caf\xc3\xa9 \xe2\x98\x95 weekly offers"};
inline constexpr const char* kDispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE", "BULK"};
inline constexpr const char* kAttributes[] = {"BEC",
                                              "ENCRYPTED",
                                              "EXECUTABLE",
                                              "CUSTOM_BLOCK_LIST",
                                              "NEW_DOMAIN_SENDER=2",
                                              "NEW_DOMAIN_LINK=5"};
inline constexpr const char* kCiphers[] = {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                                           "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
inline constexpr const char* kAttachmentNames[] = {"invoice.pdf", "statement.pdf", "report.xlsx",
                                                   "photo.jpg",   "scan.png",      "agenda.docx"};
inline constexpr const char* kAttachmentTypes[] = {
    "application/pdf",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
// Minutes from UTC for senders' and on-premises servers' clocks, with the comment some add.
struct zone {
  int offset;
  const char* comment;
};
inline constexpr zone kZones[] = {{0, ""},    {0, " (UTC)"},  {-480, " (PST)"}, {-420, " (PDT)"},
                                  {-300, ""}, {60, " (CET)"}, {120, ""},        {330, ""},
                                  {540, ""},  {600, ""},      {-180, ""},       {0, " (GMT)"}};

// Body sizes: a log-normal-like spread (median about 3 KB, tail to 200 KB) as weighted
// log-spaced buckets, so no floating point (whose last bits vary across libm versions).
struct size_bucket {
  std::uint32_t lo, hi;
};
inline constexpr size_bucket kSizeBuckets[] = {
    {200, 400},    {400, 800},     {800, 1600},    {1600, 3200},    {3200, 6400},
    {6400, 12800}, {12800, 25600}, {25600, 51200}, {51200, 102400}, {102400, 204800}};
inline constexpr std::uint64_t kSizeWeights[] = {40, 110, 190, 220, 180, 120, 75, 40, 18, 7};

// Where the connecting IP can be read, strongest first (cli-contract.md "Connecting IP").
enum class ip_style { xfar, sender_ip, auth_results, received_spf, received, none };
inline constexpr std::uint64_t kStyleWeights[] = {600, 200, 60, 50, 70, 20};

enum class damage { none, no_separator, bare_cr, nul_byte, stray_line, leading_continuation };
inline constexpr std::uint64_t kDamageWeights[] = {955, 10, 10, 10, 8, 7};

// The message's own EOP verdict profiles, weighted per disposition class (per mille).
enum class profile {
  clean,
  skip,
  bulk_low,
  bulk,
  bulk_bcl,
  spam,
  hcs,
  phish,
  hphish,
  malware,
  spoof,
  imp,
  no_scl
};
inline constexpr std::size_t kProfiles = 13;
enum class verdict_class { none, malicious, suspicious, spoof, uce, bulk };
// clang-format off
inline constexpr std::uint64_t kProfileWeights[6][kProfiles] = {
  //  cln  skp  blo  blk  bcl  spm  hcs  phs  hph  mal  spf  imp  nos
    {760,  30,  40,  30,  15,  40,  20,  12,   5,   3,  10,   5,  30},  // no disposition
    {300,  10,   0,   0,   0, 110, 190, 180, 100,  80,  20,   0,  10},  // MALICIOUS
    {490,  10,   0,   0,   0, 200,  80, 150,  30,   0,  30,   0,  10},  // SUSPICIOUS
    {380,  10,   0,   0,   0, 150,  50, 100,   0,   0, 290,  10,  10},  // SPOOF
    {430,  10,   0,  80,  50, 290, 120,   0,   0,   0,   0,   0,  20},  // UCE and other words
    {200,  10, 250, 340, 150,  40,   0,   0,   0,   0,   0,   0,  10},  // BULK
};
// clang-format on

// ---- the builder ------------------------------------------------------------------------------

// Concatenation whose parts are evaluated left to right: the elements of a braced list are
// sequenced, the operands of a `+` chain are not, and the random draws must come in one order
// whatever the compiler (GCC and Clang order `a() + b()` differently).
inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out.append(p);
  return out;
}

inline std::string num(std::int64_t v) { return std::to_string(v); }

inline bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) {
             return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
           };
           return lower(x) == lower(y);
         });
}

enum class body_kind { plain, alternative, mixed };

class builder {
 public:
  builder(const builder_context& ctx, rng& r, std::string& head, std::string& body,
          message_facts& facts)
      : ctx_(ctx), r_(r), head_(head), body_(body), facts_(facts) {}

  // Writes the message into `out`.
  void build(std::string_view disposition, std::int64_t arrival, std::string& out);

 private:
  // ---- choices
  void choose(std::string_view disposition, std::int64_t arrival);
  void choose_verdict(std::string_view disposition);
  ip_value random_in(const ip_range& range);
  ip_value egress_address();
  ip_value outside_address();
  ip_value documentation_v6();
  ip_value documentation_address();  // RFC 5737 and RFC 3849 ranges
  ip_value bait_address() { return ctx_.egress.empty() ? outside_address() : egress_address(); }

  // ---- headers, in the order they appear
  void header(std::string_view name, std::string_view value) {
    head_ += name;
    head_ += ": ";
    head_ += value;
    head_ += '\n';
  }
  void hybrid_hops();
  void top_date(std::string& out);
  void exchange_hops();
  void authentication_headers();
  void frontend_hop();
  void area1_hop();
  void sender_hop();
  void disposition_headers();
  void original_headers();
  void subject();
  void eop_stamps();
  void xfar();
  void mime_headers();

  // ---- body and assembly
  void body();
  void text(std::string& out, std::size_t target, bool plain_only);
  void html(std::size_t target);
  void attachment(std::size_t target);
  void assemble(std::string& out);

  // ---- small pieces
  std::string hex(int digits);
  std::string guid() { return cat({hex(8), "-", hex(4), "-", hex(4), "-", hex(4), "-", hex(12)}); }
  std::string exchange_id() {
    return cat({"15.20.", num(r_.between(6500, 8900)), ".", num(r_.between(10, 60))});
  }
  std::string internal_v6();
  std::string private_v4();
  // Exchange Online server names: mailbox "PH0PR11MB4966", client access "MW4PR04CA0127",
  // frontend "CO1PEPF000044F6".
  std::string server_name(std::string_view role) {
    static constexpr const char* kSites[] = {"PH0", "SA1", "MW4", "CO1", "BN8",
                                             "DM6", "BY5", "CH2", "AM6", "DB9"};
    if (role == "PEPF") return cat({r_.pick(kSites), "PEPF0000", upper_hex(4)});
    return cat({r_.pick(kSites), "PR", num(r_.between(10, 19)), role, num(r_.between(1000, 9999))});
  }
  std::string upper_hex(int digits) {
    std::string h = hex(digits);
    for (char& c : h) {
      if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    }
    return h;
  }
  // "Name:\n value": Exchange's layout for long values.
  void folded_header(std::string_view name, std::string_view value) {
    head_ += name;
    head_ += ":\n ";
    head_ += value;
    head_ += '\n';
  }
  std::string random_host(std::string_view domain) {
    static constexpr const char* kPrefixes[] = {"mail", "smtp",  "mx1",  "mx2",
                                                "out",  "relay", "mta7", "bounce"};
    return cat({r_.pick(kPrefixes), ".", domain});
  }
  void date(std::string& out, std::int64_t epoch, const zone& z, bool fold = false) {
    append_rfc5322_date(out, epoch, z.offset, fold);
    out += z.comment;
  }
  // "26 Jul 2023 17:59:05.7123\n (UTC)", as Exchange's ...ArrivalTime headers write it.
  std::string exchange_time(std::int64_t epoch);

  const builder_context& ctx_;
  rng& r_;
  std::string& head_;
  std::string& body_;
  message_facts& facts_;

  std::int64_t t_ = 0;     // the topmost Received: time
  std::int64_t sent_ = 0;  // Date:
  zone sender_zone_{};
  std::string disposition_;  // "" = none
  bool via_egress_ = false;
  ip_value ip_{};         // the connecting IP
  ip_value origin_ip_{};  // the original sender, behind Area 1
  ip_style style_ = ip_style::xfar;
  bool has_received_ = true;
  bool has_date_ = true;
  bool hybrid_ = false;
  damage damage_ = damage::none;
  int eol_ = 0;  // 0: LF, 1: CRLF, 2: CRLF header and LF body
  profile profile_ = profile::clean;
  std::optional<int> scl_;
  std::string cat_ = "NONE";
  std::optional<int> bcl_;
  body_kind kind_ = body_kind::plain;
  std::size_t body_target_ = 0;
  std::string boundary_;
  std::string ext_host_, fe_, ca_, mbx_, region_;
  std::string from_name_, from_addr_, from_domain_, to_name_, to_addr_;
};

// A message whose header block yields no field (decisions.md 1): words, no colon anywhere.
void no_header_text(rng& r, std::string& out);

}  // namespace mfsim::corpus::gen::message
