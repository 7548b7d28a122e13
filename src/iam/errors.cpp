#include "iam/errors.h"

#include "core/arn.h"

namespace tarn::iam {

core::AwsError NoSuchEntity(std::string message) {
  return core::AwsError("NoSuchEntity", std::move(message), 404);
}

core::AwsError NoSuchNamedEntity(std::string_view kind, std::string_view name) {
  return NoSuchEntity("The " + std::string(kind) + " with name " + std::string(name) + " cannot be found.");
}

core::AwsError NoSuchPolicy(std::string_view arn) {
  return NoSuchEntity("Policy " + std::string(arn) + " does not exist or is not attachable.");
}

bool IsPolicyArn(std::string_view arn) {
  auto parsed = core::Arn::Parse(arn);
  if (!parsed || parsed->partition != "aws" || parsed->service != "iam" || !parsed->region.empty())
    return false;
  const std::string& account = parsed->account_id;
  const bool digits = account.size() == 12 && account.find_first_not_of("0123456789") == std::string::npos;
  return (digits || account == "aws") && parsed->resource.starts_with("policy/") &&
         parsed->resource.size() > 7;
}

core::AwsError EntityAlreadyExists(std::string message) {
  return core::AwsError("EntityAlreadyExists", std::move(message), 409);
}

core::AwsError DeleteConflict(std::string message) {
  return core::AwsError("DeleteConflict", std::move(message), 409);
}

core::AwsError LimitExceeded(std::string message) {
  return core::AwsError("LimitExceeded", std::move(message), 409);
}

core::AwsError InvalidInput(std::string message) {
  return core::AwsError("InvalidInput", std::move(message), 400);
}

core::AwsError ValidationError(std::string message) {
  return core::AwsError("ValidationError", std::move(message), 400);
}

core::AwsError PolicyNotAttachable(std::string message) {
  return core::AwsError("PolicyNotAttachable", std::move(message), 400);
}

}  // namespace tarn::iam
