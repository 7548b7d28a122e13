#pragma once
// The AWS managed policies tarn ships (AdministratorAccess, AmazonDynamoDBFullAccess, ...), with
// their real documents: data/iam/managed-policies/<PolicyName>.json, each naming its source page and
// version, embedded in the binary at build time. Immutable after the first call; thread-safe.

#include <string>
#include <vector>

namespace tarn::iam::policy {

struct ManagedPolicy {
  std::string name;                // "AWSLambdaBasicExecutionRole"
  std::string path;                // "/" or "/service-role/"
  std::string arn;                 // "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
  std::string description;         // as the AWS Managed Policy Reference shows it
  std::string default_version_id;  // "v1"
  std::string create_date;         // ISO 8601, as IAM reports the policy's CreateDate
  std::string update_date;         // ISO 8601, the default version's date
  std::string document;            // the default version's JSON policy document (compact)
};

// Every bundled AWS managed policy, sorted by name. Each document parses as a PolicyKind::kIdentity
// policy (tested).
const std::vector<ManagedPolicy>& AwsManagedPolicies();

}  // namespace tarn::iam::policy
