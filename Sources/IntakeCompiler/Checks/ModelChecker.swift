import IntakeDiagnostics
import IntakeSpec

/// Checks the model on its own: types and values agree, defaults follow DESIGN §4, ids are valid.
public struct ModelChecker: Sendable {
    /// The licenses the reference knows.
    public static let knownLicenses = ["Spark", "Zoe"]

    /// Creates a checker.
    public init() {}

    /// Emits every problem of the model.
    public func check(_ model: DataModel, into engine: DiagnosticEngine) {
        check(model.account, owner: "account", configurable: true, engine)
        check(model.user, owner: "user", configurable: false, engine)
        for collection in model.collections {
            check(collection.attributes, owner: "collection", configurable: false, engine)
        }
        checkValues(model.roles, what: "role", engine)
        for role in model.roles where !IDRules.isValidID(role.value) {
            engine.emit(
                .invalidValue, "role id '\(role.value)' may contain only letters, digits, _ and -", at: role.location,
                hint: "use the role's id from Totango's Account Assignment page, not its display name")
        }
        checkValues(model.licenses, what: "license", engine)
        for license in model.licenses where !Self.knownLicenses.contains(license.value) {
            engine.emit(
                .invalidValue, "unknown license '\(license.value)'", at: license.location,
                hint: Suggestions.hint(for: license.value, in: Self.knownLicenses) ?? "licenses: Spark, Zoe")
        }
        checkValues(model.taskPriorities, what: "task priority", engine)
        checkValues(model.taskStatuses, what: "task status", engine)
        checkValues(model.touchpointTypes, what: "touchpoint type", engine)
    }

    private func check(_ attributes: [ModelAttribute], owner: String, configurable: Bool, _ engine: DiagnosticEngine) {
        for attribute in attributes {
            let name = attribute.name.value
            switch (attribute.type.value, attribute.values) {
            case (.list, nil):
                engine.emit(
                    .invalidAttribute, "list attribute '\(name)' has no 'values'", at: attribute.type.location,
                    hint: "add values: [A, B, C]")
            case (.list, let values?) where values.isEmpty:
                engine.emit(.invalidAttribute, "list attribute '\(name)' has an empty 'values'", at: attribute.valuesLocation)
            case (.list, let values?):
                checkValues(values, what: "value of '\(name)'", engine)
            case (let type, _?) where type != .list:
                engine.emit(
                    .invalidAttribute, "'values' applies to list attributes; '\(name)' is \(type.rawValue)",
                    at: attribute.valuesLocation, hint: "set type: list, or remove 'values'")
            default:
                break
            }
            if owner == "user", attribute.type.value == .list || attribute.type.value == .currency {
                engine.emit(
                    .invalidAttribute, "user attributes may be text, number or date; '\(name)' is \(attribute.type.value.rawValue)",
                    at: attribute.type.location)
            }
            if owner == "collection", attribute.type.value == .list {
                engine.emit(
                    .invalidAttribute, "collection attributes may be text, number, date or currency; '\(name)' is list",
                    at: attribute.type.location)
            }
            if let policy = attribute.defaultPolicy,
                let problem = DefaultRules.problem(policy, for: attribute, configurable: configurable, owner: owner)
            {
                engine.emit(problem)
            }
        }
    }

    private func checkValues(_ values: [Located<String>], what: String, _ engine: DiagnosticEngine) {
        var seen: [String: SourceLocation] = [:]
        for value in values {
            let folded = value.value.lowercased()
            if let first = seen[folded] {
                engine.emit(
                    .duplicateValue, "\(what) '\(value.value)' is listed twice (values match case-insensitively)",
                    at: value.location, notes: [.init("first listed here", at: first)])
            } else {
                seen[folded] = value.location
            }
        }
    }
}
