#include "s3/object_lock.h"

#include <boost/json.hpp>
#include <cmath>

#include "s3/call_input.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

constexpr double kDay = 86400;

core::AwsError Argument(std::string message) {
  return core::AwsError("InvalidArgument", std::move(message), 400);
}

bool ValidMode(std::string_view mode) { return mode == "GOVERNANCE" || mode == "COMPLIANCE"; }

std::optional<double> Seconds(const json::object& o, std::string_view member) {
  const json::value* v = o.if_contains(member);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

// Whether the version's retention still holds at now.
bool Retained(const ContentHeaders& h, double now) {
  return !h.lock_mode.empty() && h.lock_until && *h.lock_until > now;
}

}  // namespace

core::AwsError ObjectLockProtected() {
  return core::AwsError("AccessDenied", "Access Denied because object protected by object lock.", 403);
}

core::AwsError MissingObjectLockConfiguration() {
  return InvalidRequest("Bucket is missing Object Lock Configuration");
}

core::Result<json::object> LockConfigurationFromInput(const json::object& input) {
  const json::value* config = input.if_contains("ObjectLockConfiguration");
  if (!config || !config->is_object())
    return core::AwsError("MissingRequestBodyError", "Request Body is empty", 400);
  const json::object& c = config->get_object();
  if (String(c, "ObjectLockEnabled") != "Enabled") return MalformedXML();
  json::object out{{"ObjectLockEnabled", "Enabled"}};
  if (const json::value* rule = c.if_contains("Rule")) {
    const json::value* retention =
        rule->is_object() ? rule->get_object().if_contains("DefaultRetention") : nullptr;
    if (!retention || !retention->is_object()) return MalformedXML();
    const json::object& r = retention->get_object();
    std::string mode = String(r, "Mode");
    const json::value* days = r.if_contains("Days");
    const json::value* years = r.if_contains("Years");
    if (!ValidMode(mode) || (days != nullptr) == (years != nullptr)) return MalformedXML();
    const json::value* period = days ? days : years;
    const char* unit = days ? "Days" : "Years";
    auto refused = [&](std::string message) {
      return InvalidArgument(std::move(message), unit, json::serialize(*period));
    };
    if (!period->is_int64() || period->get_int64() <= 0)
      return refused("Default retention period must be a positive integer value");
    // S3's limits: 36500 days, 100 years.
    if (period->get_int64() > (days ? 36500 : 100)) return refused("Default retention period too large.");
    json::object kept{{"Mode", mode}};
    kept[days ? "Days" : "Years"] = period->get_int64();
    out["Rule"] = json::object{{"DefaultRetention", std::move(kept)}};
  }
  return out;
}

core::Status ApplyObjectLock(const json::object& input, const json::object& bucket_lock, double now,
                             ContentHeaders& headers) {
  std::optional<std::string> mode = OptString(input, "ObjectLockMode");
  std::optional<double> until = Seconds(input, "ObjectLockRetainUntilDate");
  std::optional<std::string> hold = OptString(input, "ObjectLockLegalHoldStatus");
  headers.lock_mode.clear();
  headers.lock_until.reset();
  headers.legal_hold.clear();
  if ((mode || until || hold) && bucket_lock.empty()) return MissingObjectLockConfiguration();
  if (mode.has_value() != until.has_value())
    return Argument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
  if (mode && !ValidMode(*mode)) return Argument("Unknown wormMode directive.");
  if (until && *until <= now) return Argument("The retain until date must be in the future!");
  if (hold && *hold != "ON" && *hold != "OFF") return Argument("Legal Hold must be either of 'ON' or 'OFF'");
  if (hold) headers.legal_hold = *hold;
  if (mode) {
    headers.lock_mode = *mode;
    headers.lock_until = until;
    return core::Ok();
  }
  // The bucket's default retention, counted from the write (in whole seconds: the date is shown
  // alike in the x-amz-object-lock-retain-until-date header and in GetObjectRetention's body).
  now = std::floor(now);
  const json::value* rule = bucket_lock.if_contains("Rule");
  if (!rule || !rule->is_object()) return core::Ok();
  const json::value* retention = rule->get_object().if_contains("DefaultRetention");
  if (!retention || !retention->is_object()) return core::Ok();
  const json::object& r = retention->get_object();
  headers.lock_mode = String(r, "Mode");
  if (const json::value* days = r.if_contains("Days"); days && days->is_int64())
    headers.lock_until = now + static_cast<double>(days->get_int64()) * kDay;
  if (const json::value* years = r.if_contains("Years"); years && years->is_int64())
    headers.lock_until = now + static_cast<double>(years->get_int64()) * 365 * kDay;
  return core::Ok();
}

void TakeObjectLock(const ContentHeaders& lock, ContentHeaders& headers) {
  headers.lock_mode = lock.lock_mode;
  headers.lock_until = lock.lock_until;
  headers.legal_hold = lock.legal_hold;
}

core::Status MayRemoveVersion(const ContentHeaders& headers, bool bypass, double now) {
  if (headers.legal_hold == "ON") return ObjectLockProtected();
  if (!Retained(headers, now)) return core::Ok();
  if (headers.lock_mode == "GOVERNANCE" && bypass) return core::Ok();
  return ObjectLockProtected();
}

core::Status MayChangeRetention(const ContentHeaders& headers, const std::string& mode,
                                std::optional<double> until, bool bypass, double now) {
  if (!mode.empty() && !ValidMode(mode)) return MalformedXML();
  if (mode.empty() != !until.has_value()) return MalformedXML();
  if (until && *until <= now) return Argument("The retain until date must be in the future!");
  if (!Retained(headers, now)) return core::Ok();
  // Extending the same mode's retention is always allowed; anything else lessens the protection.
  // (Even GOVERNANCE to COMPLIANCE is a change of its lock settings: it needs the bypass, as Ceph's
  // s3-tests test_object_lock_changing_mode_from_governance_without_bypass finds.)
  const bool extends = mode == headers.lock_mode && until && *until >= *headers.lock_until;
  if (extends) return core::Ok();
  if (headers.lock_mode == "GOVERNANCE" && bypass) return core::Ok();
  return ObjectLockProtected();
}

}  // namespace tarn::s3
