#pragma once
// The Owner / Initiator element S3 puts in listings, for an account. Pure.

#include <boost/json/object.hpp>
#include <string_view>

namespace tarn::s3 {

boost::json::object OwnerJson(std::string_view account_id);

}  // namespace tarn::s3
