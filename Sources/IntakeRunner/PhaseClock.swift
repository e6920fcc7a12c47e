import Foundation

/// Wall time per phase of a run, printed to stderr when `INTAKE_PROFILE=1`; for the benchmark's
/// profile, never for users.
final class PhaseClock: @unchecked Sendable {
    /// The clock of the run in progress, so helpers can mark phases without plumbing.
    nonisolated(unsafe) static var current: PhaseClock?

    private let enabled = ProcessInfo.processInfo.environment["INTAKE_PROFILE"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, Double)] = []

    init() {
        if enabled { Self.current = self }
    }

    /// Ends the current phase under `name`.
    func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// Prints the phases.
    func report() {
        guard enabled else { return }
        mark("rest")
        let text = phases.map { "\($0.0) \(String(format: "%.2f", $0.1))s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("profile: \(text)\n".utf8))
        Self.current = nil
    }
}
