// The header block of a synthetic message: Received chains (hybrid and Exchange Online hops),
// authentication results, the Area 1 disposition, EOP's stamps, the original headers.
#include "corpus/generator/generator_builder.h"

namespace mfsim::corpus::gen::message {

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

}  // namespace mfsim::corpus::gen::message
