// Headers of the llama.cpp build installed by scripts/setup.sh (b11434). The libraries linked
// must come from the same build: llama.cpp's parameter structs are passed by value.
#include "../../.deps/llama/include/llama.h"
