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

bool Registry::HasService(std::string_view service) const {
  return services_.find(service) != services_.end();
}

}  // namespace tarn::net
