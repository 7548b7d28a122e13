// put_item_stream_overhead: what a NEW_AND_OLD_IMAGES stream costs PutItem. Calls the DynamoDB
// handlers in-process (no HTTP, so the figure is the storage path alone) from N threads for S seconds,
// alternately on a table without a stream and one with, on a fresh data directory, and prints PutItem/s
// of each and their ratio (issue 5 asks for >= 80%).
//
//   put_item_stream_overhead [--threads 8] [--seconds 5] [--rounds 2] [--durability sync|relaxed]

#include <stdlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "streams/streams.h"

namespace {

namespace json = boost::json;
using namespace tarn;

struct Options {
  int threads = 8;
  double seconds = 5;
  int rounds = 2;
  bool relaxed = false;
};

double Run(const net::Operation& put, const std::string& table, const Options& o) {
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      net::RequestContext context;
      context.operation = "PutItem";
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        // 1000 keys per thread: mostly MODIFY records with both images, as a form's updates would be.
        json::object in{
            {"TableName", table},
            {"Item",
             json::object{{"id", json::object{{"S", std::to_string(t) + "-" + std::to_string(n % 1000)}}},
                          {"name", json::object{{"S", "Ada Lovelace"}}},
                          {"standard", json::object{{"N", std::to_string(n % 12)}}},
                          {"email", json::object{{"S", "ada@example.com"}}}}}};
        auto r = put.handler(net::Call{context, in});
        if (!r.ok()) {
          std::fprintf(stderr, "PutItem failed: %s\n", r.error().message.c_str());
          std::exit(1);
        }
        ++n;
      }
      total += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  return static_cast<double>(total.load()) / o.seconds;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--threads") o.threads = std::stoi(v);
    if (k == "--seconds") o.seconds = std::stod(v);
    if (k == "--rounds") o.rounds = std::stoi(v);
    if (k == "--durability") o.relaxed = v == "relaxed";
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "tarn-bench-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return 1;
  int status = 0;
  {
    storage::RocksOptions ro;
    ro.path = tmpl + "/db";
    ro.durability = o.relaxed ? storage::Durability::kRelaxed : storage::Durability::kSync;
    auto rocks = storage::Rocks::Open(ro);
    if (!rocks.ok()) return 1;
    core::SystemClock clock;
    auto streams = streams::Service::Create(**rocks, clock);
    auto ddb = dynamodb::Service::Create(**rocks, clock, streams->get());
    net::Registry registry;
    (*ddb)->RegisterOperations(registry);
    net::RequestContext context;
    for (std::string stream : {"", "NEW_AND_OLD_IMAGES"}) {
      json::object in = json::parse(R"({"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
          "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})")
                            .as_object();
      in["TableName"] = stream.empty() ? "plain" : "streamed";
      if (!stream.empty())
        in["StreamSpecification"] = json::object{{"StreamEnabled", true}, {"StreamViewType", stream}};
      if (!registry.Find("dynamodb", "CreateTable")->handler(net::Call{context, in}).ok()) return 1;
    }
    const net::Operation& put = *registry.Find("dynamodb", "PutItem");
    std::printf("PutItem in-process, %d threads, %.0f s per run, durability %s\n", o.threads, o.seconds,
                o.relaxed ? "relaxed" : "sync");
    double plain = 0, streamed = 0;
    for (int r = 0; r < o.rounds; ++r) {
      double a = Run(put, "plain", o);
      double b = Run(put, "streamed", o);
      std::printf("  round %d: no stream %.0f/s, NEW_AND_OLD_IMAGES stream %.0f/s\n", r + 1, a, b);
      plain += a;
      streamed += b;
    }
    std::printf("stream / no stream: %.1f%%\n", 100.0 * streamed / plain);
  }
  std::filesystem::remove_all(tmpl);
  return status;
}
