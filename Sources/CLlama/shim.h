// llama.cpp's C API, from the build that scripts/setup.sh installs (b11434), found through
// pkg-config (consensus-llama.pc). The libraries linked come from the same build: llama.cpp's
// parameter structs are passed by value.
#include <llama.h>
