// AWS-managed policies as ManagedPolicy records (managed.h): the documents of
// iam/policy/managed_policies.h, compiled once at start.
#include "iam/managed.h"

#include <cctype>

#include "core/log.h"
#include "core/time_format.h"
#include "iam/policy/managed_policies.h"

namespace tarn::iam {
namespace {

double EpochOf(const std::string& iso8601) {
  auto t = core::ParseIso8601(iso8601);
  return t ? core::ToEpochSeconds(*t) : 0;
}

}  // namespace

core::Result<std::vector<ManagedPolicy>> AwsManagedPolicyRecords() {
  std::vector<ManagedPolicy> out;
  for (const policy::ManagedPolicy& aws : policy::AwsManagedPolicies()) {
    auto compiled = policy::Policy::Parse(aws.document, policy::PolicyKind::kIdentity);
    if (!compiled.ok()) {
      log::error("iam: bundled AWS managed policy {} does not parse: {}", aws.name, compiled.error().message);
      return core::InternalFailure("bundled AWS managed policy " + aws.name + " does not parse");
    }
    ManagedPolicy p;
    p.name = aws.name;
    p.path = aws.path;
    p.arn = aws.arn;
    // AWS-managed policies have ids too (ANPA + 17 characters); a stable one derived from the name
    // is enough here, padded to the length of IAM's.
    p.id = "ANPA";
    for (char c : aws.name) {
      if (p.id.size() >= 21) break;
      if (std::isalnum(static_cast<unsigned char>(c))) p.id.push_back(static_cast<char>(std::toupper(c)));
    }
    p.id.resize(21, 'X');
    p.description = aws.description;
    p.create_date = EpochOf(aws.create_date);
    p.update_date = EpochOf(aws.update_date);
    p.default_version = aws.default_version_id.empty() ? "v1" : aws.default_version_id;
    p.versions.push_back(
        PolicyVersion{p.default_version, Document{aws.document, std::move(compiled).value()}, p.update_date});
    p.next_version = 0;
    p.aws_managed = true;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tarn::iam
