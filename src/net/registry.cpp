#include "net/registry.h"

namespace tarn::net {

void Registry::Add(std::string_view service, Operation operation) {
  auto& ops = services_[std::string(service)];
  std::string name = operation.name;
  bool inserted = ops.emplace(name, std::move(operation)).second;
  TARN_CHECK(inserted);
}

const Operation* Registry::Find(std::string_view service, std::string_view operation) const {
  auto s = services_.find(service);
  if (s == services_.end()) return nullptr;
  auto o = s->second.find(operation);
  return o == s->second.end() ? nullptr : &o->second;
}

void Registry::SetCrossOrigin(std::string_view service, std::shared_ptr<const CrossOrigin> rules) {
  bool inserted = cross_origin_.emplace(std::string(service), std::move(rules)).second;
  TARN_CHECK(inserted);
}

const CrossOrigin* Registry::FindCrossOrigin(std::string_view service) const {
  auto it = cross_origin_.find(service);
  return it == cross_origin_.end() ? nullptr : it->second.get();
}

void Registry::AddInternal(std::string prefix, InternalHandler handler) {
  TARN_CHECK(prefix.starts_with("/_tarn/"));
  internal_.emplace_back(std::move(prefix), std::move(handler));
}

const Registry::InternalHandler* Registry::FindInternal(std::string_view path) const {
  for (const auto& [prefix, handler] : internal_)
    if (path.starts_with(prefix)) return &handler;
  return nullptr;
}

bool Registry::HasService(std::string_view service) const {
  return services_.find(service) != services_.end();
}

}  // namespace tarn::net
