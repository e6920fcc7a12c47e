// The target's one function is inline, in its header; SwiftPM builds a C target from a source file.
#include "memory_hints.h"
