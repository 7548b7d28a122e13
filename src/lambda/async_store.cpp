// The durable Event invocation queue.
#include "lambda/async_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tarn::lambda {

namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix = "async-invocation/";

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

AsyncStore::AsyncStore(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("lambda")) {}

core::Status AsyncStore::Put(AsyncInvocation& invocation, int64_t now_micros) {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%020lld", static_cast<long long>(now_micros));
  invocation.key = std::string(kPrefix) + stamp + "-" + invocation.request_id;
  invocation.accepted_ms = now_micros / 1000;
  json::object o{{"account", invocation.account_id},
                 {"region", invocation.region},
                 {"name", invocation.name},
                 {"qualifier", invocation.qualifier},
                 {"request_id", invocation.request_id},
                 {"payload", invocation.payload}};
  return rocks_.Put(cf_, invocation.key, json::serialize(o));
}

core::Status AsyncStore::Delete(const AsyncInvocation& invocation) {
  return rocks_.Delete(cf_, invocation.key);
}

core::Result<std::vector<AsyncInvocation>> AsyncStore::List() const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(kPrefix));
  std::vector<AsyncInvocation> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    boost::system::error_code ec;
    json::value v = json::parse(it.value(), ec);
    if (ec || !v.is_object()) return core::InternalFailure("corrupt lambda async invocation record");
    const json::object& o = v.get_object();
    AsyncInvocation a;
    a.key = std::string(it.key());
    a.accepted_ms = std::strtoll(a.key.c_str() + kPrefix.size(), nullptr, 10) / 1000;
    a.account_id = Str(o, "account");
    a.region = Str(o, "region");
    a.name = Str(o, "name");
    a.qualifier = Str(o, "qualifier");
    a.request_id = Str(o, "request_id");
    a.payload = Str(o, "payload");
    out.push_back(std::move(a));
  }
  TARN_TRY(it.status());
  return out;
}

}  // namespace tarn::lambda
