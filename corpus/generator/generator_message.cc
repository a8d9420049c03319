// Building one synthetic message: Exchange Online Received chains, EOP verdict headers, the
// Area 1 disposition, MIME bodies of a realistic size spread, and occasional damage; every choice
// that decides the record is written to message_facts as it is made.
//
// The message is assembled with LF line ends and converted at the end (CRLF, mixed), so that a
// bare CR or a missing separator can be placed without disturbing what the facts describe.
#include <algorithm>
#include <array>

#include "corpus/generator/generator_internal.h"

namespace mfsim::corpus::gen {
namespace {

// ---- word lists (fictional people and example domains only) -----------------------------------

constexpr const char* kFirstNames[] = {
    "Adele",   "Alex", "Megan", "Lynne",  "Isaiah",    "Grady", "Lee",   "Nestor",   "Pradeep",
    "Johanna", "Joni", "Diego", "Miriam", "Henrietta", "Patti", "Irvin", "Christie", "Allan"};
constexpr const char* kLastNames[] = {"Vance",   "Wilber",    "Bowen",  "Robbins", "Langer",
                                      "Archie",  "Gu",        "Wilke",  "Gupta",   "Lorenz",
                                      "Sherman", "Siciliani", "Graham", "Mueller", "Fernandez",
                                      "Sayers",  "Cline",     "Deyoung"};
constexpr const char* kTenantDomains[] = {"contoso.example", "fabrikam.example", "adatum.example"};
constexpr const char* kSenderDomains[] = {
    "example.com",       "example.net",       "example.org",          "mail.example.com",
    "news.example.net",  "northwind.example", "tailspin.example",     "wingtip.example",
    "litware.example",   "proseware.example", "woodgrove.example",    "relecloud.example",
    "alpineski.example", "lucerne.example",   "fourthcoffee.example", "treyresearch.example"};
constexpr const char* kSenderLocals[] = {"info",   "news",    "billing", "no-reply", "support",
                                         "offers", "updates", "hr",      "accounts", "service",
                                         "notify", "team",    "sales",   "alerts",   "payments"};
constexpr const char* kRegions[] = {"namprd11", "namprd04", "eurprd07", "namprd19",
                                    "apcprd06", "eurprd02", "namprd03", "gbrprd01"};
constexpr const char* kEopRegions[] = {"eop-NAM04", "eop-nam12", "eop-EUR03",
                                       "eop-nam02", "eop-APC01", "eop-eur01"};
constexpr const char* kCountries[] = {"US", "DE", "GB", "NL", "FR", "JP", "BR", "IN", "CA", "AU"};
constexpr const char* kLangs[] = {"en", "de", "fr", "nl", "ja", "pt", "es"};
constexpr const char* kWords[] = {
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
constexpr const char* kPlainSubjects[] = {"Invoice {n} is overdue",
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
constexpr const char* kUnicodeSubjects[] = {
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
constexpr const char* kDispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE", "BULK"};
constexpr const char* kAttributes[] = {"BEC",
                                       "ENCRYPTED",
                                       "EXECUTABLE",
                                       "CUSTOM_BLOCK_LIST",
                                       "NEW_DOMAIN_SENDER=2",
                                       "NEW_DOMAIN_LINK=5"};
constexpr const char* kCiphers[] = {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
constexpr const char* kAttachmentNames[] = {"invoice.pdf", "statement.pdf", "report.xlsx",
                                            "photo.jpg",   "scan.png",      "agenda.docx"};
constexpr const char* kAttachmentTypes[] = {
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
constexpr zone kZones[] = {{0, ""},    {0, " (UTC)"},  {-480, " (PST)"}, {-420, " (PDT)"},
                           {-300, ""}, {60, " (CET)"}, {120, ""},        {330, ""},
                           {540, ""},  {600, ""},      {-180, ""},       {0, " (GMT)"}};

// Body sizes: a log-normal-like spread (median about 3 KB, tail to 200 KB) as weighted
// log-spaced buckets, so no floating point (whose last bits vary across libm versions).
struct size_bucket {
  std::uint32_t lo, hi;
};
constexpr size_bucket kSizeBuckets[] = {
    {200, 400},    {400, 800},     {800, 1600},    {1600, 3200},    {3200, 6400},
    {6400, 12800}, {12800, 25600}, {25600, 51200}, {51200, 102400}, {102400, 204800}};
constexpr std::uint64_t kSizeWeights[] = {40, 110, 190, 220, 180, 120, 75, 40, 18, 7};

// Where the connecting IP can be read, strongest first (cli-contract.md "Connecting IP").
enum class ip_style { xfar, sender_ip, auth_results, received_spf, received, none };
constexpr std::uint64_t kStyleWeights[] = {600, 200, 60, 50, 70, 20};

enum class damage { none, no_separator, bare_cr, nul_byte, stray_line, leading_continuation };
constexpr std::uint64_t kDamageWeights[] = {955, 10, 10, 10, 8, 7};

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
constexpr std::size_t kProfiles = 13;
enum class verdict_class { none, malicious, suspicious, spoof, uce, bulk };
// clang-format off
constexpr std::uint64_t kProfileWeights[6][kProfiles] = {
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
std::string cat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out.append(p);
  return out;
}

std::string num(std::int64_t v) { return std::to_string(v); }

bool same_name(std::string_view a, std::string_view b) {
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

std::string builder::hex(int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < digits; ++i) s += kHex[r_.below(16)];
  if (digits > 1 && s[0] == '0') s[0] = 'a';
  return s;
}

std::string builder::internal_v6() {
  static constexpr const char* kPrefixes[] = {
      "2603:10b6:510:", "2603:10b6:303:", "2603:10a6:20b:", "2603:1096:4:"};
  return cat({r_.pick(kPrefixes), hex(r_.between_int(1, 4)), "::", hex(r_.between_int(1, 2))});
}

std::string builder::private_v4() {
  const auto octet = [&](int lo, int hi) { return num(r_.between(lo, hi)); };
  switch (r_.below(3)) {
    case 0: return cat({"10.", octet(0, 255), ".", octet(0, 255), ".", octet(1, 254)});
    case 1: return cat({"172.", octet(16, 31), ".", octet(0, 255), ".", octet(1, 254)});
    default: return cat({"192.168.", octet(0, 255), ".", octet(1, 254)});
  }
}

std::string builder::exchange_time(std::int64_t epoch) {
  std::string d;
  append_rfc5322_date(d, epoch, 0);  // "Tue, 5 Mar 2024 14:22:31 +0000"
  return d.substr(5, d.size() - 5 - 6) + "." + std::to_string(r_.between(1000, 9999)) + "\n (UTC)";
}

ip_value builder::random_in(const ip_range& range) {
  u128 lo = range.lo.value, hi = range.hi.value;
  if (hi - lo >= 3 && !range.lo.v6) {  // keep off the network and broadcast-looking ends
    ++lo;
    --hi;
  }
  const u128 span = hi - lo;
  u128 offset = 0;
  if (span < (u128{1} << 63)) {
    offset = r_.below(static_cast<std::uint64_t>(span) + 1);
  } else {
    int bits = 0;
    while (bits < 128 && (span >> bits) != 0) ++bits;
    const u128 mask = bits >= 128 ? ~u128{0} : ((u128{1} << bits) - 1);
    do {
      const u128 high = r_.next();
      offset = ((high << 64) | r_.next()) & mask;
    } while (offset > span);
  }
  return ip_value{range.lo.v6, lo + offset};
}

ip_value builder::egress_address() {
  // 134.195.27.0/24 joined the list in 2023: give it a fair share, it is the regression case.
  if (r_.chance(100)) {
    const auto late = parse_ip("134.195.27.1");
    for (const auto& range : ctx_.egress) {
      if (range.contains(*late)) return random_in(range);
    }
  }
  return random_in(r_.pick_from(ctx_.egress));
}

ip_value builder::documentation_v6() {
  // 2001:db8::/32, mostly with the short interface ids that servers have.
  u128 v = u128{0x20010db8} << 96;
  if (r_.chance(700)) {
    v |= u128{r_.below(0x10000)} << 80;
    v |= u128{r_.below(0x100)} << 64;
    v |= static_cast<std::uint64_t>(r_.between(1, 0x3ff));
  } else {
    const u128 high = r_.next();
    v |= ((high << 64) | r_.next()) & ((u128{1} << 96) - 1);
  }
  return ip_value{true, v};
}

ip_value builder::outside_address() {
  if (!ctx_.near_misses.empty() && r_.chance(60)) return random_in(r_.pick_from(ctx_.near_misses));
  return documentation_address();
}

ip_value builder::documentation_address() {
  if (r_.chance(100)) return documentation_v6();
  static constexpr std::uint32_t kNets[] = {0xc0000200u, 0xc6336400u, 0xcb007100u};  // RFC 5737
  const std::uint32_t net = kNets[r_.below(3)];
  return ip_value{false, net | static_cast<std::uint32_t>(r_.between(1, 254))};
}

void builder::choose_verdict(std::string_view disposition) {
  verdict_class c = verdict_class::uce;  // UCE, and any other word a mix names
  if (disposition.empty())
    c = verdict_class::none;
  else if (disposition == "MALICIOUS")
    c = verdict_class::malicious;
  else if (disposition == "SUSPICIOUS")
    c = verdict_class::suspicious;
  else if (disposition == "SPOOF")
    c = verdict_class::spoof;
  else if (disposition == "BULK")
    c = verdict_class::bulk;
  const std::uint64_t* weights = kProfileWeights[static_cast<std::size_t>(c)];
  profile_ = static_cast<profile>(pick_weighted(r_, weights, kProfiles));
  if (profile_ == profile::no_scl && style_ == ip_style::xfar) profile_ = profile::clean;

  int bcl = r_.chance(700) ? 0 : r_.between_int(1, 3);
  if (r_.chance(50)) bcl = r_.between_int(4, 6);
  switch (profile_) {
    case profile::clean:
      scl_ = r_.chance(900) ? 1 : 0;
      cat_ = "NONE";
      break;
    case profile::skip:
      scl_ = -1;
      cat_ = "NONE";
      bcl = 0;
      break;
    case profile::bulk_low:
      scl_ = 1;
      cat_ = "NONE";
      bcl = r_.between_int(4, 6);
      break;
    case profile::bulk:
      scl_ = r_.chance(500) ? 1 : 6;
      cat_ = "BULK";
      bcl = r_.between_int(7, 9);
      break;
    case profile::bulk_bcl:
      scl_ = 1;
      cat_ = "NONE";
      bcl = r_.between_int(7, 9);
      break;
    case profile::spam:
      scl_ = r_.between_int(5, 6);
      cat_ = "SPM";
      break;
    case profile::hcs:
      scl_ = r_.between_int(7, 9);
      cat_ = "HSPM";
      break;
    case profile::phish:
      scl_ = r_.chance(700) ? 5 : 1;
      cat_ = "PHSH";
      break;
    case profile::hphish:
      scl_ = r_.chance(800) ? 9 : 5;
      cat_ = r_.chance(850) ? "HPHSH" : "HPHISH";
      break;
    case profile::malware:
      scl_ = r_.chance(600) ? 9 : 1;
      cat_ = "MALW";
      break;
    case profile::spoof:
      scl_ = r_.chance(750) ? 5 : 1;
      cat_ = "SPOOF";
      break;
    case profile::imp:
      scl_ = r_.chance(500) ? 5 : 1;
      cat_ = r_.chance(500) ? "DIMP" : "UIMP";
      break;
    case profile::no_scl:
      scl_.reset();
      cat_ = "NONE";
      break;
  }
  if (profile_ == profile::bulk || profile_ == profile::bulk_bcl || r_.chance(900)) bcl_ = bcl;

  // What the engine must read back (cli-contract.md "The message's own EOP verdict"): XFAR
  // carries SCL and CAT; without it only X-MS-Exchange-Organization-SCL, so no category.
  facts_.scl = scl_;
  facts_.bcl = bcl_;
  if (style_ == ip_style::xfar) {
    if (cat_ == "PHSH")
      facts_.category = eop_category::phish;
    else if (cat_ == "HPHSH" || cat_ == "HPHISH")
      facts_.category = eop_category::high_confidence_phish;
    else if (cat_ == "MALW")
      facts_.category = eop_category::malware;
    else if (cat_ == "BULK")
      facts_.category = eop_category::bulk;
  }
}

void builder::choose(std::string_view disposition, std::int64_t arrival) {
  disposition_ = disposition;
  t_ = arrival;
  sender_zone_ = r_.pick(kZones);
  sent_ = t_ - r_.between(3, 900);
  eol_ = r_.chance(600) ? 1 : (r_.chance(950) ? 0 : 2);
  style_ = static_cast<ip_style>(pick_weighted(r_, kStyleWeights, std::size(kStyleWeights)));
  damage_ = static_cast<damage>(pick_weighted(r_, kDamageWeights, std::size(kDamageWeights)));
  via_egress_ = !ctx_.egress.empty() && r_.chance(750);
  ip_ = via_egress_ ? egress_address() : outside_address();
  origin_ip_ = documentation_address();
  has_received_ = style_ == ip_style::received || style_ == ip_style::none || !r_.chance(10);
  has_date_ = has_received_ || r_.chance(800);
  hybrid_ = has_received_ && r_.chance(100);
  region_ = r_.pick(kRegions);
  fe_ = server_name("PEPF");
  ca_ = server_name("CA0");
  mbx_ = server_name("MB");

  from_domain_ = r_.pick(kSenderDomains);
  from_name_ = cat({r_.pick(kFirstNames), " ", r_.pick(kLastNames)});
  from_addr_ = std::string(r_.pick(kSenderLocals)) + "@" + from_domain_;
  const std::string first = r_.pick(kFirstNames), last = r_.pick(kLastNames);
  to_name_ = first + " " + last;
  std::string local = first + "." + last;
  for (char& c : local) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  to_addr_ = local + "@" + r_.pick(kTenantDomains);
  ext_host_ = via_egress_ ? "mxout" + std::to_string(r_.between(1, 9)) + ".area1-egress.example"
                          : random_host(from_domain_);

  const auto& bucket = kSizeBuckets[pick_weighted(r_, kSizeWeights, std::size(kSizeWeights))];
  body_target_ = static_cast<std::size_t>(r_.between(bucket.lo, bucket.hi));
  if (damage_ == damage::no_separator)
    kind_ = body_kind::plain;
  else if (body_target_ > 48 * 1024 && r_.chance(700))
    kind_ = body_kind::mixed;
  else
    kind_ = static_cast<body_kind>(
        pick_weighted(r_, std::array<std::uint64_t, 3>{500, 350, 150}.data(), 3));
  boundary_ = "_000_" + hex(24) + "_";

  choose_verdict(disposition);

  // The connecting IP and where it is read: the strongest source written wins
  // (cli-contract.md "Connecting IP"); the writers below write exactly what `style_` says.
  static constexpr std::string_view kSources[] = {"x-forefront-antispam-report",
                                                  "x-sender-ip",
                                                  "authentication-results",
                                                  "received-spf",
                                                  "received",
                                                  "none"};
  facts_.sender_ip_source = kSources[static_cast<std::size_t>(style_)];
  if (style_ != ip_style::none) facts_.sender_ip = ip_;
  if (has_received_)
    facts_.received = t_;
  else if (has_date_)
    facts_.received = sent_;
}

// ---- headers ----------------------------------------------------------------------------------

void builder::hybrid_hops() {
  // An on-premises Exchange behind EOP (hybrid): loopback, private, unique-local and link-local
  // hops above EOP's, with non-Microsoft names, dated in the server's zone. The walk skips them.
  const zone& z = r_.pick(kZones);
  const std::string tenant = r_.pick(kTenantDomains);
  const auto hop = [&](const std::string& from_clause) {
    std::string v = cat({from_clause, " by EXCH0", num(r_.between(1, 4)), ".corp.", tenant, "\n (",
                         private_v4(), ") with Microsoft SMTP Server (version=TLS1_2,\n cipher=",
                         r_.pick(kCiphers), ") id 15.2.1118.", num(r_.between(10, 40)), "; "});
    date(v, t_, z, r_.chance(200));
    header("Received", v);
  };
  if (r_.chance(300)) {
    // A gateway's hop without a from clause on top; it dates the message, in one of the forms
    // RFC 5322 allows: named zones, no day of week, no seconds.
    std::string v =
        cat({"by mailgw.corp.", tenant, " (Postfix, from userid 0)\n\tid ", upper_hex(10), "; "});
    top_date(v);
    header("Received", v);
    hop("from internal-relay.corp." + tenant);  // a from clause without an address literal
  }
  switch (r_.below(4)) {
    case 0: hop("from localhost (127.0.0.1)"); break;
    case 1:
      hop(cat({"from EXCH0", num(r_.between(5, 8)), ".corp.", tenant, " (", private_v4(), ")"}));
      break;
    case 2:
      hop(cat({"from edge.corp.", tenant, " ([IPv6:fd12:3456:789a:", hex(2), "::", hex(2), "])"}));
      break;
    default:
      hop(cat({"from gw.corp.", tenant, " ([IPv6:fe80::", hex(3), ":", hex(4), "])"}));
      break;
  }
  if (r_.chance(400)) hop("from EXCH09.corp." + tenant + " (" + private_v4() + ")");
}

void builder::top_date(std::string& out) {
  struct named_zone {
    const char* name;
    int offset;
  };
  static constexpr named_zone kNamed[] = {
      {"GMT", 0},    {"UT", 0},     {"EST", -300}, {"EDT", -240}, {"CST", -360},
      {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
  const named_zone& nz = r_.pick(kNamed);
  std::string d;
  append_rfc5322_date(d, t_, nz.offset);  // "Fri, 12 Apr 2024 09:01:37 -0400"
  switch (r_.below(3)) {
    case 0: d.replace(d.size() - 5, 5, nz.name); break;
    case 1: d.erase(0, 5); break;
    default:
      d.erase(d.size() - 9, 3);  // "09:01 -0400": the received time loses its seconds
      facts_.received = t_ - t_ % 60;
      break;
  }
  out += d;
}

void builder::exchange_hops() {
  std::string v;
  if (!hybrid_) {
    v = cat({"from ", mbx_, ".", region_, ".prod.outlook.com (", internal_v6(), ")\n by ",
             server_name("MB"), ".", region_, ".prod.outlook.com with HTTPS; "});
    date(v, t_, kZones[0], r_.chance(300));
    header("Received", v);
  }
  const std::int64_t inner = t_ - (r_.chance(500) ? 1 : 0);
  if (r_.chance(800)) {
    v = cat({"from ", ca_, ".", region_, ".prod.outlook.com (", internal_v6(), ")\n by ", mbx_, ".",
             region_, ".prod.outlook.com (", internal_v6(),
             ") with\n Microsoft SMTP Server (version=TLS1_2,\n cipher=", r_.pick(kCiphers),
             ") id ", exchange_id(), "; "});
    date(v, inner, kZones[0]);
    header("Received", v);
  }
  // The frontend's hop to the mailbox side: from an EOP server (.outlook.com, .office365.com,
  // .exchangelabs.com) or from a private address.
  switch (r_.below(4)) {
    case 0:
      v = cat({"from ", fe_, ".", r_.pick(kEopRegions), ".prod.protection.outlook.com\n (",
               internal_v6(), ") by ", ca_, ".outlook.office365.com\n (", internal_v6(),
               ") with Microsoft SMTP Server"});
      break;
    case 1:
      v = cat({"from ", fe_, ".", region_, ".prod.outlook.com\n (", internal_v6(), ") by ", ca_,
               ".outlook.office365.com\n (", internal_v6(), ") with Microsoft SMTP Server"});
      break;
    case 2:
      v = cat({"from ", ca_, ".outlook.office365.com (", internal_v6(), ")\n by ", mbx_, ".",
               region_, ".prod.exchangelabs.com (", internal_v6(), ") with Microsoft SMTP Server"});
      break;
    default:
      v = cat({"from ", server_name("CA0"), ".internal.cloudapp.example (", private_v4(), ")\n by ",
               ca_, ".outlook.office365.com (", internal_v6(), ") with Microsoft SMTP Server"});
      break;
  }
  v += cat({" (version=TLS1_2,\n cipher=", r_.pick(kCiphers), ") id ", exchange_id(),
            " via Frontend\n Transport; "});
  date(v, inner, kZones[0]);
  header("Received", v);
}

void builder::authentication_headers() {
  const std::string ip = format_ip(ip_);
  static constexpr const char* kSpf[] = {"pass",     "pass", "pass",     "fail",
                                         "softfail", "none", "temperror"};
  const std::string spf = r_.pick(kSpf);
  const std::string rcpt_domain = to_addr_.substr(to_addr_.find('@') + 1);
  if (r_.chance(50)) {  // an ARC copy naming another address: a different header, never read
    header("ARC-Authentication-Results",
           "i=1; mx.microsoft.com 1; spf=pass (sender ip is\n " + format_ip(bait_address()) +
               ") smtp.rcpttodomain=" + rcpt_domain + " smtp.mailfrom=" + from_domain_ +
               "; dmarc=pass action=none");
  }
  const bool ar_may_name_ip = style_ == ip_style::xfar || style_ == ip_style::sender_ip;
  if (style_ == ip_style::auth_results && r_.chance(200)) {
    // An instance that names no address comes first: it is passed over (decisions.md 7).
    header("Authentication-Results",
           "spf=none (sender IP is unknown)\n smtp.mailfrom=" + from_domain_ + "; dkim=none");
  }
  if (style_ == ip_style::received_spf && r_.chance(150)) {
    header("Received-SPF", "None (protection.outlook.com: " + from_domain_ +
                               " does not designate\n permitted sender hosts)");
  }
  if (style_ == ip_style::auth_results || (ar_may_name_ip && r_.chance(900))) {
    header("Authentication-Results",
           "spf=" + spf + " (sender IP is " + ip + ")\n smtp.mailfrom=" + from_domain_ +
               "; dkim=pass (signature was verified)\n header.d=" + from_domain_ +
               ";dmarc=pass action=none header.from=" + from_domain_ +
               ";compauth=pass\n reason=100");
  } else if (r_.chance(500)) {  // an upstream server's results: no "sender IP is"
    header("Authentication-Results", "mx." + from_domain_ + "; spf=pass smtp.mailfrom=" +
                                         from_domain_ + ";\n dkim=pass header.d=" + from_domain_);
  }
  const bool spf_may_name_ip = style_ != ip_style::received && style_ != ip_style::none;
  if (style_ == ip_style::received_spf || (spf_may_name_ip && r_.chance(850))) {
    if (spf == "pass") {
      header("Received-SPF",
             "Pass (protection.outlook.com: domain of " + from_domain_ + " designates\n " + ip +
                 " as permitted sender) receiver=protection.outlook.com;\n client-ip=" + ip +
                 "; helo=" + ext_host_ + "; pr=C");
    } else {
      header("Received-SPF",
             "Fail (protection.outlook.com: domain of " + from_domain_ + " does not\n designate " +
                 ip + " as permitted sender)\n receiver=protection.outlook.com; client-ip=" + ip +
                 ";\n helo=" + ext_host_ + ";");
    }
  }
}

void builder::frontend_hop() {
  // The first hop from outside Exchange Online: the connecting IP in the from clause.
  std::string v = "from " + ext_host_;
  const std::string ip = format_ip(ip_);
  if (style_ == ip_style::none) {
    if (r_.chance(500)) v += " (unknown)";
  } else if (ip_.v6) {
    v += r_.chance(500) ? " (" + ip + ")" : " ([IPv6:" + ip + "])";
  } else {
    switch (r_.below(5)) {
      case 0: v += " (" + ext_host_ + " [" + ip + "])"; break;
      case 1: v += " ([" + ip + "])"; break;
      case 2:
        // IPv4-mapped IPv6, reported in IPv4 form (decisions.md 8).
        v += r_.chance(300) ? " ([IPv6:::ffff:" + ip + "])" : " (" + ext_host_ + " [" + ip + "])";
        break;
      default: v += " (" + ip + ")"; break;
    }
  }
  v += cat({" by\n ", fe_, ".mail.protection.outlook.com (", private_v4(),
            ") with Microsoft SMTP\n Server (version=TLS1_2, cipher=", r_.pick(kCiphers), ") id\n ",
            exchange_id(), " via Frontend Transport; "});
  date(v, t_ - r_.between(1, 2), kZones[0]);
  header("Received", v);
}

void builder::area1_hop() {
  // Area 1's inbound hop: the original sender's address, which the walk must never reach.
  const std::string host = random_host(from_domain_);
  std::string v = "from " + host;
  if (style_ != ip_style::none) {
    const std::string ip = format_ip(origin_ip_);
    v += " (" + host + " [" + (origin_ip_.v6 ? "IPv6:" + ip : ip) + "])";
  }
  v += cat({"\n\tby mxin", num(r_.between(1, 4)), ".area1-inbound.example with ESMTPS id ", hex(12),
            ";\n\t"});
  date(v, t_ - r_.between(3, 9), kZones[1]);
  header("Received", v);
}

void builder::sender_hop() {
  std::string v;
  if (style_ != ip_style::none && r_.chance(500)) {
    const std::string client = "192.168.1." + std::to_string(r_.between(2, 250));
    v = cat({"from [", client, "] (unknown [", client, "])\n\tby ", random_host(from_domain_),
             " (Postfix) with ESMTPSA id ", hex(10), "\n\tfor <", to_addr_, ">; "});
  } else {
    v = cat({"by ", random_host(from_domain_), " with SMTP id ", hex(16), "\n        for <",
             to_addr_, ">; "});
  }
  date(v, sent_ + 1, sender_zone_);
  header("Received", v);
}

std::string q_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.') {
      out += c;
    } else if (u == ' ') {
      out += '_';
    } else {
      out += '=';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string b_encode(std::string_view text) {
  std::string out;
  append_base64(out, text);
  return out;
}

void builder::disposition_headers() {
  const std::string& name_as_read = ctx_.disposition_header;
  if (disposition_.empty()) {
    const auto roll = r_.below(1000);
    if (roll < 15) {
      // Another product name of the same header: only the rule set's name is read.
      static constexpr std::string_view kNames[] = {"X-CFEmailSecurity-Disposition",
                                                    "X-Area1Security-Disposition"};
      const std::string_view other = same_name(kNames[0], name_as_read) ? kNames[1] : kNames[0];
      header(other, r_.pick(kDispositions));
    } else if (roll < 25) {
      header(name_as_read, "");  // present but empty: no disposition (decisions.md 6)
      facts_.disposition_values.emplace_back();
    }
    return;
  }
  std::string name = name_as_read;
  if (r_.chance(50)) {
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  std::string lower = disposition_;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string capital = lower;
  capital[0] = disposition_[0];
  // Each form decodes, unfolds and trims to `value` (cli-contract.md "disposition").
  std::string value = disposition_;
  switch (pick_weighted(
      r_, std::array<std::uint64_t, 9>{790, 40, 20, 40, 20, 40, 20, 20, 10}.data(), 9)) {
    case 0: header(name, disposition_); break;
    case 1:
      header(name, lower);
      value = lower;
      break;
    case 2:
      header(name, capital);
      value = capital;
      break;
    case 3:
      header(name, "=?" + std::string(r_.chance(500) ? "utf-8" : "UTF-8") + "?B?" +
                       b_encode(disposition_) + "?=");
      break;
    case 4:
      header(name, "=?" + std::string(r_.chance(500) ? "us-ascii" : "iso-8859-1") + "?Q?" +
                       q_encode(lower) + "?=");
      value = lower;
      break;
    case 5: head_ += name + ":\n " + disposition_ + "\n"; break;
    case 6: head_ += name + ":\n\t" + disposition_ + "\n"; break;
    case 7: head_ += name + ":  " + disposition_ + "  \n"; break;
    default:
      header(name, "=?utf-8?B?" + b_encode(capital) + "?=");
      value = capital;
      break;
  }
  facts_.disposition_values.push_back(value);
  if (ctx_.repeat_disposition && r_.chance(10)) {
    // A second instance: rules match any instance, the record shows the first.
    std::string second = r_.pick(kDispositions);
    if (second == disposition_) second = "SUSPICIOUS";
    header(name_as_read, second);
    facts_.disposition_values.push_back(second);
  }
  if (r_.chance(60)) header("X-Area1Security-Attribute", r_.pick(kAttributes));
}

void builder::subject() {
  std::string s = r_.chance(820) ? r_.pick(kPlainSubjects) : r_.pick(kUnicodeSubjects);
  const auto fill = [&](std::string_view key, const std::string& with) {
    if (const auto at = s.find(key); at != std::string::npos) s.replace(at, key.size(), with);
  };
  fill("{n}", std::to_string(r_.between(1000, 999999)));
  fill("{k}", std::to_string(r_.between(2, 90)));
  static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  fill("{d}", r_.pick(kDays));
  if (damage_ == damage::nul_byte) s.insert(s.size() / 2, 1, '\0');
  const bool ascii =
      std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && !r_.chance(120)) {
    header("Subject", s);
  } else if (!ascii && r_.chance(60)) {
    header("Subject", s);  // raw UTF-8 in a header, as some senders write it
  } else if (r_.chance(500)) {
    const std::size_t half = s.size() / 2;  // two encoded words, folded: decoders join them
    header("Subject", "=?utf-8?B?" + b_encode(s.substr(0, half)) + "?=\n\t=?utf-8?B?" +
                          b_encode(s.substr(half)) + "?=");
  } else {
    header("Subject", "=?UTF-8?Q?" + q_encode(s) + "?=");
  }
}

void builder::original_headers() {
  if (r_.chance(500)) {
    std::string sig = "v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=" + from_domain_ +
                      "; s=selector" + std::to_string(r_.between(1, 2)) +
                      "; t=" + std::to_string(sent_) +
                      ";\n        h=from:to:subject:date:message-id:mime-version;\n        bh=";
    std::string raw;
    for (int i = 0; i < 32; ++i) raw += static_cast<char>(r_.below(256));
    append_base64(sig, raw);
    sig += ";\n        b=";
    raw.clear();
    for (int i = 0; i < 96; ++i) raw += static_cast<char>(r_.below(256));
    std::string b;
    append_base64(b, raw);
    for (std::size_t i = 0; i < b.size(); i += 64)
      sig += (i ? "\n         " : "") + b.substr(i, 64);
    header("DKIM-Signature", sig);
  }
  header("From", r_.chance(800) ? from_name_ + " <" + from_addr_ + ">" : from_addr_);
  header("To", r_.chance(850) ? to_name_ + " <" + to_addr_ + ">" : "<" + to_addr_ + ">");
  if (r_.chance(150))
    header("Cc", std::string(r_.pick(kFirstNames)) + " <team@" +
                     to_addr_.substr(to_addr_.find('@') + 1) + ">");
  if (!via_egress_) disposition_headers();  // not from Area 1: forged, among the sender's own
  subject();
  if (has_date_) {
    std::string d;
    date(d, sent_, sender_zone_);
    header("Date", d);
  }
  header("Message-ID", "<" + hex(16) + "." + std::to_string(sent_) + "@" + from_domain_ + ">");
  if (facts_.bcl && *facts_.bcl >= 4) {
    header("List-Unsubscribe", cat({"<mailto:unsubscribe@", from_domain_, "?subject=", hex(10),
                                    ">,\n <https://", from_domain_, "/u/", hex(20), ">"}));
  }
  if (r_.chance(250))
    header("X-Mailer", r_.chance(500) ? "Microsoft Outlook 16.0" : "PHPMailer 6.8.1");
}

void builder::xfar() {
  static constexpr const char* kSfs[] = {
      "(13230031)",    "(4636009)", "(376002)", "(39860400002)", "(451199021)",
      "(61400799018)", "(356005)",  "(166002)", "(5660300002)",  "(8676002)"};
  std::string sfv;
  if (*scl_ < 0)
    sfv = r_.chance(800) ? "SKN" : "SKA";
  else if (*scl_ >= 5)
    sfv = r_.chance(950) ? "SPM" : "SKS";
  else
    sfv = "NSPM";
  std::string sfs;
  for (int i = r_.between_int(2, 8); i > 0; --i) sfs += r_.pick(kSfs);
  // Real values for CIP may be IPv6 written in full; split at the first colon only (J8).
  const std::string cip = ip_.v6 && r_.chance(300) ? format_ip_full(ip_) : format_ip(ip_);
  std::pair<std::string_view, std::string> fields[] = {
      {"CIP", cip},
      {"CTRY", r_.pick(kCountries)},
      {"LANG", r_.pick(kLangs)},
      {"SCL", std::to_string(*scl_)},
      {"SRV", profile_ == profile::bulk ? "BULK" : ""},
      {"IPV", r_.chance(800) ? "NLI" : "CAL"},
      {"SFV", sfv},
      {"H", ext_host_},
      {"PTR", r_.chance(900) ? ext_host_ : ""},
      {"CAT", cat_},
      {"SFS", sfs},
      {"DIR", "INB"}};
  constexpr std::size_t n = std::size(fields);
  if (r_.chance(300)) {  // field order varies: parse by key
    for (std::size_t i = n - 1; i > 0; --i) std::swap(fields[i], fields[r_.below(i + 1)]);
  }
  const std::size_t fold_after = r_.chance(100) ? r_.below(n - 1) : n;
  std::string v;
  for (std::size_t i = 0; i < n; ++i) {
    v += fields[i].first;
    v += ':';
    v += fields[i].second;
    v += ';';
    if (i == fold_after) v += "\n ";
  }
  if (r_.chance(650)) v.insert(0, "\n\t");  // Exchange's own layout: the value on its own line
  if (v.front() == '\n') {
    head_ += "X-Forefront-Antispam-Report:" + v + "\n";
  } else {
    header("X-Forefront-Antispam-Report", v);
  }
}

void builder::eop_stamps() {
  header("X-MS-Exchange-Organization-ExpirationStartTime", exchange_time(t_));
  header("X-MS-Exchange-Organization-ExpirationStartTimeReason", "OriginalSubmit");
  header("X-MS-Exchange-Organization-ExpirationInterval", "1:00:00:00.0000000");
  folded_header("X-MS-Exchange-Organization-Network-Message-Id", guid());
  header("X-EOPAttributedMessage", "0");
  header("X-MS-Exchange-Organization-MessageDirectionality", "Incoming");
  header("X-MS-PublicTrafficType", "Email");
  folded_header("X-MS-Exchange-Organization-AuthSource", fe_ + "." + region_ + ".prod.outlook.com");
  header("X-MS-Exchange-Organization-AuthAs", "Anonymous");
  header("X-MS-Office365-Filtering-Correlation-Id", guid());
  if (style_ == ip_style::sender_ip || (style_ == ip_style::xfar && r_.chance(200))) {
    header("X-Sender-IP", format_ip(ip_));
  }
  if (r_.chance(30)) {  // a copy from another tenant: never read (cli-contract.md)
    header("X-Forefront-Antispam-Report-Untrusted",
           "CIP:" + format_ip(bait_address()) + ";CTRY:;LANG:en;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:" +
               ext_host_ + ";PTR:;CAT:HPHSH;SFS:;DIR:INB;");
  }
  if (style_ == ip_style::xfar) xfar();
  if (scl_ && (style_ != ip_style::xfar || r_.chance(900))) {
    header("X-MS-Exchange-Organization-SCL", std::to_string(*scl_));
  }
  if (bcl_) {
    if (r_.chance(400)) {
      folded_header("X-Microsoft-Antispam", cat({"BCL:", num(*bcl_), ";ARA:1444111002|",
                                                 num(r_.between(100000000, 999999999)), "|",
                                                 num(r_.between(100000000, 999999999)), ";"}));
    } else {
      header("X-Microsoft-Antispam", "BCL:" + std::to_string(*bcl_) + ";");
    }
  }
  header("X-MS-Exchange-CrossTenant-OriginalArrivalTime", exchange_time(t_));
  header("X-MS-Exchange-CrossTenant-Network-Message-Id", guid());
  header("X-MS-Exchange-CrossTenant-FromEntityHeader", "Internet");
  header("X-MS-Exchange-Transport-CrossTenantHeadersStamped", mbx_);
}

void builder::mime_headers() {
  header("MIME-Version", "1.0");
  switch (kind_) {
    case body_kind::plain:
      header("Content-Type",
             r_.chance(500) ? "text/plain; charset=\"us-ascii\"" : "text/plain; charset=utf-8");
      header("Content-Transfer-Encoding", "7bit");
      break;
    case body_kind::alternative:
      header("Content-Type", "multipart/alternative;\n\tboundary=\"" + boundary_ + "\"");
      break;
    case body_kind::mixed:
      header("Content-Type", "multipart/mixed;\n\tboundary=\"" + boundary_ + "\"");
      break;
  }
}

// ---- body -------------------------------------------------------------------------------------

void builder::text(std::string& out, std::size_t target, bool plain_only) {
  // Paragraphs of sentences wrapped at 72 columns. Now and then a line starts with "From " or
  // ">From ", which an mbox must quote.
  const std::size_t start = out.size();
  const bool from_lines = !plain_only && r_.chance(150);
  std::size_t column = 0;
  bool sentence_start = true;
  int sentences_left = r_.between_int(2, 5);
  int words_left = r_.between_int(5, 16);
  if (from_lines) {
    out += r_.chance(800) ? "From " : ">From ";
    column = out.size() - start;
  }
  while (out.size() - start < target) {
    std::string_view word = r_.pick(kWords);
    if (column > 0 && column + word.size() + 1 > 72) {
      out += '\n';
      column = 0;
    }
    if (column > 0) {
      out += ' ';
      ++column;
    }
    if (sentence_start) {
      out += static_cast<char>(word[0] - 'a' + 'A');
      out.append(word.substr(1));
      sentence_start = false;
    } else {
      out.append(word);
    }
    column += word.size();
    if (--words_left > 0) continue;
    out += '.';
    ++column;
    sentence_start = true;
    words_left = r_.between_int(5, 16);
    if (--sentences_left > 0) continue;
    sentences_left = r_.between_int(2, 5);
    out += plain_only ? "\n" : "\n\n";
    column = 0;
    if (from_lines && r_.chance(300)) {
      out += "From ";
      column = 5;
    }
  }
  if (column > 0) out += '\n';
}

void builder::html(std::size_t target) {
  body_ += "--" + boundary_ +
           "\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n";
  body_ +=
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=utf-8\"></head>\n<body>\n<p>";
  text(body_, target, true);
  body_ += "</p>\n</body></html>\n";
}

void builder::attachment(std::size_t target) {
  const std::size_t which = r_.below(std::size(kAttachmentNames));
  body_ += "--" + boundary_ + "\nContent-Type: " + kAttachmentTypes[which] + "; name=\"" +
           kAttachmentNames[which] + "\"\nContent-Disposition: attachment; filename=\"" +
           kAttachmentNames[which] + "\"\nContent-Transfer-Encoding: base64\n\n";
  std::string raw;
  raw.reserve(57);
  std::size_t written = 0;
  while (written < target) {
    raw.clear();
    for (int i = 0; i < 57; i += 8) {
      const std::uint64_t x = r_.next();
      for (int k = 0; k < 8 && i + k < 57; ++k) raw += static_cast<char>((x >> (8 * k)) & 0xff);
    }
    append_base64(body_, raw);
    body_ += '\n';
    written += 77;
  }
}

void builder::body() {
  switch (kind_) {
    case body_kind::plain: text(body_, body_target_, damage_ == damage::no_separator); break;
    case body_kind::alternative:
      body_ += "--" + boundary_ +
               "\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n";
      text(body_, body_target_ / 3, false);
      html(body_target_ - body_target_ / 3);
      body_ += "--" + boundary_ + "--\n";
      break;
    case body_kind::mixed: {
      const std::size_t text_size = std::min<std::size_t>(body_target_ / 4, 3000);
      body_ += "This is a multi-part message in MIME format.\n\n--" + boundary_ +
               "\nContent-Type: text/plain; charset=\"us-ascii\"\n\n";
      text(body_, text_size, false);
      attachment(body_target_ - text_size);
      body_ += "--" + boundary_ + "--\n";
      break;
    }
  }
}

// Offsets of the line ends in `head_` that end one field (the next line starts a new field).
std::size_t pick_field_boundary(rng& r, const std::string& head) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 1 < head.size(); ++i) {
    if (head[i] == '\n' && head[i + 1] != ' ' && head[i + 1] != '\t') ++count;
  }
  if (count == 0) return std::string::npos;
  std::size_t k = r.below(count);
  for (std::size_t i = 0; i + 1 < head.size(); ++i) {
    if (head[i] == '\n' && head[i + 1] != ' ' && head[i + 1] != '\t' && k-- == 0) return i;
  }
  return std::string::npos;
}

void append_converted(std::string& out, std::string_view text, bool crlf) {
  if (!crlf) {
    out.append(text);
    return;
  }
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', from)) {
    out.append(text.substr(from, nl - from));
    out += "\r\n";
    from = nl + 1;
  }
  out.append(text.substr(from));
}

void builder::assemble(std::string& out) {
  // Damage, placed where it leaves every field the facts describe intact (decisions.md 3-5).
  if (damage_ == damage::stray_line) {
    const std::size_t at = pick_field_boundary(r_, head_);
    if (at != std::string::npos) head_.insert(at + 1, "This line is not a header field\n");
  } else if (damage_ == damage::bare_cr) {
    const std::size_t at = pick_field_boundary(r_, head_);
    if (at != std::string::npos) head_[at] = '\x01';  // becomes a lone CR after conversion
  } else if (damage_ == damage::leading_continuation) {
    head_.insert(0, " " + ctx_.disposition_header + ": SUSPICIOUS\n");
  }
  out.clear();
  out.reserve(head_.size() + body_.size() + body_.size() / 32 + 64);
  append_converted(out, head_, eol_ != 0);
  if (damage_ != damage::no_separator) out += eol_ != 0 ? "\r\n" : "\n";
  append_converted(out, body_, eol_ == 1);
  std::replace(out.begin(), out.end(), '\x01', '\r');
}

void builder::build(std::string_view disposition, std::int64_t arrival, std::string& out) {
  head_.clear();
  body_.clear();
  choose(disposition, arrival);
  if (has_received_) {
    if (hybrid_) hybrid_hops();
    exchange_hops();
    authentication_headers();
    frontend_hop();
    const bool area1_first = r_.chance(500);
    if (via_egress_ && area1_first) disposition_headers();
    if (via_egress_) area1_hop();
    if (via_egress_ && !area1_first) disposition_headers();
    if (r_.chance(600)) sender_hop();
  } else {
    authentication_headers();
    if (via_egress_) disposition_headers();
  }
  original_headers();
  eop_stamps();
  mime_headers();
  body();
  assemble(out);
}

// A message whose header block yields no field (decisions.md 1): words, no colon anywhere.
void no_header_text(rng& r, std::string& out) {
  for (int lines = r.between_int(2, 5); lines > 0; --lines) {
    for (int words = r.between_int(4, 10); words > 0; --words) {
      out += r.pick(kWords);
      out += words > 1 ? " " : "\n";
    }
  }
}

}  // namespace

void build_message(const builder_context& ctx, std::uint64_t seed, std::uint64_t index,
                   std::string_view disposition, std::int64_t arrival, std::string& bytes,
                   message_facts& facts) {
  rng r(seed ^ (index * 0xd1b54a32d192ed03ULL));
  bytes.clear();
  facts.clear();
  if (disposition.empty()) {
    const auto junk = r.below(1000);
    if (junk < 2 && ctx.allow_empty_message) {
      facts.error = "empty message";
      return;
    }
    if (junk >= 2 && junk < 4) {
      no_header_text(r, bytes);
      facts.error = "no header fields";
      return;
    }
  }
  thread_local std::string head, body;
  builder b(ctx, r, head, body, facts);
  b.build(disposition, arrival, bytes);
}

}  // namespace mfsim::corpus::gen
