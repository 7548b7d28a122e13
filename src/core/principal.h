#pragma once
// Principal: who signed a request, as authentication resolved it. Services read it from the
// RequestContext; IAM evaluates policies for it. Plain value type.

#include <optional>
#include <string>

#include "core/clock.h"

namespace tarn::core {

inline constexpr std::string_view kDefaultAccountId = "000000000000";
inline constexpr std::string_view kDefaultRegion = "us-east-1";

struct Principal {
  // kService: an AWS service acting for the account (Lambda assuming a function's execution role);
  // it never signs requests itself.
  enum class Type { kAnonymous, kRoot, kUser, kAssumedRole, kFederatedUser, kService };
  Type type = Type::kAnonymous;
  std::string account_id = std::string(kDefaultAccountId);
  std::string arn;                      // arn:aws:iam::000000000000:root, ...:user/app, ...:assumed-role/r/s
  std::string user_id;                  // GetCallerIdentity's UserId: account id, AIDA..., AROA...:session
  std::string name;                     // user name, or role name for assumed roles
  std::string session_name;             // assumed-role session name
  std::string access_key_id;            // the key that signed the request
  std::string session_token;            // for temporary credentials
  std::optional<TimePoint> expiration;  // temporary credentials only
};

}  // namespace tarn::core
