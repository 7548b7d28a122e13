#pragma once
// Limits shared by the request path, with the AWS values they copy. Service-specific limits
// (item size, batch sizes) live with their service.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tarn::core {

// SigV4 allows 15 minutes between the request's X-Amz-Date and the server's clock.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
inline constexpr std::chrono::minutes kMaxClockSkew{15};
// Presigned URLs: X-Amz-Expires at most 7 days.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
inline constexpr int64_t kMaxPresignExpiresSeconds = 604800;

// HTTP limits. S3 caps the request header section at 8 KB of user metadata within a larger
// header; we allow 64 KB of headers in total before answering RequestHeaderSectionTooLarge.
inline constexpr size_t kMaxHeaderBytes = 64 * 1024;
// Default cap for buffered (non-streaming) request bodies; operations may set their own
// (Lambda Invoke: 6 MB; DynamoDB: 16 MB for batch requests).
inline constexpr uint64_t kDefaultMaxBodyBytes = 20 * 1024 * 1024;
// S3 PutObject maximum single-request size: 5 GB.
inline constexpr uint64_t kMaxStreamingBodyBytes = 5ULL * 1024 * 1024 * 1024;

}  // namespace tarn::core
