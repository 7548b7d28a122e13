#pragma once
// Object integrity values S3 computes while bytes stream: the MD5 ETag, the additional checksums
// of botocore's ChecksumAlgorithm enum (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5,
// XXHASH64, XXHASH3, XXHASH128;
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html), the
// multipart ETag and the COMPOSITE checksum of a multipart object. Checksum values are base64 of
// the big-endian CRC / xxHash (its canonical form) or the raw digest, as S3 sends them in
// x-amz-checksum-*. Pure functions; a BodyDigests or Digest is used by one thread.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::s3 {

enum class ChecksumAlgorithm {
  kCrc32,
  kCrc32c,
  kCrc64Nvme,
  kSha1,
  kSha256,
  kSha512,
  kMd5,
  kXxHash64,
  kXxHash3,
  kXxHash128
};
inline constexpr std::array<ChecksumAlgorithm, 10> kChecksumAlgorithms = {
    ChecksumAlgorithm::kCrc32,    ChecksumAlgorithm::kCrc32c,   ChecksumAlgorithm::kCrc64Nvme,
    ChecksumAlgorithm::kSha1,     ChecksumAlgorithm::kSha256,   ChecksumAlgorithm::kSha512,
    ChecksumAlgorithm::kMd5,      ChecksumAlgorithm::kXxHash64, ChecksumAlgorithm::kXxHash3,
    ChecksumAlgorithm::kXxHash128};

// "CRC32", "CRC64NVME", ...: the x-amz-sdk-checksum-algorithm spelling.
std::string_view AlgorithmName(ChecksumAlgorithm a);
// Case-insensitive; nullopt for anything else.
std::optional<ChecksumAlgorithm> ParseAlgorithm(std::string_view name);
// The document member carrying it: "ChecksumCRC32", ...
std::string_view AlgorithmMember(ChecksumAlgorithm a);
// The header / trailer name: "x-amz-checksum-crc32", ...
std::string_view AlgorithmHeader(ChecksumAlgorithm a);
// The CRCs: the only algorithms whose multipart checksum may be FULL_OBJECT (CRC64NVME must be).
bool IsCrc(ChecksumAlgorithm a);

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), continuing from crc (0 to start).
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);
// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones), continuing
// from crc (0 to start). Check value of "123456789": 0xAE8B14860A799888.
uint64_t Crc64Nvme(std::string_view data, uint64_t crc = 0);

// One incremental checksum.
class Digest {
 public:
  explicit Digest(ChecksumAlgorithm a);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  ChecksumAlgorithm algorithm() const;
  void Update(std::string_view data);
  // The raw checksum bytes; call once.
  std::string Finish();

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

// The base64 checksum of data.
std::string ChecksumOf(ChecksumAlgorithm a, std::string_view data);

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
  std::unique_ptr<Digest> md5_digest_;
  std::vector<std::unique_ptr<Digest>> digests_;
  std::vector<std::pair<ChecksumAlgorithm, std::string>> values_;
  std::string md5_;
};

// The COMPOSITE checksum of a multipart object: the checksum of the concatenated raw part
// checksums, then "-<part count>" ("<base64>-N"). nullopt when a part value is not base64.
std::optional<std::string> CompositeChecksum(ChecksumAlgorithm a, const std::vector<std::string>& parts);

// The quoted ETag of a completed multipart upload: "<hex md5 of the concatenated binary part
// MD5s>-<part count>". part_md5s are 16 raw bytes each.
std::string MultipartETag(const std::vector<std::string>& part_md5s);
// The ETag S3 shows for a single-part object: the hex MD5 in double quotes.
std::string QuotedETag(std::string_view md5_raw);
// An ETag as a client may send it (quoted or not, or W/"..."), unquoted for comparison.
std::string_view UnquoteETag(std::string_view etag);

}  // namespace tarn::s3
