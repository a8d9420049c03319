// Writes every built-in preset as a YAML file into the folder named on the command line: the
// seeds of the yaml_loader target (tools/fuzz.sh), without building the whole mfsim CLI.
#include <cstdio>
#include <fstream>
#include <string>

#include "engine/rules/presets.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seed_presets FOLDER\n");
    return 2;
  }
  for (const mfsim::rules::preset_info& preset : mfsim::rules::preset_list()) {
    const auto yaml = mfsim::rules::preset_yaml(preset.name);
    if (!yaml) continue;
    const std::string path = std::string(argv[1]) + "/seed-preset-" + preset.name + ".yaml";
    std::ofstream out(path, std::ios::binary);
    out << *yaml;
    if (!out) {
      std::fprintf(stderr, "fuzz_seed_presets: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
