// Principal and NotPrincipal: who a resource or trust policy speaks about.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

#include <algorithm>
#include <string_view>

#include "iam/policy/statement.h"

namespace tarn::iam::policy {
namespace {

constexpr std::string_view kIamArnPrefix = "arn:aws:iam::";
constexpr std::string_view kStsArnPrefix = "arn:aws:sts::";

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "123456789012" or "arn:aws:iam::123456789012:root" → the account id; empty otherwise.
std::string_view AccountOf(std::string_view entry) {
  if (IsAccountId(entry)) return entry;
  if (entry.starts_with(kIamArnPrefix) && entry.ends_with(":root")) {
    std::string_view account = entry.substr(kIamArnPrefix.size(), entry.size() - kIamArnPrefix.size() - 5);
    if (IsAccountId(account)) return account;
  }
  return {};
}

bool IsRootOf(std::string_view arn, std::string_view account) {
  return arn.size() == kIamArnPrefix.size() + account.size() + 5 && arn.starts_with(kIamArnPrefix) &&
         arn.substr(kIamArnPrefix.size(), account.size()) == account && arn.ends_with(":root");
}

// Is `caller` a session of the role `role_arn` (arn:aws:iam::A:role/path/Name →
// arn:aws:sts::A:assumed-role/Name/session)? A role ARN in a Principal matches its sessions.
bool IsSessionOf(std::string_view caller, std::string_view role_arn) {
  if (!role_arn.starts_with(kIamArnPrefix) || !caller.starts_with(kStsArnPrefix)) return false;
  const std::string_view role_rest = role_arn.substr(kIamArnPrefix.size());  // A:role/path/Name
  const size_t colon = role_rest.find(':');
  if (colon == std::string_view::npos || !role_rest.substr(colon + 1).starts_with("role/")) return false;
  const std::string_view account = role_rest.substr(0, colon);
  const std::string_view name = role_rest.substr(role_rest.rfind('/') + 1);
  std::string_view rest = caller.substr(kStsArnPrefix.size());  // A:assumed-role/Name/session
  if (!rest.starts_with(account) || rest.substr(account.size()).substr(0, 14) != ":assumed-role/")
    return false;
  rest.remove_prefix(account.size() + 14);
  return rest.size() > name.size() + 1 && rest.starts_with(name) && rest[name.size()] == '/';
}

bool Listed(const std::vector<std::string>& entries, std::string_view value) {
  return !value.empty() && std::find(entries.begin(), entries.end(), value) != entries.end();
}

}  // namespace

PrincipalMatch MatchPrincipal(const PrincipalSpec& spec, const Request& request) {
  if (spec.everyone) return PrincipalMatch::kCaller;
  if (Listed(spec.services, request.service_principal)) return PrincipalMatch::kCaller;
  if (Listed(spec.federated, request.principal_arn) || Listed(spec.federated, request.service_principal)) {
    return PrincipalMatch::kCaller;
  }
  PrincipalMatch best = PrincipalMatch::kNone;
  for (const std::string& entry : spec.aws) {
    if (entry == request.principal_arn) return PrincipalMatch::kCaller;
    if (const std::string_view account = AccountOf(entry); !account.empty()) {
      // The account principal covers every principal of the account (the account delegates to
      // IAM); it names the caller itself only when the caller is the account root.
      if (IsRootOf(request.principal_arn, account)) return PrincipalMatch::kCaller;
      if (account == request.account_id && !request.principal_arn.empty())
        best = std::max(best, PrincipalMatch::kAccount);
    } else if (IsSessionOf(request.principal_arn, entry)) {
      best = std::max(best, PrincipalMatch::kRole);
    }
  }
  return best;
}

bool ExcludedByNotPrincipal(const PrincipalSpec& spec, const Request& request) {
  if (spec.everyone) return true;
  if (Listed(spec.services, request.service_principal)) return true;
  bool own_listed = false;
  bool account_listed = false;
  for (const std::string& entry : spec.aws) {
    if (entry == request.principal_arn) own_listed = true;
    const std::string_view account = AccountOf(entry);
    if (!account.empty() && account == request.account_id) account_listed = true;
    if (!account.empty() && IsRootOf(request.principal_arn, account)) own_listed = true;
  }
  return own_listed && account_listed;
}

}  // namespace tarn::iam::policy
