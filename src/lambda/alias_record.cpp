// AliasRecord <-> JSON, AliasConfiguration and routing.
#include "lambda/alias_record.h"

#include <boost/json/parse.hpp>

#include "lambda/function_record.h"

namespace tarn::lambda {

namespace json = boost::json;

std::string AliasRecord::Arn() const { return FunctionArn(region, account_id, function_name) + ":" + name; }

bool AliasRecord::References(std::string_view version) const {
  return function_version == version || weights.contains(std::string(version));
}

json::object AliasRecord::Configuration() const {
  json::object c;
  c["AliasArn"] = Arn();
  c["Name"] = name;
  c["FunctionVersion"] = function_version;
  c["Description"] = description;
  if (!weights.empty()) {
    json::object additional;
    for (const auto& [version, weight] : weights) additional[version] = weight;
    c["RoutingConfig"] = json::object{{"AdditionalVersionWeights", std::move(additional)}};
  }
  c["RevisionId"] = revision_id;
  return c;
}

json::object AliasRecord::ToJson() const {
  json::object o;
  o["account"] = account_id;
  o["region"] = region;
  o["function"] = function_name;
  o["name"] = name;
  o["function_version"] = function_version;
  o["description"] = description;
  o["revision_id"] = revision_id;
  json::object w;
  for (const auto& [version, weight] : weights) w[version] = weight;
  o["weights"] = std::move(w);
  return o;
}

core::Result<AliasRecord> AliasRecord::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InternalFailure("corrupt lambda alias record");
  const json::object& o = v.get_object();
  auto str = [&](std::string_view key) {
    const auto* s = o.if_contains(key);
    return s && s->is_string() ? std::string(s->get_string()) : std::string();
  };
  AliasRecord a;
  a.account_id = str("account");
  a.region = str("region");
  a.function_name = str("function");
  a.name = str("name");
  a.function_version = str("function_version");
  a.description = str("description");
  a.revision_id = str("revision_id");
  if (const auto* w = o.if_contains("weights"); w && w->is_object()) {
    for (const auto& [version, weight] : w->get_object()) {
      if (weight.is_number()) a.weights[std::string(version)] = weight.to_number<double>();
    }
  }
  return a;
}

std::string RouteVersion(const AliasRecord& alias, double draw) {
  double edge = 0;
  for (const auto& [version, weight] : alias.weights) {
    edge += weight;
    if (draw < edge) return version;
  }
  return alias.function_version;
}

}  // namespace tarn::lambda
