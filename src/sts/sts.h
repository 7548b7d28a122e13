#pragma once
// AWS Security Token Service (Query protocol, 2011-06-15). The only header other modules may
// include from src/sts. Service is immutable after construction: handlers are thread-safe.
// Implements: GetCallerIdentity; with IAM: AssumeRole and GetSessionToken (the credentials
// themselves are issued and kept by iam::Service).

#include "iam/iam.h"
#include "net/registry.h"

namespace tarn::sts {

class Service {
 public:
  // Without iam only GetCallerIdentity is registered.
  explicit Service(iam::Service* iam = nullptr) : iam_(iam) {}
  void RegisterOperations(net::Registry& registry);

  // Returns the caller's account, user id and ARN. Needs no permission (AWS: "No permissions are
  // required to perform this operation"), so it also answers for a denied-everything user.
  core::Result<net::Output> GetCallerIdentity(const net::Call& call);

  // Temporary credentials of a role (session_ops.cpp). The authorizer has checked sts:AssumeRole
  // against the caller's policies and the role's trust policy. Errors: AccessDenied (root caller,
  // unknown role), ValidationError (DurationSeconds beyond the role's maximum or the one-hour
  // role-chaining limit), MalformedPolicyDocument (session policy).
  core::Result<net::Output> AssumeRole(const net::Call& call);
  // AssumeRole's own refusals, which AWS gives before any authorization: a RoleArn that is no ARN,
  // session tag keys that repeat or a transitive key that is not among them.
  static core::Status CheckAssumeRoleInput(const net::Call& call);
  // Temporary credentials of the calling user (or root). AccessDenied with session credentials.
  core::Result<net::Output> GetSessionToken(const net::Call& call);

 private:
  iam::Service* iam_;
};

}  // namespace tarn::sts
