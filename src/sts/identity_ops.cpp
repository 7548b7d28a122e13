// Implements: GetCallerIdentity.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
#include "sts/sts.h"

namespace tarn::sts {

core::Result<net::Output> Service::GetCallerIdentity(const net::Call& call) {
  const core::Principal& who = call.context.principal;
  net::Output out;
  out.json["UserId"] = who.user_id;
  out.json["Account"] = who.account_id;
  out.json["Arn"] = who.arn;
  return out;
}

}  // namespace tarn::sts
