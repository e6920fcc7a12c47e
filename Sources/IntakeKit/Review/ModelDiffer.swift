import IntakeDiagnostics
import IntakeSpec

/// The semantic changes between two versions of the data model, each weighed against the state store.
struct ModelDiffer {
    let old: DataModel
    let new: DataModel
    let usage: StoredUsage

    /// Every change, in model order.
    func changes() -> [SemanticChange] {
        var out: [SemanticChange] = []
        out += attributes(old.account, new.account, object: "account", namespace: "account", at: new.file)
        out += attributes(old.user, new.user, object: "user", namespace: "user", at: new.file)
        let oldCollections = Dictionary(old.collections.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        let newNames = Set(new.collections.map(\.name.value))
        for collection in new.collections {
            let namespace = "collection:\(collection.name.value)"
            guard let before = oldCollections[collection.name.value] else {
                out.append(SemanticChange(.safe, "collection-added", integration: nil, "collection \(collection.name.value) added", at: collection.name.location))
                continue
            }
            out += attributes(before.attributes, collection.attributes, object: "collection \(collection.name.value)", namespace: namespace, at: new.file)
        }
        for collection in old.collections where !newNames.contains(collection.name.value) {
            let (severity, reason) = usage.severity(
                count: usage.records(in: "collection:\(collection.name.value)", with: "collection_id"), what: "the collection's records")
            out.append(SemanticChange(
                severity, "collection-removed", integration: nil, "collection \(collection.name.value) removed", reason: reason,
                at: fileStart, base: collection.name.location))
        }
        out += plainList("roles", old.roles, new.roles)
        out += plainList("licenses", old.licenses, new.licenses)
        out += plainList("task priorities", old.taskPriorities, new.taskPriorities)
        out += plainList("task statuses", old.taskStatuses, new.taskStatuses)
        out += plainList("touchpoint types", old.touchpointTypes, new.touchpointTypes)
        return out
    }

    private var fileStart: SourceLocation { SourceLocation(file: new.file.path, line: 1, column: 1) }

    private func attributes(
        _ before: [ModelAttribute], _ after: [ModelAttribute], object: String, namespace: String, at file: SourceFile
    ) -> [SemanticChange] {
        var out: [SemanticChange] = []
        let oldByName = Dictionary(before.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        let newNames = Set(after.map(\.name.value))
        for attribute in after {
            let name = attribute.name.value
            guard let was = oldByName[name] else {
                out.append(SemanticChange(.safe, "attribute-added", integration: nil, "\(object) attribute \(name) added (\(attribute.type.value.rawValue))", at: attribute.name.location))
                continue
            }
            if was.type.value != attribute.type.value {
                let (severity, reason) = usage.severity(count: usage.records(in: namespace, with: name), what: "a value for \(name)")
                out.append(SemanticChange(
                    severity, "attribute-retyped", integration: nil,
                    "\(object) attribute \(name) retyped from \(was.type.value.rawValue) to \(attribute.type.value.rawValue)",
                    reason: reason, at: attribute.type.location, base: was.type.location))
            }
            let oldValues = (was.values ?? []).map(\.value)
            let newValues = (attribute.values ?? []).map(\.value)
            for value in newValues where !oldValues.contains(value) {
                out.append(SemanticChange(
                    .safe, "list-value-added", integration: nil, "\(object) attribute \(name): value '\(value)' added",
                    at: attribute.values?.first { $0.value == value }?.location))
            }
            for value in oldValues where !newValues.contains(value) && attribute.type.value == .list {
                let (severity, reason) = usage.severity(count: usage.records(in: namespace, with: name, equalTo: value), what: "'\(value)'")
                out.append(SemanticChange(
                    severity, "list-value-removed", integration: nil, "\(object) attribute \(name): value '\(value)' removed",
                    reason: reason, at: attribute.valuesLocation ?? attribute.name.location,
                    base: was.values?.first { $0.value == value }?.location))
            }
        }
        for attribute in before where !newNames.contains(attribute.name.value) {
            let name = attribute.name.value
            let (severity, reason) = usage.severity(count: usage.records(in: namespace, with: name), what: "a value for \(name)")
            out.append(SemanticChange(
                severity, "attribute-removed", integration: nil, "\(object) attribute \(name) removed", reason: reason,
                at: SourceLocation(file: file.path, line: 1, column: 1), base: attribute.name.location))
        }
        return out
    }

    private func plainList(_ what: String, _ before: [Located<String>], _ after: [Located<String>]) -> [SemanticChange] {
        let oldValues = Set(before.map(\.value))
        let newValues = Set(after.map(\.value))
        return after.filter { !oldValues.contains($0.value) }.map {
            SemanticChange(.safe, "list-value-added", integration: nil, "\(what): '\($0.value)' added", at: $0.location)
        } + before.filter { !newValues.contains($0.value) }.map {
            SemanticChange(
                .review, "list-value-removed", integration: nil, "\(what): '\($0.value)' removed",
                reason: "rows with this value will be rejected", at: fileStart, base: $0.location)
        }
    }
}
