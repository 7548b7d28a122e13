#pragma once
// IAM's checks of a policy document on write (private to src/iam/policy). Pure.

#include <boost/json/object.hpp>

#include "core/result.h"
#include "iam/policy/policy.h"

namespace tarn::iam::policy {

// OK when IAM would accept `document` as a `kind` policy; otherwise MalformedPolicyDocument with the
// message IAM gives for the first problem it reports. After OK, the document's shape is known:
// Statement is an object or a non-empty array of objects, every field has its grammar's type.
core::Status ValidateDocument(const boost::json::object& document, PolicyKind kind,
                              const ParseOptions& options);

}  // namespace tarn::iam::policy
