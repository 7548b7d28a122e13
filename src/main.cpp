// tarn: one binary that runs an AWS serverless data pipeline on one machine.
// The release build links tcmalloc (docs/architecture.md, "Memory").
#include "cli/cli.h"

int main(int argc, char** argv) { return tarn::cli::Main(argc, argv); }
