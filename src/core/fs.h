#pragma once
// Small-file helpers for the data directory: whole-file reads and crash-safe replacement
// (write to a temporary name, fsync, rename, fsync the directory). Thread-safe for distinct paths.

#include <sys/types.h>
#include <string>

#include "core/result.h"

namespace tarn::core {

Result<std::string> ReadFile(const std::string& path);
// Replaces path atomically with data, created with the given permission bits.
Status WriteFileAtomic(const std::string& path, std::string_view data, mode_t mode = 0644);
// Creates the directory and its parents (like mkdir -p).
Status CreateDirectories(const std::string& path, mode_t mode = 0755);
// fsyncs a directory so a rename or create inside it is durable.
Status SyncDirectory(const std::string& path);

}  // namespace tarn::core
