#include "core/gzip.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <new>

namespace tarn::core {
namespace {

bool StartsMember(std::string_view in) {
  // ID1, ID2 and CM (8: deflate), the only compression method RFC 1952 defines.
  return in.size() >= 3 && static_cast<unsigned char>(in[0]) == 0x1f &&
         static_cast<unsigned char>(in[1]) == 0x8b && in[2] == 8;
}

struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

std::variant<std::string, GunzipError> Gunzip(std::string_view in, size_t max_out) {
  if (!StartsMember(in)) return GunzipError::kCorrupt;
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  if (!d) return GunzipError::kCorrupt;
  std::string out;
  size_t pos = 0;
  while (pos < in.size() && StartsMember(in.substr(pos))) {
    // libdeflate decompresses a whole member into a buffer it cannot grow: start from a guess and
    // double it while the member does not fit, up to what the caller allows.
    const size_t used = out.size();
    size_t room = std::min(std::max<size_t>((in.size() - pos) * 4, 4096), max_out - used);
    for (;;) {
      out.resize(used + room);
      size_t in_bytes = 0, out_bytes = 0;
      libdeflate_result r = libdeflate_gzip_decompress_ex(d.get(), in.data() + pos, in.size() - pos,
                                                          out.data() + used, room, &in_bytes, &out_bytes);
      if (r == LIBDEFLATE_SUCCESS) {
        out.resize(used + out_bytes);
        pos += in_bytes;
        break;
      }
      if (r != LIBDEFLATE_INSUFFICIENT_SPACE) return GunzipError::kCorrupt;
      if (used + room >= max_out) return GunzipError::kTooLarge;
      room = std::min(room * 2, max_out - used);
    }
  }
  return out;
}

namespace {

// `in` compressed at libdeflate's default level into one gzip member or zlib stream.
template <typename Bound, typename Compress>
std::string CompressWith(std::string_view in, Bound bound, Compress compress) {
  constexpr int kLevel = 6;
  std::unique_ptr<libdeflate_compressor, CompressorDeleter> c(libdeflate_alloc_compressor(kLevel));
  if (!c) throw std::bad_alloc();
  std::string out(bound(c.get(), in.size()), '\0');
  size_t n = compress(c.get(), in.data(), in.size(), out.data(), out.size());
  out.resize(n);  // the bound always suffices
  return out;
}

}  // namespace

std::string Gzip(std::string_view in) {
  return CompressWith(in, libdeflate_gzip_compress_bound, libdeflate_gzip_compress);
}

std::string Zlib(std::string_view in) {
  return CompressWith(in, libdeflate_zlib_compress_bound, libdeflate_zlib_compress);
}

}  // namespace tarn::core
