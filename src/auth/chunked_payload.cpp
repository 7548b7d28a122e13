#include "auth/chunked_payload.h"

#include <algorithm>
#include <cstring>

#include "auth/errors.h"
#include "auth/sigv4.h"
#include "core/encoding.h"

namespace tarn::auth {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;
constexpr std::string_view kChunkSignature = "chunk-signature=";
constexpr std::string_view kTrailerSignature = "x-amz-trailer-signature";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

ChunkedPayloadReader::ChunkedPayloadReader(net::BodyReader& raw, ChunkedOptions options)
    : raw_(raw), options_(std::move(options)), buffer_(new char[kBufferBytes]) {
  if (options_.signing) previous_signature_ = options_.signing->seed_signature;
}

core::AwsError ChunkedPayloadReader::Fail(core::AwsError error) {
  error_ = error;
  return error;
}

core::Result<size_t> ChunkedPayloadReader::Read(char* buffer, size_t size) {
  if (error_) return *error_;
  if (size == 0) return size_t{0};
  while (state_ != State::kDone) {
    if (begin_ == end_) {
      auto n = raw_.Read(buffer_.get(), kBufferBytes);
      if (!n.ok()) return Fail(std::move(n).error());
      if (*n == 0) return Fail(IncompleteBody());
      begin_ = 0;
      end_ = *n;
    }
    TARN_ASSIGN_OR_RETURN(size_t produced, Step(buffer, size));
    if (produced > 0) return produced;
  }
  return size_t{0};
}

// Consumes buffered raw bytes for the current state; returns how many decoded bytes it wrote.
core::Result<size_t> ChunkedPayloadReader::Step(char* out, size_t size) {
  const char* data = buffer_.get() + begin_;
  size_t available = end_ - begin_;
  switch (state_) {
    case State::kData: {
      size_t n = static_cast<size_t>(std::min<uint64_t>({remaining_, available, size}));
      std::memcpy(out, data, n);
      begin_ += n;
      remaining_ -= n;
      decoded_ += n;
      if (options_.decoded_length && decoded_ > *options_.decoded_length) return Fail(IncompleteBody());
      if (chunk_hash_) chunk_hash_->Update(std::string_view(data, n));
      if (remaining_ == 0) {
        if (chunk_hash_) {
          std::string hash = core::HexEncode(core::AsStringView(chunk_hash_->Finish()));
          chunk_hash_.reset();
          TARN_TRY(VerifyChunk(hash));
        }
        state_ = State::kDataEnd;
      }
      return n;
    }
    case State::kDataEnd:
    case State::kHeader:
    case State::kTrailer: {
      const char* newline = static_cast<const char*>(std::memchr(data, '\n', available));
      size_t take = newline ? static_cast<size_t>(newline - data) + 1 : available;
      size_t limit = state_ == State::kTrailer ? kMaxTrailerBytes : kMaxChunkHeaderBytes;
      if (line_.size() + take > limit) return Fail(MalformedChunkedBody("framing line too long"));
      line_.append(data, take);
      begin_ += take;
      if (!newline) return size_t{0};
      if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
        return Fail(MalformedChunkedBody("expected CRLF"));
      }
      std::string line = std::move(line_);
      line_.clear();
      line.resize(line.size() - 2);
      if (state_ == State::kDataEnd) {
        if (!line.empty()) return Fail(MalformedChunkedBody("chunk data longer than its declared size"));
        state_ = State::kHeader;
      } else if (state_ == State::kHeader) {
        TARN_TRY(ParseHeader(line));
      } else if (line.empty()) {
        TARN_TRY(Finish());
      } else {
        TARN_TRY(ParseTrailerLine(line));
      }
      return size_t{0};
    }
    case State::kDone:
      break;
  }
  return size_t{0};
}

