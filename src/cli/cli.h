#pragma once
// The `tarn` command line: serve, up, env, version. CLI11 is used only inside src/cli.

namespace tarn::cli {

// Parses argv and runs the chosen command; returns the process exit status.
int Main(int argc, char** argv);

}  // namespace tarn::cli
