#include "core/zstd.h"

#include <zstd.h>

#include <memory>

namespace tarn::core {
namespace {

struct DStreamDeleter {
  void operator()(ZSTD_DStream* d) const { ZSTD_freeDStream(d); }
};

}  // namespace

std::variant<std::string, UnzstdError> Unzstd(std::string_view in, size_t max_out) {
  if (in.empty()) return UnzstdError::kCorrupt;
  std::unique_ptr<ZSTD_DStream, DStreamDeleter> stream(ZSTD_createDStream());
  if (!stream) return UnzstdError::kCorrupt;
  // Streaming, not ZSTD_decompress: a frame need not record its content size, and the output is held to
  // max_out as it grows instead of trusting a size the input declares.
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t last = 0;
  while (input.pos < input.size) {
    ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(stream.get(), &output, &input);
    if (ZSTD_isError(last)) return UnzstdError::kCorrupt;
    if (output.pos > max_out - out.size()) return UnzstdError::kTooLarge;
    out.append(chunk.data(), output.pos);
    // A full output buffer may hold back more: drain it before feeding more input.
    while (output.pos == output.size) {
      output = {chunk.data(), chunk.size(), 0};
      last = ZSTD_decompressStream(stream.get(), &output, &input);
      if (ZSTD_isError(last)) return UnzstdError::kCorrupt;
      if (output.pos > max_out - out.size()) return UnzstdError::kTooLarge;
      out.append(chunk.data(), output.pos);
    }
  }
  // 0 once the last frame is complete; anything else is a frame cut short.
  if (last != 0) return UnzstdError::kCorrupt;
  return out;
}

std::string Zstd(std::string_view in) {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const size_t n = ZSTD_compress2(context.get(), out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

}  // namespace tarn::core
