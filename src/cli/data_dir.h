#pragma once
// The data directory's own files (DESIGN.md, "State"): the process lock, the account's root
// credentials (DATA/root-credentials, mode 0600, in AWS shared-credentials-file format so it can
// also serve as AWS_SHARED_CREDENTIALS_FILE) and DATA/server.json (where the tarn serving this
// directory listens, for `tarn env`). Used from the main thread only.

#include <optional>
#include <string>

#include "core/result.h"

namespace tarn::cli {

struct RootCredentials {
  std::string access_key_id;
  std::string secret_access_key;
};

struct ServerInfo {
  std::string endpoint;  // http://127.0.0.1:4566
  long pid = 0;
};

// Holds an exclusive flock on DATA/tarn.lock for its lifetime. A second tarn on the same
// directory fails with "data directory DIR is in use by another tarn process (pid N)".
class DataDirLock {
 public:
  static core::Result<DataDirLock> Acquire(const std::string& data_dir);
  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

std::string RootCredentialsPath(const std::string& data_dir);
// Reads DATA/root-credentials, creating it (0600) with a fresh key pair on first start.
core::Result<RootCredentials> LoadOrCreateRootCredentials(const std::string& data_dir);
// Reads DATA/root-credentials; nullopt if tarn never started on this directory.
core::Result<std::optional<RootCredentials>> LoadRootCredentials(const std::string& data_dir);
// Parses the [default] profile of a shared-credentials-format text.
std::optional<RootCredentials> ParseCredentialsFile(std::string_view text);

core::Status WriteServerInfo(const std::string& data_dir, const ServerInfo& info);
std::optional<ServerInfo> ReadServerInfo(const std::string& data_dir);

}  // namespace tarn::cli
