#pragma once
// Object integrity values S3 computes while bytes stream: the MD5 ETag, the additional checksums
// (CRC32, CRC32C, SHA1, SHA256;
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html) and the multipart
// ETag. Checksum values are base64 of the big-endian CRC or the raw digest, as S3 sends them in
// x-amz-checksum-*. Pure functions; a BodyDigests is used by one thread.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::s3 {

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kSha1, kSha256 };
inline constexpr std::array<ChecksumAlgorithm, 4> kChecksumAlgorithms = {
    ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kSha1,
    ChecksumAlgorithm::kSha256};

// "CRC32", "CRC32C", "SHA1", "SHA256": the x-amz-sdk-checksum-algorithm spelling.
std::string_view AlgorithmName(ChecksumAlgorithm a);
// Case-insensitive; nullopt for anything else (CRC64NVME and the rest are not supported yet).
std::optional<ChecksumAlgorithm> ParseAlgorithm(std::string_view name);
// The document member carrying it: "ChecksumCRC32", ...
std::string_view AlgorithmMember(ChecksumAlgorithm a);
// The header / trailer name: "x-amz-checksum-crc32", ...
std::string_view AlgorithmHeader(ChecksumAlgorithm a);

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), continuing from crc (0 to start).
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

// Incremental digests over one body: always MD5, plus the requested checksum algorithms.
class BodyDigests {
 public:
  explicit BodyDigests(std::vector<ChecksumAlgorithm> algorithms);
  ~BodyDigests();
  BodyDigests(const BodyDigests&) = delete;
  BodyDigests& operator=(const BodyDigests&) = delete;
  void Update(std::string_view data);
  // Ends the digests; call once.
  void Finish();
  // After Finish: 16 raw bytes.
  const std::string& md5() const { return md5_; }
  // After Finish: the base64 value, nullopt when the algorithm was not requested.
  std::optional<std::string> Checksum(ChecksumAlgorithm a) const;
  bool Computes(ChecksumAlgorithm a) const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
  std::string md5_;
};

// The quoted ETag of a completed multipart upload: "<hex md5 of the concatenated binary part
// MD5s>-<part count>". part_md5s are 16 raw bytes each.
std::string MultipartETag(const std::vector<std::string>& part_md5s);
// The ETag S3 shows for a single-part object: the hex MD5 in double quotes.
std::string QuotedETag(std::string_view md5_raw);
// An ETag as a client may send it (quoted or not, or W/"..."), unquoted for comparison.
std::string_view UnquoteETag(std::string_view etag);

}  // namespace tarn::s3
