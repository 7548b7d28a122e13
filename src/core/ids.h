#pragma once
// Identifiers in the shapes AWS uses: request ids, UUIDs, access key ids and secrets.
// Thread-safe. Secrets and key ids come from OpenSSL's CSPRNG; request ids from a fast
// per-thread generator (they are not secrets).

#include <string>
#include <string_view>

namespace tarn::core {

// 8-4-4-4-12 lowercase hex, version 4: the x-amzn-RequestId shape.
std::string NewUuid();
// 52 characters of [0-9A-Z]: DynamoDB's x-amzn-RequestId shape.
std::string NewDynamoDbRequestId();
// 16 uppercase hex characters: S3's x-amz-request-id shape.
std::string NewS3RequestId();
// An access key id: "AKIA"/"ASIA" + 16 characters of [A-Z2-7], as IAM and STS issue them.
std::string NewAwsId(std::string_view prefix);
// An IAM entity's unique id: "AIDA"/"AROA"/"AGPA"/"ANPA"/"AIPA" + 17 characters of [A-Z2-7]
// (21 in all, e.g. AIDACKCEVSQ6C2EXAMPLE in IAM's API reference).
std::string NewUniqueId(std::string_view prefix);
// 40 characters of base64 alphabet: an AWS secret access key.
std::string NewSecretAccessKey();
// n random bytes from the CSPRNG.
std::string RandomBytes(size_t n);

}  // namespace tarn::core
