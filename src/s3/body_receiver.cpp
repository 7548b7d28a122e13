#include "s3/body_receiver.h"

#include <vector>

#include "auth/chunked_payload.h"
#include "core/encoding.h"
#include "s3/call_input.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// S3's answer when a part's checksum is not of the upload's algorithm.
core::AwsError TypeMismatch(ChecksumAlgorithm expected, std::string_view actual) {
  return InvalidRequest("Checksum Type mismatch occurred, expected checksum Type: " +
                        Lower(AlgorithmName(expected)) + ", actual checksum Type: " + Lower(actual));
}

// The algorithms to compute: the required one, the declared one and every checksum sent as a
// header. The first is the one the record keeps.
core::Result<std::vector<ChecksumAlgorithm>> RequestedAlgorithms(const boost::json::object& input,
                                                                 std::optional<ChecksumAlgorithm> required) {
  std::vector<ChecksumAlgorithm> out;
  if (required) out.push_back(*required);
  if (auto name = OptString(input, "ChecksumAlgorithm")) {
    auto a = ParseAlgorithm(*name);
    if (!a) return InvalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
    out.push_back(*a);
  }
  for (ChecksumAlgorithm a : kChecksumAlgorithms)
    if (input.contains(AlgorithmMember(a))) out.push_back(a);
  if (required) {
    for (ChecksumAlgorithm a : out)
      if (a != *required) return TypeMismatch(*required, AlgorithmName(a));
  }
  return out;
}

}  // namespace

core::Result<ReceivedBody> ReceiveBody(ObjectStore& store, std::string_view bucket, const net::Call& call,
                                       std::optional<ChecksumAlgorithm> required, bool must_be_sent,
                                       std::optional<ChecksumAlgorithm> fallback) {
  std::optional<std::string> expected_md5;
  if (auto content_md5 = OptString(call.input, "ContentMD5")) {
    expected_md5 = core::Base64Decode(*content_md5);
    if (!expected_md5 || expected_md5->size() != 16) return InvalidDigest(*content_md5);
  }
  TARN_ASSIGN_OR_RETURN(std::vector<ChecksumAlgorithm> algorithms, RequestedAlgorithms(call.input, required));
  if (algorithms.empty() && fallback) algorithms.push_back(*fallback);
  BodyDigests digests(algorithms);

  net::StringBodyReader empty("");
  net::BodyReader& body = call.body ? *call.body : empty;
  TARN_ASSIGN_OR_RETURN(TempBlob temp, store.NewTempBlob());
  TARN_ASSIGN_OR_RETURN(uint64_t size, temp.Fill(body, digests));
  TARN_TRY(temp.Finish());
  digests.Finish();

  ReceivedBody out;
  out.size = size;
  bool sent = required && call.input.contains(AlgorithmMember(*required));
  out.md5 = digests.md5();
  if (expected_md5 && *expected_md5 != out.md5) return BadDigest("Content-MD5");
  if (!algorithms.empty()) {
    out.checksum_algorithm = std::string(AlgorithmName(algorithms.front()));
    out.checksum_value = *digests.Checksum(algorithms.front());
  }
  for (ChecksumAlgorithm a : kChecksumAlgorithms) {
    if (auto given = OptString(call.input, AlgorithmMember(a)); given && *given != *digests.Checksum(a))
      return BadDigest(AlgorithmName(a));
  }
  // aws-chunked trailers (what current SDKs send by default) carry the checksum after the data.
  if (const auto* chunked = dynamic_cast<const auth::ChunkedPayloadReader*>(call.body)) {
    for (const auto& [name, value] : chunked->trailers()) {
      for (ChecksumAlgorithm a : kChecksumAlgorithms) {
        if (name != AlgorithmHeader(a)) continue;
        if (required && a != *required) return TypeMismatch(*required, AlgorithmName(a));
        // A trailer the request did not announce in x-amz-sdk-checksum-algorithm.
        if (!digests.Computes(a))
          return InvalidRequest("The x-amz-trailer header does not match the trailer.");
        if (value != *digests.Checksum(a)) return BadDigest(AlgorithmName(a));
        out.checksum_algorithm = std::string(AlgorithmName(a));
        out.checksum_value = value;
        sent = true;
      }
    }
  }
  if (required && must_be_sent && !sent) return TypeMismatch(*required, "null");
  TARN_ASSIGN_OR_RETURN(out.blob, store.Publish(temp, bucket));
  return out;
}

core::Status VerifyPayload(const net::PayloadIntegrity* payload) {
  bool verified = false;
  if (payload) {
    for (const auto& [name, value] : payload->headers) {
      if (name == "content-md5") {
        auto expected = core::Base64Decode(value);
        if (!expected || expected->size() != 16) return InvalidDigest(value);
        if (*expected != core::Base64Decode(ChecksumOf(ChecksumAlgorithm::kMd5, payload->body)))
          return BadDigest("Content-MD5");
        verified = true;
        continue;
      }
      for (ChecksumAlgorithm a : kChecksumAlgorithms) {
        if (name != AlgorithmHeader(a)) continue;
        if (value != ChecksumOf(a, payload->body)) return BadDigest(AlgorithmName(a));
        verified = true;
      }
    }
  }
  if (!verified)
    return InvalidRequest("Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
  return core::Ok();
}

}  // namespace tarn::s3
