#pragma once
// Tag sets: an object's (x-amz-tagging on PutObject/CopyObject/CreateMultipartUpload, the
// PutObjectTagging body) and a bucket's (PutBucketTagging), validated as S3 does. Pure.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"

namespace tarn::s3 {

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html: 10 per object.
inline constexpr size_t kMaxObjectTags = 10;
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html: 50 per bucket.
inline constexpr size_t kMaxBucketTags = 50;

// The "Tagging" member of PutObjectTagging/PutBucketTagging ({"TagSet": [{"Key","Value"}]}) as a
// validated tag set. MalformedXML when the shape is wrong; InvalidTag for too many tags, a key or
// value too long, an "aws:" key, a repeated key.
core::Result<boost::json::array> TagSetFromTagging(const boost::json::object& input, size_t max_tags);
// The x-amz-tagging header ("k1=v1&k2=v2", URL-encoded) as a validated object tag set (empty header:
// no tags). InvalidArgument for a bad escape; InvalidTag as above.
core::Result<boost::json::array> TagSetFromHeader(std::string_view header);

}  // namespace tarn::s3
