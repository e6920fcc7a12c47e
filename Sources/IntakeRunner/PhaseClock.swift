import Foundation

/// Wall and CPU time per phase of a plan or apply, printed to stderr when `INTAKE_PROFILE=1`;
/// for the benchmark's profile, never for users.
public final class PhaseClock: @unchecked Sendable {
    /// The clock of the run in progress, so helpers can mark phases without plumbing.
    nonisolated(unsafe) public static var current: PhaseClock?

    private let enabled = ProcessInfo.processInfo.environment["INTAKE_PROFILE"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = PhaseClock.cpuSeconds()
    private var phases: [(String, Double, Double)] = []

    /// Starts the clock; it becomes `current` when profiling is on.
    public init() {
        if enabled { Self.current = self }
    }

    /// Ends the current phase under `name`.
    public func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.cpuSeconds()
        phases.append((name, Double(now - last) / 1e9, cpu - lastCPU))
        last = now
        lastCPU = cpu
    }

    /// User and system time of the whole process so far.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Prints the phases.
    public func report() {
        guard enabled else { return }
        mark("rest")
        // Wall time, then the CPU time of every thread: their ratio is how many cores the phase used.
        let text = phases.map { "\($0.0) \(String(format: "%.2f", $0.1))s (cpu \(String(format: "%.2f", $0.2)))" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("profile: \(text)\n".utf8))
        Self.current = nil
    }
}