core::Status ChunkedPayloadReader::ParseHeader(std::string_view line) {
  size_t semi = line.find(';');
  std::string_view size_text = line.substr(0, semi);
  if (size_text.empty() || size_text.size() > 16) return Fail(MalformedChunkedBody("invalid chunk size"));
  uint64_t size = 0;
  for (char c : size_text) {
    int v = HexValue(c);
    if (v < 0) return Fail(MalformedChunkedBody("invalid chunk size"));
    size = (size << 4) | static_cast<uint64_t>(v);
  }
  if (options_.signing) {
    std::string_view ext = semi == std::string_view::npos ? std::string_view() : line.substr(semi + 1);
    if (ext.substr(0, kChunkSignature.size()) != kChunkSignature) {
      return Fail(MalformedChunkedBody("missing chunk-signature"));
    }
    ext.remove_prefix(kChunkSignature.size());
    if (ext.size() != 64 || !IsLowerHex(ext)) return Fail(MalformedChunkedBody("invalid chunk-signature"));
    chunk_signature_ = std::string(ext);
    chunk_hash_.emplace();
  }
  remaining_ = size;
  if (size > 0) {
    state_ = State::kData;
    return core::Ok();
  }
  if (options_.signing) TARN_TRY(VerifyChunk(kEmptySha256));
  state_ = State::kTrailer;
  return core::Ok();
}

core::Status ChunkedPayloadReader::VerifyChunk(std::string_view chunk_hash_hex) {
  const ChunkSigning& s = *options_.signing;
  std::string string_to_sign = ChunkStringToSign(s.amz_date, s.scope, previous_signature_, chunk_hash_hex);
  std::string expected = SignatureHex(s.signing_key, string_to_sign);
  if (!core::ConstantTimeEquals(expected, chunk_signature_)) {
    return Fail(
        SignatureMismatch(ErrorDialect::kS3, {s.access_key_id, string_to_sign, chunk_signature_, ""}));
  }
  previous_signature_ = std::move(chunk_signature_);
  chunk_signature_.clear();
  return core::Ok();
}

core::Status ChunkedPayloadReader::ParseTrailerLine(std::string_view line) {
  if (!options_.trailer) return Fail(MalformedChunkedBody("unexpected data after the final chunk"));
  if (!trailer_signature_.empty()) return Fail(MalformedChunkedBody("trailer after x-amz-trailer-signature"));
  trailer_bytes_ += line.size();
  if (trailer_bytes_ > kMaxTrailerBytes) return Fail(MalformedChunkedBody("trailers too long"));
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return Fail(MalformedChunkedBody("invalid trailer"));
  std::string name = Lowercase(line.substr(0, colon));
  std::string value = TrimAll(line.substr(colon + 1));
  if (name == kTrailerSignature) {
    if (!options_.signing) return Fail(MalformedChunkedBody("unexpected x-amz-trailer-signature"));
    trailer_signature_ = std::move(value);
    return core::Ok();
  }
  canonical_trailers_.append(name).append(":").append(value).append("\n");
  trailers_.emplace_back(std::move(name), std::move(value));
  return core::Ok();
}

core::Status ChunkedPayloadReader::Finish() {
  if (options_.signing && options_.trailer) {
    if (trailer_signature_.empty()) return Fail(MalformedChunkedBody("missing x-amz-trailer-signature"));
    const ChunkSigning& s = *options_.signing;
    std::string string_to_sign =
        TrailerStringToSign(s.amz_date, s.scope, previous_signature_, core::Sha256Hex(canonical_trailers_));
    std::string expected = SignatureHex(s.signing_key, string_to_sign);
    if (!core::ConstantTimeEquals(expected, trailer_signature_)) {
      return Fail(
          SignatureMismatch(ErrorDialect::kS3, {s.access_key_id, string_to_sign, trailer_signature_, ""}));
    }
  }
  if (options_.decoded_length && decoded_ != *options_.decoded_length) return Fail(IncompleteBody());
  state_ = State::kDone;
  return core::Ok();
}

Sha256VerifyingReader::Sha256VerifyingReader(net::BodyReader& raw, std::string expected_hex)
    : raw_(raw), expected_hex_(Lowercase(expected_hex)) {}

core::Result<size_t> Sha256VerifyingReader::Read(char* buffer, size_t size) {
  if (error_) return *error_;
  if (done_ || size == 0) return size_t{0};
  auto n = raw_.Read(buffer, size);
  if (!n.ok()) {
    error_ = n.error();
    return std::move(n).error();
  }
  if (*n > 0) {
    hash_.Update(std::string_view(buffer, *n));
    return *n;
  }
  done_ = true;
  std::string computed = core::HexEncode(core::AsStringView(hash_.Finish()));
  if (!core::ConstantTimeEquals(computed, expected_hex_)) {
    error_ = ContentSha256Mismatch(expected_hex_, computed);
    return *error_;
  }
  return size_t{0};
}

}  // namespace tarn::auth
