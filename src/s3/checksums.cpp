#include "s3/checksums.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>

#include "core/encoding.h"

namespace tarn::s3 {
namespace {

std::array<uint32_t, 256> MakeCrc32cTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[i] = c;
  }
  return table;
}

std::string BigEndian32(uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  return out;
}

// One OpenSSL digest context; nullptr-safe.
struct Evp {
  EVP_MD_CTX* ctx = nullptr;
  explicit Evp(const EVP_MD* md) : ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx, md, nullptr); }
  ~Evp() { EVP_MD_CTX_free(ctx); }
  Evp(const Evp&) = delete;
  Evp& operator=(const Evp&) = delete;
  void Update(std::string_view d) { EVP_DigestUpdate(ctx, d.data(), d.size()); }
  std::string Finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, out, &n);
    return std::string(reinterpret_cast<const char*>(out), n);
  }
};

uint32_t ZlibCrc32(std::string_view data, uint32_t crc) {
  // zlib takes uInt lengths: feed large spans in pieces.
  while (!data.empty()) {
    size_t n = std::min<size_t>(data.size(), UINT_MAX);
    crc = static_cast<uint32_t>(
        ::crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n)));
    data.remove_prefix(n);
  }
  return crc;
}

}  // namespace

std::string_view AlgorithmName(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return "CRC32";
    case ChecksumAlgorithm::kCrc32c:
      return "CRC32C";
    case ChecksumAlgorithm::kSha1:
      return "SHA1";
    case ChecksumAlgorithm::kSha256:
      return "SHA256";
  }
  return "";
}

std::optional<ChecksumAlgorithm> ParseAlgorithm(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (ChecksumAlgorithm a : kChecksumAlgorithms)
    if (AlgorithmName(a) == upper) return a;
  return std::nullopt;
}

std::string_view AlgorithmMember(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return "ChecksumCRC32";
    case ChecksumAlgorithm::kCrc32c:
      return "ChecksumCRC32C";
    case ChecksumAlgorithm::kSha1:
      return "ChecksumSHA1";
    case ChecksumAlgorithm::kSha256:
      return "ChecksumSHA256";
  }
  return "";
}

std::string_view AlgorithmHeader(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return "x-amz-checksum-crc32";
    case ChecksumAlgorithm::kCrc32c:
      return "x-amz-checksum-crc32c";
    case ChecksumAlgorithm::kSha1:
      return "x-amz-checksum-sha1";
    case ChecksumAlgorithm::kSha256:
      return "x-amz-checksum-sha256";
  }
  return "";
}

uint32_t Crc32c(std::string_view data, uint32_t crc) {
  static const std::array<uint32_t, 256> table = MakeCrc32cTable();
  crc = ~crc;
  for (unsigned char b : data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

struct BodyDigests::Rep {
  Evp md5{EVP_md5()};
  std::optional<uint32_t> crc32, crc32c;
  std::unique_ptr<Evp> sha1, sha256;
  std::optional<std::string> sha1_out, sha256_out;
};

BodyDigests::BodyDigests(std::vector<ChecksumAlgorithm> algorithms) : rep_(std::make_unique<Rep>()) {
  for (ChecksumAlgorithm a : algorithms) {
    switch (a) {
      case ChecksumAlgorithm::kCrc32:
        rep_->crc32 = 0;
        break;
      case ChecksumAlgorithm::kCrc32c:
        rep_->crc32c = 0;
        break;
      case ChecksumAlgorithm::kSha1:
        if (!rep_->sha1) rep_->sha1 = std::make_unique<Evp>(EVP_sha1());
        break;
      case ChecksumAlgorithm::kSha256:
        if (!rep_->sha256) rep_->sha256 = std::make_unique<Evp>(EVP_sha256());
        break;
    }
  }
}

BodyDigests::~BodyDigests() = default;

void BodyDigests::Update(std::string_view data) {
  rep_->md5.Update(data);
  if (rep_->crc32) rep_->crc32 = ZlibCrc32(data, *rep_->crc32);
  if (rep_->crc32c) rep_->crc32c = Crc32c(data, *rep_->crc32c);
  if (rep_->sha1) rep_->sha1->Update(data);
  if (rep_->sha256) rep_->sha256->Update(data);
}

void BodyDigests::Finish() {
  md5_ = rep_->md5.Finish();
  if (rep_->sha1) rep_->sha1_out = rep_->sha1->Finish();
  if (rep_->sha256) rep_->sha256_out = rep_->sha256->Finish();
}

bool BodyDigests::Computes(ChecksumAlgorithm a) const {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return rep_->crc32.has_value();
    case ChecksumAlgorithm::kCrc32c:
      return rep_->crc32c.has_value();
    case ChecksumAlgorithm::kSha1:
      return rep_->sha1 != nullptr;
    case ChecksumAlgorithm::kSha256:
      return rep_->sha256 != nullptr;
  }
  return false;
}

std::optional<std::string> BodyDigests::Checksum(ChecksumAlgorithm a) const {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      if (rep_->crc32) return core::Base64Encode(BigEndian32(*rep_->crc32));
      break;
    case ChecksumAlgorithm::kCrc32c:
      if (rep_->crc32c) return core::Base64Encode(BigEndian32(*rep_->crc32c));
      break;
    case ChecksumAlgorithm::kSha1:
      if (rep_->sha1_out) return core::Base64Encode(*rep_->sha1_out);
      break;
    case ChecksumAlgorithm::kSha256:
      if (rep_->sha256_out) return core::Base64Encode(*rep_->sha256_out);
      break;
  }
  return std::nullopt;
}

std::string QuotedETag(std::string_view md5_raw) { return "\"" + core::HexEncode(md5_raw) + "\""; }

std::string MultipartETag(const std::vector<std::string>& part_md5s) {
  Evp md5(EVP_md5());
  for (const std::string& m : part_md5s) md5.Update(m);
  return "\"" + core::HexEncode(md5.Finish()) + "-" + std::to_string(part_md5s.size()) + "\"";
}

std::string_view UnquoteETag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

}  // namespace tarn::s3
