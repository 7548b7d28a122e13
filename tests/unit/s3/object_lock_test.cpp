#include "s3/object_lock.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::s3 {
namespace {
namespace json = boost::json;

constexpr double kNow = 1'800'000'000;
constexpr double kDay = 86400;

std::string CodeOf(const core::Status& s) { return s.ok() ? "ok" : s.error().code; }

core::Result<json::object> Configuration(std::string_view input) {
  return LockConfigurationFromInput(json::parse(input).as_object());
}

TEST(ObjectLockTest, ConfigurationsAreCheckedAsS3ChecksThem) {
  EXPECT_EQ(Configuration("{}").error().code, "MissingRequestBodyError");
  EXPECT_EQ(Configuration(R"({"ObjectLockConfiguration": "x"})").error().code, "MissingRequestBodyError");
  for (
      std::string_view bad : {
          R"({"ObjectLockConfiguration": {}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "enabled"}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {}}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": []}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Days": 1}}}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "WORM", "Days": 1}}}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE"}}}})",
          R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1, "Years": 1}}}})",
      }) {
    auto c = Configuration(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.error().code, "MalformedXML") << bad;
  }
  for (std::string_view period :
       {R"("Days": 0)", R"("Years": -1)", R"("Days": "1")", R"("Days": 36501)", R"("Years": 101)"}) {
    auto c = Configuration(
        std::string(
            R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", )") +
        std::string(period) + "}}}}");
    ASSERT_FALSE(c.ok()) << period;
    EXPECT_EQ(c.error().code, "InvalidArgument") << period;
  }
  auto good = Configuration(
      R"({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Years": 2}}}})");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(json::serialize(*good),
            R"({"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Years":2}}})");
}

TEST(ObjectLockTest, WritesTakeTheirOwnLockOrTheBucketsDefault) {
  const json::object none;
  const json::object enabled{{"ObjectLockEnabled", "Enabled"}};
  const json::object by_default =
      json::parse(
          R"({"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":3}}})")
          .as_object();
  ContentHeaders h;
  EXPECT_TRUE(ApplyObjectLock({}, none, kNow, h).ok());
  EXPECT_TRUE(h.lock_mode.empty() && !h.lock_until);
  EXPECT_TRUE(ApplyObjectLock({}, by_default, kNow + 0.7, h).ok());
  EXPECT_EQ(h.lock_mode, "COMPLIANCE");
  EXPECT_EQ(h.lock_until, kNow + 3 * kDay);  // whole seconds from the write
  json::object explicit_lock{{"ObjectLockMode", "GOVERNANCE"},
                             {"ObjectLockRetainUntilDate", kNow + 60},
                             {"ObjectLockLegalHoldStatus", "ON"}};
  EXPECT_TRUE(ApplyObjectLock(explicit_lock, by_default, kNow, h).ok());
  EXPECT_EQ(h.lock_mode, "GOVERNANCE");
  EXPECT_EQ(h.lock_until, kNow + 60);
  EXPECT_EQ(h.legal_hold, "ON");
  // A copy's source lock does not survive: the fields are reset first.
  EXPECT_TRUE(ApplyObjectLock({}, enabled, kNow, h).ok());
  EXPECT_TRUE(h.lock_mode.empty() && !h.lock_until && h.legal_hold.empty());

  EXPECT_EQ(ApplyObjectLock(explicit_lock, none, kNow, h).error().code, "InvalidRequest");
  EXPECT_EQ(CodeOf(ApplyObjectLock({{"ObjectLockMode", "GOVERNANCE"}}, enabled, kNow, h)), "InvalidArgument");
  EXPECT_EQ(CodeOf(ApplyObjectLock({{"ObjectLockRetainUntilDate", kNow + 1}}, enabled, kNow, h)),
            "InvalidArgument");
  EXPECT_EQ(CodeOf(ApplyObjectLock({{"ObjectLockMode", "WORM"}, {"ObjectLockRetainUntilDate", kNow + 1}},
                                   enabled, kNow, h)),
            "InvalidArgument");
  EXPECT_EQ(CodeOf(ApplyObjectLock({{"ObjectLockMode", "GOVERNANCE"}, {"ObjectLockRetainUntilDate", kNow}},
                                   enabled, kNow, h)),
            "InvalidArgument");
  EXPECT_EQ(CodeOf(ApplyObjectLock({{"ObjectLockLegalHoldStatus", "on"}}, enabled, kNow, h)),
            "InvalidArgument");
}

