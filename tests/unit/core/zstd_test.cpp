// Unzstd: the zstd objects ImportTable reads from S3 — one frame, several, frames without a recorded
// size, skippable frames, and malformed input (not zstd, cut short, a bad checksum, trailing bytes, more
// than the limit).
#include "core/zstd.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include <string>

namespace tarn::core {
namespace {

std::string Ok(std::string_view in, size_t max_out = 1 << 20) {
  auto r = Unzstd(in, max_out);
  EXPECT_TRUE(std::holds_alternative<std::string>(r));
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("<error>");
}

UnzstdError Err(std::string_view in, size_t max_out = 1 << 20) {
  auto r = Unzstd(in, max_out);
  EXPECT_TRUE(std::holds_alternative<UnzstdError>(r));
  return std::holds_alternative<UnzstdError>(r) ? std::get<UnzstdError>(r) : UnzstdError::kCorrupt;
}

// A frame written by the streaming API, which records no content size.
std::string StreamedFrame(std::string_view in) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  std::string out(ZSTD_compressBound(in.size()) + 64, '\0');
  ZSTD_outBuffer output{out.data(), out.size(), 0};
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t left = ZSTD_compressStream2(c, &output, &input, ZSTD_e_end);
  EXPECT_EQ(left, 0u);
  ZSTD_freeCCtx(c);
  out.resize(output.pos);
  return out;
}

TEST(UnzstdTest, ReadsFramesOneAfterAnother) {
  EXPECT_EQ(Ok(Zstd("{\"Item\":{}}\n")), "{\"Item\":{}}\n");
  EXPECT_EQ(Ok(Zstd("one\n") + Zstd("two\n")), "one\ntwo\n");
  EXPECT_EQ(Ok(StreamedFrame("no size recorded")), "no size recorded");
  EXPECT_EQ(Ok(Zstd("")), "");
  // A skippable frame (magic 0x184D2A50, 4-byte little-endian length) between two frames.
  const std::string skippable("\x50\x2a\x4d\x18\x03\x00\x00\x00xyz", 11);
  EXPECT_EQ(Ok(Zstd("a") + skippable + Zstd("b")), "ab");
  // Larger than one output chunk, several times over.
  std::string big(5 * ZSTD_DStreamOutSize() + 17, 'x');
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  EXPECT_EQ(Ok(Zstd(big), big.size()), big);
}

TEST(UnzstdTest, RefusesWhatIsNotWholeZstd) {
  const std::string frame = Zstd("hello, import\n");
  EXPECT_EQ(Err(""), UnzstdError::kCorrupt);
  EXPECT_EQ(Err("{\"Item\":{}}\n"), UnzstdError::kCorrupt);                   // plain text
  EXPECT_EQ(Err(std::string("\x1f\x8b\x08\x00", 4)), UnzstdError::kCorrupt);  // gzip
  EXPECT_EQ(Err(frame.substr(0, frame.size() - 3)), UnzstdError::kCorrupt);   // cut short
  EXPECT_EQ(Err(frame.substr(0, 4)), UnzstdError::kCorrupt);                  // the magic alone
  EXPECT_EQ(Err(frame + "garbage"), UnzstdError::kCorrupt);                   // trailing bytes
  std::string bad_checksum = frame;
  bad_checksum.back() = static_cast<char>(bad_checksum.back() ^ 0x55);
  EXPECT_EQ(Err(bad_checksum), UnzstdError::kCorrupt);
  // The limit holds whatever size the frame declares.
  EXPECT_EQ(Err(Zstd(std::string(10000, 'a')), 9999), UnzstdError::kTooLarge);
  EXPECT_EQ(Ok(Zstd(std::string(10000, 'a')), 10000).size(), 10000u);
}

}  // namespace
}  // namespace tarn::core
