#include <mimalloc.h>

/// Keeps memory the program frees for its own later allocations instead of handing it back to
/// the kernel after a few milliseconds (and faulting it in again, zeroed). The option was
/// renamed in mimalloc 2.1.
static inline void intake_keep_freed_memory(long milliseconds) {
#if MI_MALLOC_VERSION >= 210
    mi_option_set(mi_option_purge_delay, milliseconds);
#else
    mi_option_set(mi_option_decommit_delay, milliseconds);
    mi_option_set(mi_option_segment_decommit_delay, milliseconds);
#endif
}
