#pragma once
// Logging: spdlog behind a namespace, so the sink set-up lives in one place (cli/serve.cpp).
// Thread-safe.

#include <spdlog/spdlog.h>

namespace tarn::log {
using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::warn;
}  // namespace tarn::log
