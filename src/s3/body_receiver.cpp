#include "s3/body_receiver.h"

#include <vector>

#include "auth/chunked_payload.h"
#include "core/encoding.h"
#include "s3/call_input.h"
#include "s3/checksums.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {

core::AwsError Unsupported(std::string_view name) {
  return InvalidRequest("Checksum algorithm " + std::string(name) +
                        " is not supported by tarn; use CRC32, CRC32C, SHA1 or SHA256.");
}

// The algorithms to compute: the declared one and every checksum sent as a header.
core::Result<std::vector<ChecksumAlgorithm>> RequestedAlgorithms(const boost::json::object& input) {
  std::vector<ChecksumAlgorithm> out;
  if (auto name = OptString(input, "ChecksumAlgorithm")) {
    auto a = ParseAlgorithm(*name);
    if (!a) return Unsupported(*name);
    out.push_back(*a);
  }
  for (ChecksumAlgorithm a : kChecksumAlgorithms)
    if (input.contains(AlgorithmMember(a))) out.push_back(a);
  for (std::string_view other : {"ChecksumCRC64NVME", "ChecksumSHA512", "ChecksumMD5", "ChecksumXXHASH64",
                                 "ChecksumXXHASH3", "ChecksumXXHASH128"}) {
    if (input.contains(other)) return Unsupported(other.substr(8));
  }
  return out;
}

}  // namespace

core::Result<ReceivedBody> ReceiveBody(ObjectStore& store, std::string_view bucket, const net::Call& call) {
  std::optional<std::string> expected_md5;
  if (auto content_md5 = OptString(call.input, "ContentMD5")) {
    expected_md5 = core::Base64Decode(*content_md5);
    if (!expected_md5 || expected_md5->size() != 16) return InvalidDigest(*content_md5);
  }
  TARN_ASSIGN_OR_RETURN(std::vector<ChecksumAlgorithm> algorithms, RequestedAlgorithms(call.input));
  BodyDigests digests(algorithms);

  net::StringBodyReader empty("");
  net::BodyReader& body = call.body ? *call.body : empty;
  TARN_ASSIGN_OR_RETURN(TempBlob temp, store.NewTempBlob());
  TARN_ASSIGN_OR_RETURN(uint64_t size, temp.Fill(body, digests));
  TARN_TRY(temp.Finish());
  digests.Finish();

  ReceivedBody out;
  out.size = size;
  out.md5 = digests.md5();
  if (expected_md5 && *expected_md5 != out.md5) return BadDigest("Content-MD5");
  if (!algorithms.empty()) {
    out.checksum_algorithm = std::string(AlgorithmName(algorithms.front()));
    out.checksum_value = *digests.Checksum(algorithms.front());
  }
  for (ChecksumAlgorithm a : kChecksumAlgorithms) {
    if (auto sent = OptString(call.input, AlgorithmMember(a)); sent && *sent != *digests.Checksum(a))
      return BadDigest(AlgorithmName(a));
  }
  // aws-chunked trailers (what current SDKs send by default) carry the checksum after the data.
  if (const auto* chunked = dynamic_cast<const auth::ChunkedPayloadReader*>(call.body)) {
    for (const auto& [name, value] : chunked->trailers()) {
      for (ChecksumAlgorithm a : kChecksumAlgorithms) {
        if (name != AlgorithmHeader(a)) continue;
        if (!digests.Computes(a)) return Unsupported(AlgorithmName(a));
        if (value != *digests.Checksum(a)) return BadDigest(AlgorithmName(a));
        out.checksum_algorithm = std::string(AlgorithmName(a));
        out.checksum_value = value;
      }
    }
  }
  TARN_ASSIGN_OR_RETURN(out.blob, store.Publish(temp, bucket));
  return out;
}

}  // namespace tarn::s3
