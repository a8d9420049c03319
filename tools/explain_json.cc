// `mfsim explain --format json`: the engine's explanation as one JSON object.
#include <nlohmann/json.hpp>

#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "tools/explain_render.h"

namespace mfsim::tools {
namespace {

using json = nlohmann::ordered_json;

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json strings(const std::vector<std::string>& items) {
  json out = json::array();
  for (const auto& s : items) out.push_back(s);
  return out;
}

json condition_json(const explain::condition_step& c) {
  json j;
  j["exception"] = c.exception;
  j["index"] = c.index;
  j["parameter"] = c.parameter;
  j["header"] = or_null(c.header);
  j["values"] = strings(c.values);
  j["second_parameter"] = or_null(c.second_parameter);
  j["second_values"] = strings(c.second_values);
  j["evaluated"] = c.evaluated;
  j["result"] = or_null(c.result);
  j["errored"] = c.errored;
  j["raw_values"] = strings(c.raw_values);
  j["decoded_values"] = strings(c.decoded_values);
  j["match"] = nullptr;
  if (c.match) {
    const explain::match_step& m = *c.match;
    j["match"] = json{{"term", m.term},
                      {"value", m.value},
                      {"offset", or_null(m.offset)},
                      {"length", m.offset ? json(m.length) : json(nullptr)},
                      {"text", or_null(m.text)}};
  }
  return j;
}

json rule_json(const explain::rule_step& r) {
  json j;
  j["index"] = r.index;
  j["name"] = r.name;
  j["priority"] = r.priority;
  j["state"] = r.state;
  j["mode"] = r.mode;
  j["status"] = r.status;
  j["sender_address_location"] = r.sender_address_location;
  j["activation_date"] = or_null(r.activation_date);
  j["expiry_date"] = or_null(r.expiry_date);
  j["stopped_processing"] = r.stopped_processing;
  j["scl_after"] = or_null(r.scl_after);
  j["actions"] = strings(r.actions);
  j["conditions"] = json::array();
  for (const auto& c : r.conditions) j["conditions"].push_back(condition_json(c));
  return j;
}

json area1_json(const explain::area1_step& a) {
  json j;
  j["header"] = a.header;
  j["instances"] = json::array();
  for (const auto& i : a.instances)
    j["instances"].push_back(json{{"raw", i.raw}, {"decoded", i.decoded}});
  j["disposition"] = or_null(a.disposition);
  j["quarantine_dispositions"] = strings(a.quarantine_dispositions);
  j["kept_by_area1"] = a.kept_by_area1;
  return j;
}

json connection_json(const explain::connection_step& c) {
  json j;
  j["sender_ip"] = or_null(c.sender_ip);
  j["source"] = c.source;
  j["source_header"] =
      c.source_header ? json{{"name", c.source_header->name}, {"value", c.source_header->value}}
                      : json(nullptr);
  j["egress_list"] = c.egress_list;
  j["in_egress"] = c.in_egress;
  j["egress_entry"] = or_null(c.egress_entry);
  j["nearest_miss"] = c.nearest_miss ? json{{"entry", c.nearest_miss->entry},
                                            {"distance", c.nearest_miss->distance},
                                            {"position", c.nearest_miss->below ? "below" : "above"}}
                                     : json(nullptr);
  return j;
}

json recorded_json(const explain::recorded_verdict_step& v) {
  json j;
  j["read"] = v.read;
  j["ignored"] = v.ignored;
  j["header"] = or_null(v.header);
  j["scl"] = or_null(v.scl);
  j["sfv"] = or_null(v.sfv);
  j["category"] = or_null(v.category);
  j["bcl"] = or_null(v.bcl);
  return j;
}

json antispam_policy_json(const explain::antispam_policy_step& a) {
  json j;
  j["name"] = a.name;
  j["scoped"] = a.scoped;
  j["recipient_domain_is"] = strings(a.recipient_domain_is);
  j["sent_to"] = strings(a.sent_to);
  j["recipients"] = strings(a.recipients);
  j["scoped_policies"] = a.scoped_policies;
  return j;
}

json action_json(const explain::action_step& a) {
  json j;
  j["value"] = a.value;
  j["rule"] = or_null(a.rule);
  j["setting"] = or_null(a.setting);
  j["policy_action"] = or_null(a.policy_action);
  j["quarantine_tag_setting"] = or_null(a.quarantine_tag_setting);
  j["quarantine_tag"] = or_null(a.quarantine_tag);
  j["explanation"] = a.explanation;
  j["decided_by"] = a.decided_by;
  return j;
}

json quarantine_json(const std::optional<explain::quarantine_step>& step) {
  if (!step) return nullptr;
  const explain::quarantine_step& q = *step;
  json j;
  j["policy"] = q.policy;
  j["kind"] = q.kind;
  j["permissions"] = or_null(q.permissions);
  j["permission_names"] = strings(q.permission_names);
  j["permission_level"] = or_null(q.permission_level);
  j["release"] = or_null(q.release);
  j["release_reason"] = q.release_reason;
  j["notify"] = q.notify;
  j["notify_frequency"] = or_null(q.notify_frequency);
  j["notify_reason"] = q.notify_reason;
  j["retention_days"] = or_null(q.retention_days);
  j["retention_source"] = or_null(q.retention_source);
  j["received"] = or_null(q.received);
  j["expires"] = or_null(q.expires);
  return j;
}

}  // namespace

json render_json(const explain::explanation& e, const plan& p) {
  json j;
  j["id"] = e.id;
  j["rule_set"] = json{{"name", e.rule_set_name}, {"source", e.rule_set_source}};
  std::string line;
  report::append_record(line, e.id, e.record, p, &e.forks);  // forks as `run` writes them
  j["record"] = mfsim::parse_ordered_json(line);
  j["area1"] = area1_json(e.area1);
  j["connection"] = connection_json(e.connection);
  j["recorded_verdict"] = recorded_json(e.recorded_verdict);
  j["rules"] = json::array();
  for (const auto& r : e.rules) j["rules"].push_back(rule_json(r));
  j["stop_rule_processing"] = e.stop_rule_processing ? json{{"rule", e.stop_rule_processing->rule},
                                                            {"by", e.stop_rule_processing->by}}
                                                     : json(nullptr);
  json scl;
  scl["steps"] = json::array();
  for (const auto& s : e.scl.steps)
    scl["steps"].push_back(json{{"rule", s.rule}, {"set_scl", s.set_scl}});
  scl["recorded"] = or_null(e.scl.recorded);
  scl["value"] = or_null(e.scl.value);
  scl["source"] = e.scl.source;
  j["scl"] = std::move(scl);
  j["verdict"] = json{{"value", e.verdict.value}, {"reasons", strings(e.verdict.reasons)}};
  j["antispam_policy"] = antispam_policy_json(e.antispam_policy);
  j["action"] = action_json(e.action);
  j["quarantine"] = quarantine_json(e.quarantine);
  j["effects"] = json::array();
  for (const auto& effect : e.effects) {
    j["effects"].push_back(
        json{{"rule", effect.rule}, {"action", effect.action}, {"summary", effect.summary}});
  }
  j["error"] = or_null(e.error);
  return j;
}

}  // namespace mfsim::tools
