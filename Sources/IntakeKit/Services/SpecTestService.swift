import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSpec
import IntakeStore

/// The result of one embedded spec test.
public struct SpecTestResult: Sendable {
    /// The integration.
    public var integration: String
    /// The test's name.
    public var name: String
    /// Where the test is written.
    public var location: SourceLocation
    /// Every mismatch, one line each; empty when the test passed.
    public var failures: [String]

    /// Whether the test passed.
    public var passed: Bool { failures.isEmpty }
}

/// What `intake test` found.
public struct SpecTestReport: Sendable {
    /// Spec and model diagnostics (tests of specs with errors do not run).
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts.
    public var files: [String: SourceFile]
    /// Every test run, in file order.
    public var results: [SpecTestResult]

    /// Whether anything failed.
    public var failed: Bool { diagnostics.contains { $0.severity == .error } || results.contains { !$0.passed } }
}

/// Runs the `tests:` embedded in specs: inline CSV → expected records and rejects.
///
/// Each test runs the compiled plan against an empty in-memory store in which every named
/// account exists, as of 2026-01-01T00:00:00Z (so `today` defaults are stable), without the
/// reject limit.
public struct SpecTestService: Sendable {
    /// The project.
    public let project: Project
    /// The fixed as-of instant of every test run.
    public static let asOf = ISO8601Strict.parseDateTime("2026-01-01T00:00:00Z")!

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Runs the tests of the named integrations (all when empty).
    public func run(names: [String] = []) -> SpecTestReport {
        let validation = ValidateService(project: project).run(names: names)
        var report = SpecTestReport(diagnostics: validation.diagnostics, files: validation.files, results: [])
        for entry in validation.workspace.entries {
            guard let spec = entry.spec, names.isEmpty || names.contains(spec.name.value), let plan = entry.plan else { continue }
            for test in spec.tests {
                report.results.append(run(test, plan: plan, integration: spec.name.value))
            }
        }
        return report
    }

    private func run(_ test: SpecTest, plan: Plan, integration: String) -> SpecTestResult {
        var result = SpecTestResult(integration: integration, name: test.name.value, location: test.location, failures: [])
        guard let base = try? SQLiteStateStore.inMemory() else {
            result.failures.append("cannot open an in-memory store")
            return result
        }
        let reader = CSVReader(data: Data(test.csv.value.utf8), delimiter: plan.csv.delimiter.utf8.first ?? 44,
                               footer: FooterPolicy(rawValue: plan.csv.footer) ?? .reject)
        let outcome = Runner(plan: plan, store: AssumedAccountsStore(base: base)).run(reader, sourcePath: "test '\(test.name.value)'", asOf: Self.asOf)
        // A test is about rows: expected rejects are compared one by one, so the run's reject limit does not apply.
        for diagnostic in outcome.diagnostics where diagnostic.severity == .error && diagnostic.code != .tooManyRejects {
            result.failures.append("the run failed: \(diagnostic.message)")
        }
        guard let changeset = outcome.changeset else { return result }
        let actual = records(of: changeset)
        if actual.count != test.expect.count {
            result.failures.append("expected \(test.expect.count) record\(test.expect.count == 1 ? "" : "s"), got \(actual.count)")
        }
        for (index, (expected, got)) in zip(test.expect, actual).enumerated() {
            for pair in expected {
                let want = pair.value.value.isEmpty ? nil : pair.value.value
                let have = got.fields[pair.key.value]
                if want != have {
                    result.failures.append(
                        "record \(index + 1) (line \(got.line)), \(pair.key.value): expected \(show(want)), got \(show(have))  [spec line \(pair.key.location.line)]")
                }
            }
        }
        let gotRejects = changeset.rejects.map { "line \($0.line) \($0.code)" }
        let wantRejects = test.rejects.map { "line \($0.line.value) \($0.code?.value ?? "")" }
        for (index, want) in test.rejects.enumerated() {
            let match = changeset.rejects.contains { $0.line == want.line.value && (want.code == nil || $0.code == want.code?.value) }
            if !match { result.failures.append("expected a reject \(wantRejects[index]), got \(gotRejects.isEmpty ? "none" : gotRejects.joined(separator: ", "))") }
        }
        for reject in changeset.rejects where !test.rejects.contains(where: { $0.line.value == reject.line }) {
            result.failures.append("unexpected reject at line \(reject.line): \(reject.code) \(reject.reason)")
        }
        return result
    }

    /// The records a changeset produces, in file order: key fields plus set values.
    private func records(of changeset: Changeset) -> [(line: Int, fields: [String: String])] {
        let changes = changeset.changes.map { change in
            var fields: [String: String] = [:]
            change.apply(to: &fields)
            return (change.line, fields)
        }
        let events = changeset.appends.map { ($0.line, $0.fields) }
        return (changes + events).sorted { $0.0 < $1.0 }.map { (line: $0.0, fields: $0.1) }
    }

    private func show(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "(none)" }
}
