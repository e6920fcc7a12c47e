#if canImport(CMimalloc)
import CMimalloc
#endif
import IntakeCLI

#if canImport(CMimalloc)
// A run frees and reuses gigabytes within seconds. By default mimalloc hands freed memory back
// to the kernel after 25 ms, and the next allocations fault it in again, zeroed: a sixth of a
// ten-million-row plan. The process is short-lived; it keeps what it freed until it exits.
mi_option_set(mi_option_decommit_delay, 3_600_000)
mi_option_set(mi_option_segment_decommit_delay, 3_600_000)
#endif
IntakeCommand.main()
