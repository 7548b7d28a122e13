#include "net/http.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tarn::net {

std::string_view MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && (content_type.front() == ' ' || content_type.front() == '\t'))
    content_type.remove_prefix(1);
  while (!content_type.empty() && (content_type.back() == ' ' || content_type.back() == '\t'))
    content_type.remove_suffix(1);
  return content_type;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void HttpHeaders::Add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::Set(std::string name, std::string value) {
  Remove(name);
  entries_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::Remove(std::string_view name) {
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const Entry& e) { return EqualsIgnoreCase(e.first, name); }),
                 entries_.end());
}

std::optional<std::string_view> HttpHeaders::Get(std::string_view name) const {
  for (const auto& e : entries_)
    if (EqualsIgnoreCase(e.first, name)) return std::string_view(e.second);
  return std::nullopt;
}

std::string HttpHeaders::GetOr(std::string_view name, std::string_view fallback) const {
  auto v = Get(name);
  return std::string(v ? *v : fallback);
}

std::vector<std::string_view> HttpHeaders::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& e : entries_)
    if (EqualsIgnoreCase(e.first, name)) out.emplace_back(e.second);
  return out;
}

std::string_view HttpRequest::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

core::Result<std::string> ReadAll(BodyReader& reader, uint64_t limit, const core::AwsError& too_large) {
  std::string out;
  if (auto declared = reader.DeclaredLength()) {
    if (*declared > limit) return too_large;
    out.reserve(static_cast<size_t>(*declared));
  }
  char buf[65536];
  while (true) {
    TARN_ASSIGN_OR_RETURN(size_t n, reader.Read(buf, sizeof buf));
    if (n == 0) break;
    if (out.size() + n > limit) return too_large;
    out.append(buf, n);
  }
  return out;
}

core::Result<size_t> StringBodyReader::Read(char* buffer, size_t size) {
  size_t n = std::min(size, body_.size() - pos_);
  std::memcpy(buffer, body_.data() + pos_, n);
  pos_ += n;
  return n;
}

namespace {
class FileRangeSource final : public BodySource {
 public:
  FileRangeSource(int fd, uint64_t offset, uint64_t length) : fd_(fd), offset_(offset), length_(length) {}
  ~FileRangeSource() override { ::close(fd_); }
  uint64_t Size() const override { return length_; }
  core::Result<size_t> Read(char* buffer, size_t size) override {
    uint64_t left = length_ - done_;
    if (left == 0) return size_t{0};
    size_t want = static_cast<size_t>(std::min<uint64_t>(size, left));
    while (true) {
      ssize_t n = ::pread(fd_, buffer, want, static_cast<off_t>(offset_ + done_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return core::InternalFailure(std::string("read failed: ") + std::strerror(errno));
      if (n == 0) return core::InternalFailure("file shorter than its recorded size");
      done_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  uint64_t offset_, length_, done_ = 0;
};
}  // namespace

core::Result<size_t> StringBodySource::Read(char* buffer, size_t size) {
  size_t n = std::min(size, bytes_.size() - pos_);
  std::memcpy(buffer, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

core::Result<std::unique_ptr<BodySource>> OpenFileRange(const std::string& path, uint64_t offset,
                                                        uint64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::InternalFailure("cannot open " + path + ": " + std::strerror(errno));
  return std::unique_ptr<BodySource>(std::make_unique<FileRangeSource>(fd, offset, length));
}

}  // namespace tarn::net
