#pragma once
// Shard iterators: opaque strings that clients hand back, so every byte is untrusted. The shape follows
// DynamoDB's ("<stream arn>|1|<base64>"); the base64 part holds the stream, shard, position and
// creation time, authenticated with an HMAC under the store's secret so a tampered or forged iterator
// is refused instead of read. Pure functions; safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tarn::streams {

struct ShardIterator {
  std::string stream_arn;
  uint64_t stream_id = 0;
  uint64_t shard_index = 0;
  uint64_t position = 0;  // the next record returned is the first numbered at or above it
  int64_t created_ms = 0;
};

std::string EncodeShardIterator(const ShardIterator& iterator, std::string_view secret);
// ValidationException "Invalid ShardIterator" for anything EncodeShardIterator did not produce with
// this secret (wrong shape, bad base64, wrong length, altered bytes).
core::Result<ShardIterator> DecodeShardIterator(std::string_view text, std::string_view secret);

}  // namespace tarn::streams
