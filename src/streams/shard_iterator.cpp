// Shard iterator encoding: "<arn>|1|" + base64(stream id, shard index, position, created ms: 8 bytes
// each, big-endian; then the first 16 bytes of HMAC-SHA256(secret, "<arn>|" + those 32 bytes)).
#include "streams/shard_iterator.h"

#include "core/crypto.h"
#include "core/encoding.h"
#include "storage/key_codec.h"
#include "streams/errors.h"

namespace tarn::streams {
namespace {

constexpr std::string_view kVersion = "|1|";
constexpr size_t kFieldBytes = 32;
constexpr size_t kMacBytes = 16;

std::string Mac(std::string_view secret, std::string_view arn, std::string_view fields) {
  std::string data(arn);
  data += '|';
  data.append(fields);
  return std::string(core::AsStringView(core::HmacSha256(secret, data)).substr(0, kMacBytes));
}

}  // namespace

std::string EncodeShardIterator(const ShardIterator& it, std::string_view secret) {
  std::string fields = storage::EncodeUint64(it.stream_id) + storage::EncodeUint64(it.shard_index) +
                       storage::EncodeUint64(it.position) + storage::EncodeInt64(it.created_ms);
  return it.stream_arn + std::string(kVersion) +
         core::Base64Encode(fields + Mac(secret, it.stream_arn, fields));
}

core::Result<ShardIterator> DecodeShardIterator(std::string_view text, std::string_view secret) {
  auto invalid = [] { return ValidationException("Invalid ShardIterator"); };
  size_t bar = text.rfind(kVersion);
  if (bar == std::string_view::npos || bar == 0) return invalid();
  std::string_view arn = text.substr(0, bar);
  auto raw = core::Base64Decode(text.substr(bar + kVersion.size()));
  if (!raw || raw->size() != kFieldBytes + kMacBytes) return invalid();
  std::string_view fields = std::string_view(*raw).substr(0, kFieldBytes);
  if (!core::ConstantTimeEquals(Mac(secret, arn, fields), std::string_view(*raw).substr(kFieldBytes)))
    return invalid();
  ShardIterator it;
  it.stream_arn = std::string(arn);
  it.stream_id = *storage::DecodeUint64(fields.substr(0, 8));
  it.shard_index = *storage::DecodeUint64(fields.substr(8, 8));
  it.position = *storage::DecodeUint64(fields.substr(16, 8));
  it.created_ms = *storage::DecodeInt64(fields.substr(24, 8));
  return it;
}

}  // namespace tarn::streams
