import IntakeCompiler
import IntakeDiagnostics

/// Changes of an integration's guards: loosening one is for review, tightening one is safe.
struct GuardDiff {
    let old: PlanGuards?
    let new: PlanGuards?

    func changes(integration: String, at location: SourceLocation) -> [SemanticChange] {
        var out: [SemanticChange] = []
        func add(_ name: String, was: String?, now: String?, loosened: Bool) {
            guard was != now else { return }
            let message = "guard \(name): \(now ?? "none") (was \(was ?? "none"))"
            out.append(SemanticChange(
                loosened ? .review : .safe, loosened ? "guard-loosened" : "guard-tightened", integration: integration, message,
                reason: loosened ? "runs that this guard stopped will now go through" : nil, at: location))
        }
        let a = old?.maxChanged
        let b = new?.maxChanged
        add("max_changed", was: a.map(\.description), now: b.map(\.description), loosened: b == nil || (a != nil && (a!.kind != b!.kind || b!.value > a!.value)))
        let c = old?.maxDeletedValues
        let d = new?.maxDeletedValues
        add("max_deleted_values", was: c.map(String.init), now: d.map(String.init), loosened: d == nil || (c != nil && d! > c!))
        let e = old?.allowNewRecords
        let f = new?.allowNewRecords
        add("allow_new_records", was: e.map(String.init), now: f.map(String.init), loosened: e == false && f != false)
        return out
    }
}
