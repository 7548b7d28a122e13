#pragma once
// Hashes, HMAC and constant-time comparison over OpenSSL 3, for SigV4, ETags and checksums.
// Pure functions; safe from any thread.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tarn::core {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
Sha256Digest HmacSha256(std::string_view key, std::string_view data);
std::string Md5(std::string_view data);                             // 16 raw bytes
std::string Sha1(std::string_view data);                            // 20 raw bytes
std::string HmacSha1(std::string_view key, std::string_view data);  // 20 raw bytes (S3 SigV2)
uint32_t Crc32(std::string_view data, uint32_t crc = 0);

// Incremental SHA-256 for bodies that stream through (S3 uploads).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

// Compares in time independent of where the inputs differ (signatures, secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

inline std::string_view AsStringView(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace tarn::core
