// CodecFor: the protocol → codec table over the four singletons of codecs.h.

#include "protocol/codec.h"

#include "protocol/codecs.h"

namespace tarn::protocol {

const Codec& CodecFor(Protocol protocol) {
  switch (protocol) {
    case Protocol::kJson:
      return JsonRpcCodec();
    case Protocol::kQuery:
      return QueryCodec();
    case Protocol::kRestJson:
      return RestJsonCodec();
    case Protocol::kRestXml:
      return RestXmlCodec();
  }
  return JsonRpcCodec();  // unreachable: every enumerator is handled above
}

}  // namespace tarn::protocol
