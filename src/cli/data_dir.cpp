#include "cli/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/fs.h"
#include "core/ids.h"

namespace tarn::cli {

namespace {
std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}
}  // namespace

core::Result<DataDirLock> DataDirLock::Acquire(const std::string& data_dir) {
  std::string path = data_dir + "/tarn.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return core::InternalFailure("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {0};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? Trim(std::string_view(buf, static_cast<size_t>(n))) : "unknown";
    return core::InternalFailure("data directory " + data_dir + " is in use by another tarn process (pid " +
                                 pid + ")");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only a hint for the error message above; the lock itself is what matters.
  }
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::string RootCredentialsPath(const std::string& data_dir) { return data_dir + "/root-credentials"; }

std::optional<RootCredentials> ParseCredentialsFile(std::string_view text) {
  RootCredentials creds;
  bool in_default = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line =
        Trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      in_default = line == "[default]";
      continue;
    }
    size_t eq = line.find('=');
    if (!in_default || eq == std::string::npos) continue;
    std::string key = Trim(std::string_view(line).substr(0, eq));
    std::string value = Trim(std::string_view(line).substr(eq + 1));
    if (key == "aws_access_key_id") creds.access_key_id = value;
    if (key == "aws_secret_access_key") creds.secret_access_key = value;
  }
  if (creds.access_key_id.empty() || creds.secret_access_key.empty()) return std::nullopt;
  return creds;
}

core::Result<std::optional<RootCredentials>> LoadRootCredentials(const std::string& data_dir) {
  std::string path = RootCredentialsPath(data_dir);
  if (!std::filesystem::exists(path)) return std::optional<RootCredentials>();
  TARN_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  auto creds = ParseCredentialsFile(text);
  if (!creds)
    return core::InternalFailure(path + " has no [default] aws_access_key_id/aws_secret_access_key");
  return std::optional<RootCredentials>(std::move(*creds));
}

core::Result<RootCredentials> LoadOrCreateRootCredentials(const std::string& data_dir) {
  TARN_ASSIGN_OR_RETURN(auto existing, LoadRootCredentials(data_dir));
  if (existing) return std::move(*existing);
  RootCredentials creds{core::NewAwsId("AKIA"), core::NewSecretAccessKey()};
  std::string text =
      "# The root user of tarn account 000000000000. Keep it secret: it can do everything.\n"
      "# Usable as AWS_SHARED_CREDENTIALS_FILE; `eval \"$(tarn env)\"` exports it instead.\n"
      "[default]\naws_access_key_id = " +
      creds.access_key_id + "\naws_secret_access_key = " + creds.secret_access_key + "\n";
  TARN_TRY(core::WriteFileAtomic(RootCredentialsPath(data_dir), text, 0600));
  return creds;
}

core::Status WriteServerInfo(const std::string& data_dir, const ServerInfo& info) {
  boost::json::object o;
  o["endpoint"] = info.endpoint;
  o["pid"] = info.pid;
  return core::WriteFileAtomic(data_dir + "/server.json", boost::json::serialize(o) + "\n", 0644);
}

std::optional<ServerInfo> ReadServerInfo(const std::string& data_dir) {
  auto text = core::ReadFile(data_dir + "/server.json");
  if (!text.ok()) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto endpoint = o.if_contains("endpoint");
  auto pid = o.if_contains("pid");
  if (!endpoint || !endpoint->is_string()) return std::nullopt;
  ServerInfo info;
  info.endpoint = std::string(endpoint->as_string());
  if (pid && pid->is_int64()) info.pid = static_cast<long>(pid->as_int64());
  return info;
}

}  // namespace tarn::cli
