#pragma once
// AliasRecord: one function alias (CreateAlias) as stored in RocksDB family "lambda" under
// "alias/<account>/<region>/<function>/<alias>" (JSON value; docs/storage-formats.md), its
// AliasConfiguration shape, and the draw that routes an invocation between the alias's version
// and the additional version of its RoutingConfig. Pure values.

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tarn::lambda {

struct AliasRecord {
  std::string account_id;
  std::string region;
  std::string function_name;
  std::string name;
  std::string function_version;  // "$LATEST" or a version number
  std::string description;
  std::string revision_id;
  // RoutingConfig.AdditionalVersionWeights: version number -> share of invocations in [0, 1].
  std::map<std::string, double> weights;

  std::string Arn() const;
  // Whether the alias sends invocations to `version` (as its version or by its weights).
  bool References(std::string_view version) const;
  boost::json::object Configuration() const;
  boost::json::object ToJson() const;
  static core::Result<AliasRecord> FromJson(std::string_view text);
};

// The version one invocation of the alias runs, for a uniform draw in [0, 1): an additional
// version when the draw falls in its weight, else the alias's version.
std::string RouteVersion(const AliasRecord& alias, double draw);

}  // namespace tarn::lambda
