#pragma once
// DynamoDB's response compression: a client that sends Accept-Encoding with gzip or deflate gets a
// response body of 4 KB or more compressed in the coding it prefers, with x-amz-crc32 over the bytes
// sent. The choice follows what DynamoDB answered to ScyllaDB's test_compressed_response.py (run
// against AWS): the highest quality wins, a tie goes to the coding named first (a coding named beats
// "*", which stands for gzip before deflate), q=0 refuses, a q above 1 counts as 1 and one that is not
// a number is ignored, and anything malformed — quoted, or with a space or colon inside — names no
// coding. Pure functions; thread-safe.

#include <string_view>

#include "net/http.h"

namespace tarn::gateway {

enum class ContentCoding { kIdentity, kGzip, kDeflate };

// The coding an Accept-Encoding header value asks for; kIdentity when it asks for neither.
ContentCoding NegotiateContentCoding(std::string_view accept_encoding);

// DynamoDB compresses bodies from this size on.
inline constexpr size_t kCompressFromBytes = 4096;

// Compresses a buffered DynamoDB response whose body is large enough, in the coding the request
// accepts, and sets Content-Encoding and x-amz-crc32 for the bytes sent.
void CompressResponse(const net::HttpRequest& request, net::HttpResponse& response);

}  // namespace tarn::gateway
