// The write side: a change becomes a stream record in the item's WriteBatch (AppendToBatch), becomes
// readable when the write is acknowledged (PendingAppend::Commit), and wakes subscribers.
// Record shape: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html
#include <boost/json.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "core/ids.h"
#include "storage/key_codec.h"
#include "streams/change_log.h"
#include "streams/subscribers.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;

// eventID: 32 hex digits, unique because sequence numbers are; the salt keeps ids of different data
// directories apart.
std::string EventId(uint64_t stream_id, uint64_t sequence) {
  static const uint64_t salt = [] {
    std::string r = core::RandomBytes(8);
    return *storage::DecodeUint64(r);
  }();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64,
                static_cast<uint64_t>(salt ^ (stream_id * uint64_t{0x9E3779B97F4A7C15})), sequence);
  return buf;
}

}  // namespace

PendingAppend::PendingAppend(PendingAppend&& other) noexcept
    : service_(std::exchange(other.service_, nullptr)),
      stream_id_(other.stream_id_),
      sequence_(other.sequence_) {}

PendingAppend& PendingAppend::operator=(PendingAppend&& other) noexcept {
  if (this != &other) {
    Finish(false);
    service_ = std::exchange(other.service_, nullptr);
    stream_id_ = other.stream_id_;
    sequence_ = other.sequence_;
  }
  return *this;
}

PendingAppend::~PendingAppend() { Finish(false); }

void PendingAppend::Commit() { Finish(true); }

void PendingAppend::Finish(bool committed) {
  if (!service_) return;
  Service* service = std::exchange(service_, nullptr);
  // A dropped number is released the same way: nothing was written under it, and the watermark
  // must not wait for it.
  service->log_->Finish(stream_id_, sequence_);
  if (committed) service->Notify(stream_id_);
}

bool KeepsNewImage(std::string_view view_type) {
  return view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
}

bool KeepsOldImage(std::string_view view_type) {
  return view_type == "OLD_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
}

core::Result<PendingAppend> Service::AppendToBatch(std::string_view stream_arn, const Change& change,
                                                   storage::WriteBatch& batch) {
  core::TimePoint now = clock_.Now();
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  int64_t lifetime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.shard_lifetime).count();
  TARN_ASSIGN_OR_RETURN(auto allocation, log_->Allocate(stream_arn, now_ms, lifetime_ms));
  if (!allocation) return PendingAppend();
  PendingAppend pending(this, allocation->stream_id, allocation->sequence);
  const std::string& view = allocation->view_type;
  bool new_image = KeepsNewImage(view) && change.new_image;
  bool old_image = KeepsOldImage(view) && change.old_image;
  // Assembled as text: this runs on every write of a table with a stream, and the images are already
  // JSON text, so building a JSON tree only to serialize it again would double the cost.
  std::string record;
  record.reserve(320 + change.keys.size() + (new_image ? change.new_image->size() : 0) +
                 (old_image ? change.old_image->size() : 0));
  record += R"({"eventID":")";
  record += EventId(allocation->stream_id, allocation->sequence);
  record += R"(","eventName":)";
  record += json::serialize(json::string(change.event_name));
  record += R"(,"eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":)";
  record += json::serialize(json::string(allocation->region));
  // "rounded down to the closest second" (API_streams_StreamRecord.html).
  record += R"(,"dynamodb":{"ApproximateCreationDateTime":)";
  record += FormatApproximateCreationDateTime(now_ms / 1000);
  record += R"(,"Keys":)";
  record += change.keys;
  size_t size = change.keys_bytes;
  if (new_image) {
    record += R"(,"NewImage":)";
    record += *change.new_image;
    size += change.new_bytes;
  }
  if (old_image) {
    record += R"(,"OldImage":)";
    record += *change.old_image;
    size += change.old_bytes;
  }
  record += R"(,"SequenceNumber":")";
  record += FormatSequenceNumber(allocation->sequence);
  record += R"(","SizeBytes":)";
  record += std::to_string(size);
  record += R"(,"StreamViewType":)";
  record += json::serialize(json::string(view));
  record += "}";
  // Member names as the Streams model's Identity shape, which is what SDKs parse from GetRecords;
  // the guide (time-to-live-ttl-streams.html) prints them lower-case as Lambda events carry them.
  if (change.user_identity) {
    record += R"(,"userIdentity":{"PrincipalId":)";
    record += json::serialize(json::string(change.user_identity->principal_id));
    record += R"(,"Type":)";
    record += json::serialize(json::string(change.user_identity->type));
    record += "}";
  }
  record += "}";
  batch.Put(log_->cf(),
            ChangeLog::RecordKey(allocation->stream_id, allocation->shard_index, allocation->sequence),
            ChangeLog::RecordValue(now_ms, record));
  return pending;
}

uint64_t Service::Subscribe(std::string_view stream_arn, std::function<void()> on_append) {
  std::lock_guard lock(subscribers_->mu);
  uint64_t id = subscribers_->next_id++;
  subscribers_->entries[id] = {std::string(stream_arn), std::move(on_append)};
  subscribers_->count = subscribers_->entries.size();
  return id;
}

void Service::Unsubscribe(uint64_t subscription_id) {
  std::lock_guard lock(subscribers_->mu);
  subscribers_->entries.erase(subscription_id);
  subscribers_->count = subscribers_->entries.size();
}

void Service::Notify(uint64_t stream_id) {
  if (subscribers_->count.load() == 0) return;
  auto stream = log_->FindById(stream_id);
  if (!stream) return;
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lock(subscribers_->mu);
    for (const auto& [id, e] : subscribers_->entries)
      if (e.stream_arn == stream->spec.stream_arn) wake.push_back(e.on_append);
  }
  // Outside the lock, so a callback may Subscribe or Unsubscribe.
  for (auto& f : wake) f();
}

}  // namespace tarn::streams
