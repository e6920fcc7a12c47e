import IntakeDiagnostics

/// The type of a model attribute (DESIGN §4).
public enum AttributeType: String, Sendable, CaseIterable, Codable {
    /// Free text.
    case text
    /// A decimal number.
    case number
    /// A date, stored as ISO 8601 in UTC.
    case date
    /// One value out of `values`.
    case list
    /// A decimal amount; currency symbols and codes are stripped.
    case currency
}

/// What an empty cell does to an attribute.
public enum DefaultPolicy: Sendable, Hashable {
    /// Clear the stored value.
    case delete
    /// Leave the stored value as it is.
    case keep
    /// Set a fixed value (in the attribute's type).
    case value(String)
    /// Set today's date (date attributes only).
    case today

    /// The policies written as one word.
    public enum Word: String, Sendable, CaseIterable {
        /// `delete`.
        case delete
        /// `keep`.
        case keep
        /// `today`.
        case today
    }
}

/// One attribute declared in the model.
public struct ModelAttribute: Sendable {
    /// The attribute's exact name, located at its key.
    public var name: Located<String>
    /// Its type.
    public var type: Located<AttributeType>
    /// The allowed values of a list attribute, in the model's casing.
    public var values: [Located<String>]?
    /// Where `values:` is written, when it is.
    public var valuesLocation: SourceLocation?
    /// The declared default, if any.
    public var defaultPolicy: Located<DefaultPolicy>?

    /// Creates an attribute.
    public init(
        name: Located<String>, type: Located<AttributeType>, values: [Located<String>]? = nil,
        valuesLocation: SourceLocation? = nil, defaultPolicy: Located<DefaultPolicy>? = nil
    ) {
        self.name = name
        self.type = type
        self.values = values
        self.valuesLocation = valuesLocation
        self.defaultPolicy = defaultPolicy
    }
}

/// A collection declared in the model, with its attributes.
public struct ModelCollection: Sendable {
    /// The collection's name, located at its key.
    public var name: Located<String>
    /// Its attributes, in declared order.
    public var attributes: [ModelAttribute]

    /// Creates a collection.
    public init(name: Located<String>, attributes: [ModelAttribute]) {
        self.name = name
        self.attributes = attributes
    }
}

/// The data model: attributes per object, collections, roles, licenses and enumerations.
public struct DataModel: Sendable {
    /// The model file.
    public var file: SourceFile
    /// Account attributes.
    public var account: [ModelAttribute] = []
    /// User attributes.
    public var user: [ModelAttribute] = []
    /// Collections.
    public var collections: [ModelCollection] = []
    /// Account-assignment role ids.
    public var roles: [Located<String>] = []
    /// Totango-user licenses.
    public var licenses: [Located<String>] = []
    /// Task priorities.
    public var taskPriorities: [Located<String>] = []
    /// Task statuses.
    public var taskStatuses: [Located<String>] = []
    /// Touchpoint types.
    public var touchpointTypes: [Located<String>] = []

    /// Creates an empty model for a file.
    public init(file: SourceFile) {
        self.file = file
    }

    /// The collection of that exact name.
    public func collection(named name: String) -> ModelCollection? {
        collections.first { $0.name.value == name }
    }
}
