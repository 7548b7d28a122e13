// Implements: PublishVersion, ListVersionsByFunction.
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
// A version is an immutable copy of $LATEST (code directory, configuration) under its own
// record; it runs on its own instances, and its number is never reused.
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace json = boost::json;

core::Result<net::Output> Service::PublishVersion(const net::Call& call) {
  const auto& in = call.input;
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, GetString(in, "FunctionName").value_or("")));
  if (auto revision = GetString(in, "RevisionId"); revision && *revision != latest.revision_id)
    return PreconditionFailed();
  if (auto sha = GetString(in, "CodeSha256"); sha && *sha != latest.code_sha256) {
    return InvalidParameterValue("CodeSHA256 (" + *sha +
                                 ") is different from current CodeSHA256 in $LATEST (" + latest.code_sha256 +
                                 "). Please try again with the CodeSHA256 in $LATEST.");
  }
  TARN_ASSIGN_OR_RETURN(FunctionRecord version, impl_->Publish(latest, GetString(in, "Description")));
  net::Output out;
  out.json = version.Configuration();
  return out;
}

core::Result<net::Output> Service::ListVersionsByFunction(const net::Call& call) {
  const auto& in = call.input;
  FunctionRef ref = ParseFunctionName(GetString(in, "FunctionName").value_or(""));
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, ref.name));
  size_t limit = static_cast<size_t>(GetInt(in, "MaxItems").value_or(kDefaultListItems));
  // The marker is the last version of the previous page: "$LATEST" or a number.
  std::optional<uint64_t> after;
  if (auto marker = GetString(in, "Marker")) {
    after = *marker == kLatest ? std::optional<uint64_t>(0) : VersionNumber(*marker);
    if (!after || (*marker != kLatest && *after == 0))
      return InvalidParameterValue("Invalid marker: " + *marker);
  }
  TARN_ASSIGN_OR_RETURN(auto versions,
                        impl_->store.ListVersions(latest.account_id, latest.region, latest.name));
  json::array page;
  std::string last;
  bool more = false;
  auto add = [&](const FunctionRecord& r) {
    if (page.size() == limit) {
      more = true;
      return;
    }
    page.push_back(r.Configuration(r.latest() ? kLatest : std::string_view()));
    last = r.version;
  };
  if (!after) add(latest);
  for (const auto& v : versions) {
    if (after && std::stoull(v.version) <= *after) continue;
    add(v);
  }
  net::Output out;
  out.json["Versions"] = std::move(page);
  if (more) out.json["NextMarker"] = last;
  return out;
}

}  // namespace tarn::lambda
