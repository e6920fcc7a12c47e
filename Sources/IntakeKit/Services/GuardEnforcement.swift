import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSpec

/// Holds a run to its spec's guards: an exceeded guard fails the run unless `--override-guard`
/// names it; an override is a warning and is written into the run history.
struct GuardEnforcement {
    let plan: Plan
    /// The spec file, for the diagnostics' location.
    let specPath: String?
    /// The guard names given with `--override-guard`.
    let overrides: [String]

    /// Problems with the override names themselves: unknown, or not declared by the integration.
    func checkOverrides() -> [Diagnostic] {
        overrides.compactMap { name in
            guard SpecGuards.names.contains(name) else {
                return Diagnostic(
                    .unknownGuard, "--override-guard '\(name)' is not a guard", at: nil,
                    hint: Suggestions.hint(for: name, in: SpecGuards.names) ?? "guards: \(SpecGuards.names.joined(separator: ", "))")
            }
            guard declared(name) else {
                return Diagnostic(
                    .unknownGuard, "integration '\(plan.integration)' declares no guard '\(name)'", at: location,
                    hint: "drop --override-guard \(name), or declare it under 'guards:' in the spec")
            }
            return nil
        }
    }

    /// Adds an error per exceeded guard not overridden, a warning per overridden one, and notes
    /// the overrides in the run's `reason`.
    func enforce(_ outcome: inout RunOutcome, record: inout RunRecord) {
        guard let changeset = outcome.changeset, !outcome.failed else { return }
        var overridden: [String] = []
        for violation in GuardCheck.violations(plan.guards, in: changeset) {
            if overrides.contains(violation.name) {
                overridden.append("\(violation.name) (\(violation.message))")
                outcome.diagnostics.append(Diagnostic(
                    .guardOverridden, "guard \(violation.name) overridden: \(violation.message)", at: location,
                    hint: "the run history records the override"))
            } else {
                outcome.diagnostics.append(Diagnostic(
                    .guardExceeded, "guard \(violation.name): \(violation.message)", at: location,
                    hint: "review the changeset; if it is intended, run again with --override-guard \(violation.name)"))
            }
        }
        if !overridden.isEmpty { record.reason = "guards overridden: \(overridden.joined(separator: "; "))" }
    }

    private var location: SourceLocation? {
        guard let specPath, let line = plan.guards?.specLine else { return nil }
        return SourceLocation(file: specPath, line: line, column: 1)
    }

    private func declared(_ name: String) -> Bool {
        switch name {
        case "max_changed": plan.guards?.maxChanged != nil
        case "max_deleted_values": plan.guards?.maxDeletedValues != nil
        default: plan.guards?.allowNewRecords != nil
        }
    }
}
