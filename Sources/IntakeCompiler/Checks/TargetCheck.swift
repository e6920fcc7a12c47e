import IntakeSpec
import IntakeDiagnostics
/// Every `to:` names a system field or model attribute, once; removed attributes are called out.
struct TargetCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let kind = context.kind, let catalog = context.catalog else { return }
        // With an unknown collection every attribute would look unknown too; E032 already says why.
        let collectionUnknown = kind == .collection && context.model.collection(named: context.spec.collection?.value ?? "") == nil
        var firstUse: [String: ColumnMapping] = [:]
        for (column, target) in zip(context.spec.columns, context.targets) {
            guard let target else {
                if !collectionUnknown { reportUnknown(column, kind: kind, catalog: catalog, context) }
                continue
            }
            if let first = firstUse[target.name] {
                context.emit(
                    .duplicateTarget, "columns '\(first.from.value)' and '\(column.from.value)' both map to '\(target.name)'",
                    at: column.to.location, hint: "map one column to each target; drop or retarget one of them",
                    notes: [.init("'\(target.name)' first mapped here", at: first.to.location)])
            } else {
                firstUse[target.name] = column
            }
        }
        if context.spec.columns.count > 1000 {
            context.emit(
                .tooManyColumns, "\(context.spec.columns.count) columns are mapped; a CSV file may have at most 1,000",
                at: context.spec.columnsLocation, hint: "split the integration into several files")
        }
    }

    private func reportUnknown(_ column: ColumnMapping, kind: ObjectKind, catalog: TargetCatalog, _ context: CheckContext) {
        let name = column.to.value
        if kind == .usageAggregated, name.contains("##") {
            context.emit(
                .invalidValue, "'\(name)' is not a usage column: write Module##Action with both parts", at: column.to.location)
            return
        }
        if context.spec.mode.value == .recurring, let baseline = context.baseline,
            TargetCatalog(kind: kind, collection: context.spec.collection?.value, model: baseline).resolve(name) != nil
        {
            context.emit(
                .removedAttributeMapped,
                "attribute '\(name)' was removed from the model, but recurring integration '\(context.spec.name.value)' still maps it",
                at: column.to.location,
                hint: "an attribute mapped by a recurring integration cannot be deleted: remove this mapping first, or restore the attribute",
                notes: [.init("the model in the last commit declares '\(name)'", at: nil)])
            return
        }
        let object = kind == .collection ? "collection '\(context.spec.collection?.value ?? "")'" : "object '\(kind.rawValue)'"
        let hint = Suggestions.hint(for: name, in: catalog.allNames)
            ?? (kind.attributeSource == .none
                ? "'\(kind.rawValue)' takes system fields only: \(kind.systemFields.map(\.name).joined(separator: ", "))"
                : "declare it in the model first (models change in reviewed commits)")
        context.emit(.unknownAttribute, "unknown attribute '\(name)' for \(object)", at: column.to.location, hint: hint)
    }
}
