#pragma once
// The AWS Regions by name, for the few answers that depend on whether a name is one (S3's
// ListBuckets BucketRegion). Requests may name any region in their credential scope; tarn serves
// them all, so this list never limits where resources live.

#include <string_view>

namespace tarn::core {

// True for a Region of the aws, aws-cn or aws-us-gov partitions (as of 2025).
bool IsAwsRegion(std::string_view name);

}  // namespace tarn::core
