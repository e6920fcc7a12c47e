#ifndef INTAKE_MEMORY_HINTS_H
#define INTAKE_MEMORY_HINTS_H

/// Starts bringing the cache line at address into the caches, for reading, without waiting for
/// it: Swift has no prefetch of its own. Inline, so a call costs the one instruction.
static inline void intake_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
