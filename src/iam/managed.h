#pragma once
// The AWS-managed policies (arn:aws:iam::aws:policy/...) as IAM ManagedPolicy records, compiled
// from iam/policy/managed_policies.h. They are attachable but never stored or changed.

#include <vector>

#include "core/result.h"
#include "iam/records.h"

namespace tarn::iam {

// InternalFailure if a bundled document does not parse (a build defect).
core::Result<std::vector<ManagedPolicy>> AwsManagedPolicyRecords();

}  // namespace tarn::iam
