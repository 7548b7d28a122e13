#include "iam/policy/managed_policies.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstring>
#include <string_view>

#include "core/result.h"

extern "C" const char tarn_managed_policies_json_start[];
extern "C" const char tarn_managed_policies_json_end[];

namespace tarn::iam::policy {
namespace {

std::vector<ManagedPolicy> Load() {
  const std::string_view bundle(
      tarn_managed_policies_json_start,
      static_cast<size_t>(tarn_managed_policies_json_end - tarn_managed_policies_json_start));
  boost::json::error_code ec;
  const boost::json::value all = boost::json::parse(bundle, ec);
  // The bundle is checked at build time (tools/gen_managed_policies.py) and by the unit tests.
  TARN_CHECK(!ec && all.is_array());
  std::vector<ManagedPolicy> policies;
  for (const boost::json::value& entry : all.get_array()) {
    const boost::json::object& p = entry.get_object();
    auto text = [&](std::string_view key) { return std::string(p.at(key).get_string()); };
    policies.push_back(ManagedPolicy{.name = text("PolicyName"),
                                     .path = text("Path"),
                                     .arn = text("Arn"),
                                     .description = text("Description"),
                                     .default_version_id = text("DefaultVersionId"),
                                     .create_date = text("CreateDate"),
                                     .update_date = text("UpdateDate"),
                                     .document = boost::json::serialize(p.at("Document"))});
  }
  return policies;
}

}  // namespace

const std::vector<ManagedPolicy>& AwsManagedPolicies() {
  static const std::vector<ManagedPolicy> policies = Load();  // built once, then read-only
  return policies;
}

}  // namespace tarn::iam::policy
