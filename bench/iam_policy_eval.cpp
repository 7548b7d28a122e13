// iam_policy_eval: what authorization costs one request. A user with 10 attached policies (the
// shapes the pipeline uses: wildcards, resource lists, a condition, a policy variable) and a
// permissions boundary; Evaluate(PolicySet, Request) runs in a loop from N threads for S seconds
// over a mix of allowed and denied requests, and prints evaluations/s and ns per evaluation.
// Compare it with a PutItem's cost: issue 7 asks for >= 90% of the root's PutItem throughput.
//
//   iam_policy_eval [--threads 1] [--seconds 3]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "iam/policy/policy.h"

namespace {

using namespace tarn::iam::policy;

std::string Statement(const std::string& effect, const std::string& actions, const std::string& resources,
                      const std::string& extra = "") {
  return "{\"Effect\":\"" + effect + "\",\"Action\":" + actions + ",\"Resource\":" + resources +
         (extra.empty() ? "" : "," + extra) + "}";
}

std::string Doc(const std::string& statements) {
  return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
}

PolicyPtr MustParse(const std::string& document) {
  auto parsed = Policy::Parse(document, PolicyKind::kIdentity);
  if (!parsed.ok()) {
    std::fprintf(stderr, "bad policy %s: %s\n", document.c_str(), parsed.error().message.c_str());
    std::exit(1);
  }
  return *parsed;
}

PolicySet UserPolicies() {
  const std::string table = "\"arn:aws:dynamodb:us-east-1:000000000000:table/student\"";
  std::vector<std::string> docs = {
      Doc(Statement("Allow", R"(["dynamodb:PutItem","dynamodb:GetItem","dynamodb:UpdateItem"])", table)),
      Doc(Statement(
          "Allow", R"(["dynamodb:Query","dynamodb:Scan"])",
          R"(["arn:aws:dynamodb:us-east-1:000000000000:table/student","arn:aws:dynamodb:us-east-1:000000000000:table/student/index/*"])")),
      Doc(Statement("Allow", R"("s3:GetObject")", R"("arn:aws:s3:::data/home/${aws:username}/*")")),
      Doc(Statement("Allow", R"("s3:ListBucket")", R"("arn:aws:s3:::data")",
                    R"("Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}})")),
      Doc(Statement("Allow", R"(["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"])",
                    R"("*")")),
      Doc(Statement("Allow", R"("lambda:InvokeFunction")",
                    R"("arn:aws:lambda:*:000000000000:function:etl-*")")),
      Doc(Statement("Allow", R"(["glue:Get*","glue:StartJobRun"])", R"("*")")),
      Doc(Statement("Allow", R"("athena:*")", R"("*")",
                    R"("Condition":{"Bool":{"aws:SecureTransport":"true"}})")),
      Doc(Statement("Allow", R"("sns:Publish")", R"("arn:aws:sns:us-east-1:000000000000:alerts")")),
      Doc(Statement("Deny", R"(["dynamodb:DeleteTable","dynamodb:DeleteItem"])", R"("*")")),
  };
  PolicySet set;
  for (const std::string& doc : docs) set.identity.push_back(MustParse(doc));
  set.boundary = MustParse(Doc(Statement(
      "Allow", R"(["dynamodb:*","s3:*","logs:*","lambda:*","glue:*","athena:*","sns:*"])", R"("*")")));
  return set;
}

struct Probe {
  const char* action;
  const char* resource;
};

constexpr Probe kProbes[] = {
    {"dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/student"},      // allowed
    {"dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/teacher"},      // no allow
    {"dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:000000000000:table/student"},  // explicit deny
    {"s3:GetObject", "arn:aws:s3:::data/home/app/2024/report.csv"},  // allowed through a variable
    {"s3:GetObject", "arn:aws:s3:::data/home/bob/report.csv"},       // no allow
};

}  // namespace

int main(int argc, char** argv) {
  int threads = 1;
  double seconds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  }
  const PolicySet set = UserPolicies();
  ConditionContext context;
  context.Set("aws:username", "app");
  context.Set("aws:userid", "AIDAEXAMPLE");
  context.Set("aws:PrincipalArn", "arn:aws:iam::000000000000:user/app");
  context.Set("aws:SecureTransport", "true");
  context.Set("aws:SourceIp", "127.0.0.1");
  context.Set("aws:CurrentTime", "2026-01-01T00:00:00Z");

  std::atomic<bool> stop{false};
  std::atomic<long long> total{0};
  std::atomic<long long> allowed{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      long long count = 0;
      long long allows = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (const Probe& probe : kProbes) {
          Request request{.action = probe.action,
                          .resource = probe.resource,
                          .principal_arn = "arn:aws:iam::000000000000:user/app",
                          .account_id = "000000000000",
                          .context = &context};
          allows += Evaluate(set, request) == Decision::kAllow;
        }
        count += std::size(kProbes);
      }
      total += count;
      allowed += allows;
    });
  }
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double per_second = static_cast<double>(total.load()) / elapsed;
  std::printf(
      "iam_policy_eval: 10 policies + boundary, %d thread(s): %.0f evaluations/s (%.0f ns each, %lld allowed "
      "of %lld)\n",
      threads, per_second, 1e9 * threads / per_second, allowed.load(), total.load());
  return 0;
}
