// Building one synthetic message: Exchange Online Received chains, EOP verdict headers, the
// Area 1 disposition, MIME bodies of a realistic size spread, and occasional damage; every choice
// that decides the record is written to message_facts as it is made.
//
// The message is assembled with LF line ends and converted at the end (CRLF, mixed), so that a
// bare CR or a missing separator can be placed without disturbing what the facts describe.
#include "corpus/generator/generator_builder.h"

namespace mfsim::corpus::gen {
namespace message {

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
    else if (cat_ == "SPM")
      facts_.category = eop_category::spam;
    else if (cat_ == "SPOOF")
      facts_.category = eop_category::spoof;
    facts_.bulk_service = profile_ == profile::bulk;  // SRV:BULK is written in XFAR only
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

}  // namespace message

using message::builder;
using message::no_header_text;

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
