#pragma once
// The four codec singletons behind CodecFor (codec.cpp). Internal to src/protocol: each lives in
// its own file (json_rpc.cpp, query.cpp, rest_json.cpp, rest_xml.cpp), is stateless and
// thread-safe, and lives for the whole process.

#include "protocol/codec.h"

namespace tarn::protocol {

const Codec& JsonRpcCodec();
const Codec& QueryCodec();
const Codec& RestJsonCodec();
const Codec& RestXmlCodec();

}  // namespace tarn::protocol
