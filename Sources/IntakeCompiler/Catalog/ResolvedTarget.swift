import Foundation
import IntakeSpec

/// What a column's `to:` names, once looked up in the object kind and the model.
public struct ResolvedTarget: Sendable {
    /// The kind of target.
    public enum Kind: String, Sendable, Codable {
        /// A snake_case system field.
        case system
        /// A model attribute.
        case attribute
        /// An aggregated-usage `Module##Action` column.
        case usageMetric = "usage_metric"
    }

    /// The target's name as written in the model or catalog.
    public var name: String
    /// The kind of target.
    public var kind: Kind
    /// Its value type.
    public var type: FieldType
    /// Allowed values of a list, in the model's casing.
    public var values: [String]?
    /// The model attribute, when the target is one.
    public var attribute: ModelAttribute?
    /// The system field, when the target is one.
    public var systemField: SystemField?
}

/// Looks targets up for one object kind against one model.
public struct TargetCatalog: Sendable {
    /// The object kind.
    public let kind: ObjectKind
    /// The attributes the object may carry.
    public let attributes: [ModelAttribute]
    private let model: DataModel

    /// Creates the catalog of an object kind (and collection, for collection specs).
    public init(kind: ObjectKind, collection: String?, model: DataModel) {
        self.kind = kind
        self.model = model
        switch kind.attributeSource {
        case .account: attributes = model.account
        case .user: attributes = model.user
        case .collection: attributes = collection.flatMap { model.collection(named: $0)?.attributes } ?? []
        case .usageMetrics, .none: attributes = []
        }
    }

    /// Every name a `to:` may use, for suggestions.
    public var allNames: [String] { kind.systemFields.map(\.name) + attributes.map(\.name.value) }

    /// The target of that exact name, or nil.
    public func resolve(_ name: String) -> ResolvedTarget? {
        if let field = kind.systemField(named: name) {
            return ResolvedTarget(
                name: name, kind: .system, type: field.type, values: field.values.map(values(of:)), systemField: field)
        }
        if let attribute = attributes.first(where: { $0.name.value == name }) {
            return ResolvedTarget(
                name: name, kind: .attribute, type: FieldType(attribute.type.value),
                values: attribute.values?.map(\.value), attribute: attribute)
        }
        if kind == .usageAggregated, let metric = UsageMetricName(name) {
            return ResolvedTarget(name: metric.description, kind: .usageMetric, type: .number)
        }
        return nil
    }

    /// The model values a list system field draws from.
    public func values(of source: SystemField.ValueSource) -> [String] {
        let list: [Located<String>] =
            switch source {
            case .roles: model.roles
            case .licenses: model.licenses
            case .taskPriorities: model.taskPriorities
            case .taskStatuses: model.taskStatuses
            case .touchpointTypes: model.touchpointTypes
            }
        return list.map(\.value)
    }
}

/// An aggregated-usage column name `Module##Action`, both parts non-empty.
public struct UsageMetricName: Sendable, Equatable, CustomStringConvertible {
    /// The module part.
    public var module: String
    /// The action part.
    public var action: String

    /// Parses `Module##Action`; nil unless there is exactly one `##` with text on both sides.
    public init?(_ text: String) {
        let parts = text.components(separatedBy: "##")
        guard parts.count == 2 else { return nil }
        let module = parts[0].trimmingCharacters(in: .whitespaces)
        let action = parts[1].trimmingCharacters(in: .whitespaces)
        guard !module.isEmpty, !action.isEmpty else { return nil }
        self.module = module
        self.action = action
    }

    /// `Module##Action`.
    public var description: String { "\(module)##\(action)" }
}
