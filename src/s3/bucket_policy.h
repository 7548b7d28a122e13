#pragma once
// Bucket policies: S3's checks of a document on PutBucketPolicy (MalformedPolicy with S3's
// messages), the canonical form GetBucketPolicy answers, whether a policy is "public" (Block Public
// Access, GetBucketPolicyStatus), and the compiled policies the authorizer asks on every request.
//   https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
// Messages as AWS answers them (LocalStack's test_bucket_policy_exc, recorded against AWS, and
// errors users quote from AWS).

#include <atomic>
#include <boost/json/object.hpp>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "iam/policy/policy.h"

namespace tarn::s3 {

struct CheckedPolicy {
  std::shared_ptr<const iam::policy::Policy> compiled;
  std::string canonical;  // what GetBucketPolicy answers: minified, AWS's member order
  bool is_public = false;
};

// The public access block of a new bucket: every S3 bucket created since April 2023 blocks public
// access with all four settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
// RestrictPublicBuckets;
// https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/).
boost::json::object DefaultPublicAccessBlock();

// MalformedPolicy (400) for a document S3 refuses on bucket's PutBucketPolicy.
core::Result<CheckedPolicy> CheckBucketPolicy(std::string_view bucket, std::string_view document);

// The compiled policy of every bucket that has one, and whether the bucket's Block Public Access
// keeps its public grants from applying (RestrictPublicBuckets). Read on every request by a caller
// other than the root user; safe from any thread.
class BucketPolicies {
 public:
  struct Entry {
    std::shared_ptr<const iam::policy::Policy> policy;
    bool is_public = false;
    bool restrict_public = false;  // RestrictPublicBuckets: only the account's principals may use it
  };
  void Set(const std::string& bucket, Entry entry);  // a null policy: none
  void Erase(const std::string& bucket);
  // nullptr when the bucket has no policy.
  std::shared_ptr<const Entry> Of(std::string_view bucket) const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  std::atomic<bool> any_{false};  // no lookup while no bucket ever had a policy
};

}  // namespace tarn::s3
