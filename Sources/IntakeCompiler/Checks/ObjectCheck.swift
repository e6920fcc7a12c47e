import IntakeDiagnostics
/// `object:` names a known kind; collection specs name a model collection, others name none.
struct ObjectCheck: SpecCheck {
    func check(_ context: CheckContext) {
        let spec = context.spec
        guard let kind = context.kind else {
            let kinds = ObjectKind.allCases.map(\.rawValue)
            context.emit(
                .unknownObject, "unknown object kind '\(spec.object.value)'", at: spec.object.location,
                hint: Suggestions.hint(for: spec.object.value, in: kinds) ?? "object kinds: \(kinds.joined(separator: ", "))")
            return
        }
        switch (kind, spec.collection) {
        case (.collection, nil):
            context.emit(
                .missingKey, "a collection spec must name its collection", at: spec.object.location,
                hint: "add 'collection: NAME' naming one of the model's collections")
        case (.collection, let name?):
            if context.model.collection(named: name.value) == nil {
                let names = context.model.collections.map(\.name.value)
                context.emit(
                    .unknownCollection, "the model has no collection '\(name.value)'", at: name.location,
                    hint: Suggestions.hint(for: name.value, in: names)
                        ?? (names.isEmpty ? "declare it under 'collections:' in the model" : "collections: \(names.joined(separator: ", "))"))
            }
        case (_, let name?):
            context.emit(.invalidValue, "'collection' applies only to object: collection, not '\(kind.rawValue)'", at: name.location)
        default:
            break
        }
        if let usage = spec.usageColumns, kind != .usageAggregated {
            context.emit(.invalidValue, "'usage_columns' applies only to object: usage.aggregated", at: usage.location)
        }
    }
}