TEST(ObjectLockTest, WhatProtectsAVersion) {
  ContentHeaders h;
  EXPECT_TRUE(MayRemoveVersion(h, false, kNow).ok());
  h.lock_mode = "GOVERNANCE";
  h.lock_until = kNow + 10;
  EXPECT_EQ(MayRemoveVersion(h, false, kNow).error().message,
            "Access Denied because object protected by object lock.");
  EXPECT_TRUE(MayRemoveVersion(h, true, kNow).ok());
  EXPECT_TRUE(MayRemoveVersion(h, false, kNow + 10).ok());  // expired
  h.lock_mode = "COMPLIANCE";
  EXPECT_FALSE(MayRemoveVersion(h, true, kNow).ok());
  EXPECT_TRUE(MayRemoveVersion(h, false, kNow + 11).ok());
  h.legal_hold = "ON";
  EXPECT_FALSE(MayRemoveVersion(h, true, kNow + 11).ok());  // a hold outlasts any retention
  h.legal_hold = "OFF";
  EXPECT_TRUE(MayRemoveVersion(h, false, kNow + 11).ok());
}

TEST(ObjectLockTest, RetentionMayGrowButNotShrink) {
  ContentHeaders gov;
  gov.lock_mode = "GOVERNANCE";
  gov.lock_until = kNow + 100;
  EXPECT_TRUE(MayChangeRetention(gov, "GOVERNANCE", kNow + 200, false, kNow).ok());
  EXPECT_EQ(CodeOf(MayChangeRetention(gov, "COMPLIANCE", kNow + 100, false, kNow)), "AccessDenied");
  EXPECT_TRUE(MayChangeRetention(gov, "COMPLIANCE", kNow + 100, true, kNow).ok());
  EXPECT_EQ(CodeOf(MayChangeRetention(gov, "GOVERNANCE", kNow + 50, false, kNow)), "AccessDenied");
  EXPECT_EQ(CodeOf(MayChangeRetention(gov, "", std::nullopt, false, kNow)), "AccessDenied");
  EXPECT_TRUE(MayChangeRetention(gov, "GOVERNANCE", kNow + 50, true, kNow).ok());
  EXPECT_TRUE(MayChangeRetention(gov, "", std::nullopt, true, kNow).ok());
  ContentHeaders comp = gov;
  comp.lock_mode = "COMPLIANCE";
  EXPECT_TRUE(MayChangeRetention(comp, "COMPLIANCE", kNow + 200, false, kNow).ok());
  EXPECT_EQ(CodeOf(MayChangeRetention(comp, "GOVERNANCE", kNow + 200, true, kNow)), "AccessDenied");
  EXPECT_EQ(CodeOf(MayChangeRetention(comp, "COMPLIANCE", kNow + 50, true, kNow)), "AccessDenied");
  EXPECT_TRUE(MayChangeRetention(comp, "GOVERNANCE", kNow + 200, false, kNow + 100).ok());  // expired
  EXPECT_EQ(CodeOf(MayChangeRetention(comp, "COMPLIANCE", kNow - 1, false, kNow)), "InvalidArgument");
  EXPECT_EQ(CodeOf(MayChangeRetention(comp, "WORM", kNow + 300, false, kNow)), "MalformedXML");
  EXPECT_EQ(CodeOf(MayChangeRetention(comp, "COMPLIANCE", std::nullopt, false, kNow)), "MalformedXML");
}

}  // namespace
}  // namespace tarn::s3
