// The DynamoDB Streams operation table (name, IAM action, resources, handler), and the Service's
// construction and control plane. IAM actions are "dynamodb:<Operation>", as AWS names them.
#include <chrono>

#include "streams/change_log.h"
#include "streams/input.h"
#include "streams/streams.h"

namespace tarn::streams {
namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);

int64_t NowMs(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
}

std::vector<std::string> StreamResource(const net::Call& call) {
  if (auto arn = GetString(call.input, "StreamArn")) return {*arn};
  return {};
}

// GetRecords acts on the stream named at the front of the iterator ("<arn>|1|...").
std::vector<std::string> IteratorResource(const net::Call& call) {
  auto it = GetString(call.input, "ShardIterator");
  if (!it) return {};
  size_t bar = it->find('|');
  if (bar == std::string::npos || !it->starts_with("arn:")) return {};
  return {it->substr(0, bar)};
}

}  // namespace

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options) {
  TARN_ASSIGN_OR_RETURN(auto log, ChangeLog::Open(rocks, NowMs(clock)));
  return std::unique_ptr<Service>(new Service(rocks, clock, options, std::move(log)));
}

core::Status Service::CreateStream(const StreamSpec& spec) { return log_->Create(spec, NowMs(clock_)); }

core::Status Service::DisableStream(std::string_view stream_arn) {
  TARN_TRY(log_->Disable(stream_arn, NowMs(clock_)));
  // Consumers waiting on the stream learn that its shard closed.
  if (auto id = log_->IdOf(stream_arn)) Notify(*id);
  return core::Ok();
}

core::Status Service::DropStream(std::string_view stream_arn) { return log_->Drop(stream_arn); }

void Service::RegisterOperations(net::Registry& registry) {
  struct Row {
    const char* name;
    Method method;
    net::ResourceFunction resources;
  };
  const Row rows[] = {
      {"ListStreams", &Service::ListStreams, nullptr},
      {"DescribeStream", &Service::DescribeStream, StreamResource},
      {"GetShardIterator", &Service::GetShardIterator, StreamResource},
      {"GetRecords", &Service::GetRecords, IteratorResource},
  };
  for (const Row& row : rows) {
    Method method = row.method;
    registry.Add(
        "dynamodbstreams",
        {.name = row.name,
         .iam_action = std::string("dynamodb:") + row.name,
         .resources = row.resources,
         .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
         .resource_policy = [this](const net::Call&,
                                   std::string_view arn) { return policies_ ? policies_(arn) : nullptr; }});
  }
}

}  // namespace tarn::streams
