// AWS-managed policies as ManagedPolicy records (managed.h).
#include "iam/managed.h"

namespace tarn::iam {

core::Result<std::vector<ManagedPolicy>> AwsManagedPolicyRecords() { return std::vector<ManagedPolicy>{}; }

}  // namespace tarn::iam
