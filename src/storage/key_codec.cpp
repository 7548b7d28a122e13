#include "storage/key_codec.h"

#include <bit>
#include <cmath>
#include <limits>

namespace tarn::storage {

namespace {

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';
constexpr uint64_t kSignBit = 1ULL << 63;

void AppendBigEndian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

uint64_t OrderedDoubleBits(double v) {
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  uint64_t bits = std::bit_cast<uint64_t>(v);
  return (bits & kSignBit) ? ~bits : bits ^ kSignBit;
}

double DoubleFromOrderedBits(uint64_t bits) {
  return std::bit_cast<double>((bits & kSignBit) ? bits ^ kSignBit : ~bits);
}

void AppendString(std::string& out, std::string_view s) {
  for (char c : s) {
    out += c;
    if (c == kEscape) out += kEscapedZero;
  }
  out += kEscape;
  out += kTerminator;
}

// Decodes one escaped string from the front of bytes; on success sets *consumed.
std::optional<std::string> ReadString(std::string_view bytes, size_t* consumed) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c != kEscape) {
      out += c;
      continue;
    }
    if (i + 1 >= bytes.size()) return std::nullopt;
    char next = bytes[++i];
    if (next == kTerminator) {
      *consumed = i + 1;
      return out;
    }
    if (next != kEscapedZero) return std::nullopt;
    out += kEscape;
  }
  return std::nullopt;  // no terminator
}

}  // namespace

std::string EncodeUint64(uint64_t v) {
  std::string out;
  out.reserve(8);
  AppendBigEndian(out, v);
  return out;
}

std::string EncodeInt64(int64_t v) { return EncodeUint64(static_cast<uint64_t>(v) ^ kSignBit); }

std::string EncodeDouble(double v) { return EncodeUint64(OrderedDoubleBits(v)); }

std::string EncodeString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendString(out, s);
  return out;
}

std::optional<uint64_t> DecodeUint64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  return ReadBigEndian(bytes);
}

std::optional<int64_t> DecodeInt64(std::string_view bytes) {
  auto u = DecodeUint64(bytes);
  if (!u) return std::nullopt;
  return static_cast<int64_t>(*u ^ kSignBit);
}

std::optional<double> DecodeDouble(std::string_view bytes) {
  auto u = DecodeUint64(bytes);
  if (!u) return std::nullopt;
  return DoubleFromOrderedBits(*u);
}

std::optional<std::string> DecodeString(std::string_view bytes) {
  size_t consumed = 0;
  auto s = ReadString(bytes, &consumed);
  if (!s || consumed != bytes.size()) return std::nullopt;
  return s;
}

std::optional<std::string> PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xFF) out.pop_back();
  if (out.empty()) return std::nullopt;
  out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

KeyBuilder& KeyBuilder::Uint64(uint64_t v) {
  AppendBigEndian(key_, v);
  return *this;
}

KeyBuilder& KeyBuilder::Int64(int64_t v) {
  AppendBigEndian(key_, static_cast<uint64_t>(v) ^ kSignBit);
  return *this;
}

KeyBuilder& KeyBuilder::Double(double v) {
  AppendBigEndian(key_, OrderedDoubleBits(v));
  return *this;
}

KeyBuilder& KeyBuilder::String(std::string_view s) {
  AppendString(key_, s);
  return *this;
}

KeyBuilder& KeyBuilder::Byte(uint8_t tag) {
  key_ += static_cast<char>(tag);
  return *this;
}

KeyBuilder& KeyBuilder::Raw(std::string_view bytes) {
  key_.append(bytes);
  return *this;
}

std::optional<uint64_t> KeyReader::Uint64() {
  if (rest_.size() < 8) return std::nullopt;
  uint64_t v = ReadBigEndian(rest_);
  rest_.remove_prefix(8);
  return v;
}

std::optional<int64_t> KeyReader::Int64() {
  auto u = Uint64();
  if (!u) return std::nullopt;
  return static_cast<int64_t>(*u ^ kSignBit);
}

std::optional<double> KeyReader::Double() {
  auto u = Uint64();
  if (!u) return std::nullopt;
  return DoubleFromOrderedBits(*u);
}

std::optional<std::string> KeyReader::String() {
  size_t consumed = 0;
  auto s = ReadString(rest_, &consumed);
  if (s) rest_.remove_prefix(consumed);
  return s;
}

std::optional<uint8_t> KeyReader::Byte() {
  if (rest_.empty()) return std::nullopt;
  auto v = static_cast<uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return v;
}

std::optional<std::string_view> KeyReader::Raw(size_t n) {
  if (rest_.size() < n) return std::nullopt;
  std::string_view v = rest_.substr(0, n);
  rest_.remove_prefix(n);
  return v;
}

}  // namespace tarn::storage
