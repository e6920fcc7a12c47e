import IntakeSpec

/// Guards that cannot mean anything for the object: activity events are appended, never
/// "unchanged", so a share of changed records is always 100% and no record is ever "new".
struct GuardsCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let guards = context.spec.guards, context.kind == .usageActivity else { return }
        if let limit = guards.maxChanged, case .percent = limit.value {
            context.emit(
                .invalidValue, "'guards.max_changed' as a percentage always trips for appended events (every row is new)",
                at: limit.location, hint: "give a count of events instead, e.g. max_changed: 50000")
        }
        if let allow = guards.allowNewRecords, !allow.value {
            context.emit(
                .invalidValue, "'guards.allow_new_records: false' refuses every activity event (each one is appended)",
                at: allow.location, hint: "remove it; activity integrations only append")
        }
    }
}
