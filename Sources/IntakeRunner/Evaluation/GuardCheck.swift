import IntakeCompiler

/// A guard a changeset exceeds.
public struct GuardViolation: Sendable, Equatable {
    /// The guard's name (`max_changed`, …), as `--override-guard` takes it.
    public var name: String
    /// What the changeset would do against what the guard allows.
    public var message: String
}

/// Measures a changeset against the plan's guards.
public enum GuardCheck {
    /// The guards the changeset exceeds, in declaration order; empty when there are none.
    public static func violations(_ guards: PlanGuards?, in changeset: Changeset) -> [GuardViolation] {
        guard let guards else { return [] }
        var out: [GuardViolation] = []
        let n = changeset.counts
        if let limit = guards.maxChanged {
            let changed = n.created + n.updated + n.appended
            let records = changed + n.unchanged
            let share = records == 0 ? 0 : Double(changed) * 100 / Double(records)
            let exceeded = limit.kind == "percent" ? share > limit.value : Double(changed) > limit.value
            if exceeded {
                out.append(GuardViolation(
                    name: "max_changed",
                    message: "\(changed) record\(changed == 1 ? "" : "s") would be created or updated (\(percent(share)) of the file's \(records)); the guard allows \(limit)"))
            }
        }
        if let limit = guards.maxDeletedValues {
            var cleared: [String: Int] = [:]
            for change in changeset.changes {
                for (name, attribute) in change.attributes where attribute.old != nil && attribute.new == nil { cleared[name, default: 0] += 1 }
            }
            let total = cleared.values.reduce(0, +)
            if total > limit {
                let detail = cleared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map { "\($0.key) \($0.value)" }
                out.append(GuardViolation(
                    name: "max_deleted_values",
                    message: "\(total) stored value\(total == 1 ? "" : "s") would be cleared (\(detail.joined(separator: ", "))); the guard allows \(limit)"))
            }
        }
        if guards.allowNewRecords == false, n.created > 0 {
            // By position: a plan's changes may be on disk.
            let first = changeset.changes.positions(of: .create, first: 1).first.first.map { changeset.changes[$0] }
            out.append(GuardViolation(
                name: "allow_new_records",
                message: "\(n.created) record\(n.created == 1 ? "" : "s") would be created\(first.map { " (first at line \($0.line))" } ?? ""); the guard allows none"))
        }
        return out
    }

    private static func percent(_ value: Double) -> String {
        "\((value * 10).rounded() / 10)%".replacingOccurrences(of: ".0%", with: "%")
    }
}
