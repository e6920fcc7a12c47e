import Foundation

/// Wall and CPU time, and pages faulted in, per phase of a plan or apply, printed to stderr
/// when `INTAKE_PROFILE=1`; for the benchmark's profile, never for users.
public final class PhaseClock: @unchecked Sendable {
    /// The clock of the run in progress, so helpers can mark phases without plumbing.
    nonisolated(unsafe) public static var current: PhaseClock?

    private let enabled = ProcessInfo.processInfo.environment["INTAKE_PROFILE"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastUsage = PhaseClock.usage()
    private var phases: [(name: String, wall: Double, cpu: Double, faults: Int)] = []

    /// Starts the clock; it becomes `current` when profiling is on.
    public init() {
        if enabled { Self.current = self }
    }

    /// Ends the current phase under `name`.
    public func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let usage = Self.usage()
        phases.append((name, Double(now - last) / 1e9, usage.cpu - lastUsage.cpu, usage.faults - lastUsage.faults))
        last = now
        lastUsage = usage
    }

    /// User and system time of the whole process so far, and the pages it faulted in: memory
    /// new to the process costs the kernel a zeroed page each.
    private static func usage() -> (cpu: Double, faults: Int) {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_minflt + usage.ru_majflt)
    }

    /// Prints the phases.
    public func report() {
        guard enabled else { return }
        mark("rest")
        // Wall time, then the CPU time of every thread (their ratio is how many cores the phase
        // used) and the memory faulted in, at 4 KiB a page.
        let text = phases.map { "\($0.name) \(String(format: "%.2f", $0.wall))s (cpu \(String(format: "%.2f", $0.cpu)), \($0.faults / 256) MiB faulted)" }
            .joined(separator: ", ")
        FileHandle.standardError.write(Data("profile: \(text)\n".utf8))
        Self.current = nil
    }
}
