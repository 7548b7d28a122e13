#pragma once
// Helpers shared by the auth unit tests: the SigV4 vector files and a body reader that hands
// out bytes in pieces of random (seeded, so deterministic) sizes.

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "net/http.h"

namespace tarn::auth::testing {

inline std::filesystem::path VectorDir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "data" / "sigv4";
}

inline std::string ReadVector(const std::string& name) {
  std::ifstream in(VectorDir() / name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ParsedVector {
  net::HttpRequest request;
  std::string body;
};

// "<METHOD> <target> HTTP/1.1\n<Name:value>...\n\n<body>"
inline ParsedVector ParseRequestVector(const std::string& text) {
  ParsedVector out;
  size_t end = text.find("\n\n");
  std::string head = text.substr(0, end);
  out.body = end == std::string::npos ? "" : text.substr(end + 2);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  out.request.method = line.substr(0, sp1);
  out.request.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (std::getline(lines, line)) {
    size_t colon = line.find(':');
    out.request.headers.Add(line.substr(0, colon), line.substr(colon + 1));
  }
  return out;
}

// Returns its body in pieces of 1..max_piece bytes (seeded), like a socket would.
class PieceReader final : public net::BodyReader {
 public:
  PieceReader(std::string body, size_t max_piece, unsigned seed)
      : body_(std::move(body)), max_piece_(max_piece), rng_(seed) {}
  core::Result<size_t> Read(char* buffer, size_t size) override {
    std::uniform_int_distribution<size_t> dist(1, max_piece_);
    size_t n = std::min({size, body_.size() - pos_, dist(rng_)});
    std::memcpy(buffer, body_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::optional<uint64_t> DeclaredLength() const override { return body_.size(); }

 private:
  std::string body_;
  size_t pos_ = 0;
  size_t max_piece_;
  std::mt19937 rng_;
};

// Reads everything through reader with reads of random sizes; the error if one occurs.
inline core::Result<std::string> DrainInPieces(net::BodyReader& reader, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> dist(1, 9000);
  std::string out;
  std::string buf(9000, '\0');
  while (true) {
    auto n = reader.Read(buf.data(), dist(rng));
    if (!n.ok()) return std::move(n).error();
    if (*n == 0) return out;
    out.append(buf.data(), *n);
  }
}

}  // namespace tarn::auth::testing
