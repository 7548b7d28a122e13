#include "s3/body_receiver.h"

#include <algorithm>
#include <optional>
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

// Reads body into memory while it fits in kInlineObjectBytes; true when it ended there. Otherwise
// bytes holds what was read (more than the limit) and the rest is still in body.
core::Result<bool> ReadSmallBody(net::BodyReader& body, BodyDigests& digests, std::string& bytes) {
  uint64_t expected = std::min(body.DeclaredLength().value_or(kInlineObjectBytes), kInlineObjectBytes);
  bytes.resize(static_cast<size_t>(expected) + 1);  // + 1: a read that fills it proves the body is larger
  size_t have = 0;
  while (true) {
    if (have == bytes.size()) bytes.resize(std::min<size_t>(bytes.size() * 2, kInlineObjectBytes + 1));
    TARN_ASSIGN_OR_RETURN(size_t n, body.Read(bytes.data() + have, bytes.size() - have));
    if (n == 0) break;
    digests.Update(std::string_view(bytes.data() + have, n));
    have += n;
    if (have > kInlineObjectBytes) {
      bytes.resize(have);
      return false;
    }
  }
  bytes.resize(have);
  return true;
}

}  // namespace

core::Result<ReceivedBody> ReceiveBody(ObjectStore& store, std::string_view bucket, const net::Call& call,
                                       std::optional<ChecksumAlgorithm> required, bool must_be_sent,
                                       std::optional<ChecksumAlgorithm> fallback, bool may_inline) {
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
  ReceivedBody out;
  std::optional<TempBlob> temp;
  uint64_t size = 0;
  bool inline_body = false;
  if (may_inline && body.DeclaredLength().value_or(0) <= kInlineObjectBytes) {
    TARN_ASSIGN_OR_RETURN(inline_body, ReadSmallBody(body, digests, out.data));
    size = out.data.size();
  }
  if (!inline_body) {
    TARN_ASSIGN_OR_RETURN(TempBlob created, store.NewTempBlob());
    temp.emplace(std::move(created));
    TARN_TRY(temp->Write(out.data));  // what ReadSmallBody took before the body outgrew it
    TARN_ASSIGN_OR_RETURN(uint64_t rest, temp->Fill(body, digests));
    size += rest;
    out.data.clear();
    TARN_TRY(temp->Finish());
  }
  digests.Finish();
  out.size = size;
  bool sent = required && call.input.contains(AlgorithmMember(*required));
  out.md5 = digests.md5();
  if (expected_md5 && *expected_md5 != out.md5) return BadDigest("Content-MD5");
  if (!algorithms.empty()) {
    out.checksum_algorithm = std::string(AlgorithmName(algorithms.front()));
    out.checksum_value = *digests.Checksum(algorithms.front());
  }
  for (ChecksumAlgorithm a : kChecksumAlgorithms) {
    auto given = OptString(call.input, AlgorithmMember(a));
    if (!given || *given == *digests.Checksum(a)) continue;
    // A value that is no digest of this algorithm at all (not base64, or of another length) is a
    // malformed header, not a mismatch (LocalStack's test_put_object_checksum, recorded against AWS).
    auto decoded = core::Base64Decode(*given);
    if (!decoded || decoded->size() != core::Base64Decode(*digests.Checksum(a)).value_or("").size())
      return InvalidRequest("Value for " + std::string(AlgorithmHeader(a)) + " header is invalid.");
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
  if (temp) {
    TARN_ASSIGN_OR_RETURN(out.blob, store.Publish(*temp, bucket));
  }
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
