#if os(Linux) && canImport(CMimalloc)
import CMimalloc
#endif
import IntakeCLI

#if os(Linux) && canImport(CMimalloc)
// A run frees and reuses gigabytes within seconds. By default mimalloc hands freed memory back
// to the kernel after 25 ms, and the next allocations fault it in again, zeroed: a sixth of a
// ten-million-row plan. The process is short-lived; it keeps what it freed for an hour.
intake_keep_freed_memory(3_600_000)
#endif
IntakeCommand.main()
