#pragma once
// Body readers that verify a streamed S3 payload as its bytes pass: the aws-chunked decoder
// (STREAMING-* x-amz-content-sha256 modes, chunk and trailer signatures) and the plain-body
// SHA-256 verifier. Memory is bounded (one fixed buffer) whatever the chunk sizes.
// A verification failure surfaces as an error from Read, possibly after earlier bytes were
// returned: callers must not commit what they read until Read has returned 0.
// Each reader is used by one thread at a time, like the net::BodyReader it wraps.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "net/http.h"

namespace tarn::auth {

// Bounds on framing lines: a chunk header is "<hex>;chunk-signature=<64 hex>" (about 100 bytes);
// trailers are a few checksum headers.
inline constexpr size_t kMaxChunkHeaderBytes = 4096;
inline constexpr size_t kMaxTrailerBytes = 16 * 1024;

// What chunk signatures chain from (signed STREAMING-AWS4-HMAC-SHA256-* modes only).
struct ChunkSigning {
  core::Sha256Digest signing_key{};
  std::string amz_date;        // X-Amz-Date of the request
  std::string scope;           // ScopeString(...)
  std::string seed_signature;  // the request's own signature
  std::string access_key_id;   // for S3's SignatureDoesNotMatch extras
};

struct ChunkedOptions {
  std::optional<ChunkSigning> signing;     // nullopt: STREAMING-UNSIGNED-PAYLOAD-TRAILER
  bool trailer = false;                    // the *-TRAILER modes: trailers may follow the last chunk
  std::optional<uint64_t> decoded_length;  // x-amz-decoded-content-length, when sent
};

// Decodes `<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n`
// [trailer lines `name:value\r\n`] `\r\n`.
// Errors from Read: SignatureDoesNotMatch (403) for a bad chunk or trailer signature,
// InvalidRequest (400) for malformed framing, IncompleteBody (400) for a truncated body or a
// decoded length different from x-amz-decoded-content-length; the raw reader's own errors.
class ChunkedPayloadReader final : public net::BodyReader {
 public:
  ChunkedPayloadReader(net::BodyReader& raw, ChunkedOptions options);
  core::Result<size_t> Read(char* buffer, size_t size) override;
  std::optional<uint64_t> DeclaredLength() const override { return options_.decoded_length; }
  // After Read has returned 0: the trailers (lowercase name, value) in arrival order, without
  // x-amz-trailer-signature. S3 verifies the x-amz-checksum-* values itself.
  const std::vector<std::pair<std::string, std::string>>& trailers() const { return trailers_; }
  uint64_t decoded_bytes() const { return decoded_; }

 private:
  enum class State { kHeader, kData, kDataEnd, kTrailer, kDone };
  core::Result<size_t> Step(char* out, size_t size);
  core::Status ParseHeader(std::string_view line);
  core::Status VerifyChunk(std::string_view chunk_hash_hex);
  core::Status ParseTrailerLine(std::string_view line);
  core::Status Finish();
  core::AwsError Fail(core::AwsError error);

  net::BodyReader& raw_;
  ChunkedOptions options_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0, end_ = 0;
  State state_ = State::kHeader;
  std::string line_;  // the framing line being assembled
  uint64_t remaining_ = 0;
  uint64_t decoded_ = 0;
  size_t trailer_bytes_ = 0;
  std::string chunk_signature_;     // of the chunk being read
  std::string previous_signature_;  // seed, then each chunk's
  std::string trailer_signature_;
  std::string canonical_trailers_;
  std::optional<core::Sha256Stream> chunk_hash_;
  std::vector<std::pair<std::string, std::string>> trailers_;
  std::optional<core::AwsError> error_;
};

// For a plain body with a hex x-amz-content-sha256: hashes bytes as they pass and fails at the
// end with XAmzContentSHA256Mismatch (400) when the digest differs from expected_hex.
class Sha256VerifyingReader final : public net::BodyReader {
 public:
  Sha256VerifyingReader(net::BodyReader& raw, std::string expected_hex);
  core::Result<size_t> Read(char* buffer, size_t size) override;
  std::optional<uint64_t> DeclaredLength() const override { return raw_.DeclaredLength(); }

 private:
  net::BodyReader& raw_;
  std::string expected_hex_;
  core::Sha256Stream hash_;
  bool done_ = false;
  std::optional<core::AwsError> error_;
};

// UNSIGNED-PAYLOAD: the raw body as is.
class PassThroughReader final : public net::BodyReader {
 public:
  explicit PassThroughReader(net::BodyReader& raw) : raw_(raw) {}
  core::Result<size_t> Read(char* buffer, size_t size) override { return raw_.Read(buffer, size); }
  std::optional<uint64_t> DeclaredLength() const override { return raw_.DeclaredLength(); }

 private:
  net::BodyReader& raw_;
};

}  // namespace tarn::auth
