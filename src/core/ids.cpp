#include "core/ids.h"

#include <openssl/rand.h>

#include <cstdint>
#include <random>

namespace tarn::core {

namespace {
uint64_t FastRandom() {
  thread_local std::mt19937_64 gen([] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }());
  return gen();
}
}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    // RAND_bytes only fails when the CSPRNG cannot be seeded; fall back to random_device.
    std::random_device rd;
    for (auto& c : out) c = static_cast<char>(rd());
  }
  return out;
}

std::string NewUuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t a = FastRandom(), b = FastRandom();
  a = (a & ~0xF000ULL) | 0x4000ULL;                            // version 4
  b = (b & ~(0xC000000000000000ULL)) | 0x8000000000000000ULL;  // variant 10
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(v >> (i * 4)) & 15];
    }
  };
  put(a, 16);
  put(b, 16);
  return out;
}

std::string NewS3RequestId() {
  static constexpr char kHex[] = "0123456789ABCDEF";
  uint64_t v = FastRandom();
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i) out[i] = kHex[(v >> (i * 4)) & 15];
  return out;
}

std::string NewDynamoDbRequestId() {
  // Every request gets one: the fast generator, as for NewUuid (36^11 < 2^64 digits per draw).
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out(52, '0');
  uint64_t v = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i % 11 == 0) v = FastRandom();
    out[i] = kAlphabet[v % 36];
    v /= 36;
  }
  return out;
}

namespace {
std::string PrefixedBase32(std::string_view prefix, size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string bytes = RandomBytes(length);
  std::string out(prefix);
  for (char c : bytes) out += kAlphabet[static_cast<unsigned char>(c) & 31];
  return out;
}
}  // namespace

std::string NewAwsId(std::string_view prefix) { return PrefixedBase32(prefix, 16); }

std::string NewUniqueId(std::string_view prefix) { return PrefixedBase32(prefix, 17); }

std::string NewSecretAccessKey() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes = RandomBytes(40);
  std::string out;
  for (char c : bytes) out += kAlphabet[static_cast<unsigned char>(c) & 63];
  return out;
}

}  // namespace tarn::core
