/// One resolved column: where it is read from, what it becomes and how.
public struct PlanColumn: Codable, Sendable, Equatable {
    /// The CSV header.
    public var from: String
    /// The target name.
    public var to: String
    /// `system`, `attribute` or `usage_metric`.
    public var target: ResolvedTarget.Kind
    /// The target's value type.
    public var type: FieldType
    /// Whether an empty cell rejects the row.
    public var required: Bool
    /// Whether the column is part of the record key.
    public var key: Bool
    /// How the raw cell becomes a value.
    public var coercer: Coercer
    /// What an empty cell does: `reject`, `delete`, `keep`, `value` or `today`.
    public var empty: String
    /// The value for `empty: value`.
    public var emptyValue: String?
    /// The spec line of the mapping, for runtime messages that point back at the spec.
    public var specLine: Int

    /// Creates a column.
    public init(
        from: String, to: String, target: ResolvedTarget.Kind, type: FieldType, required: Bool, key: Bool, coercer: Coercer,
        empty: String, emptyValue: String? = nil, specLine: Int
    ) {
        self.from = from
        self.to = to
        self.target = target
        self.type = type
        self.required = required
        self.key = key
        self.coercer = coercer
        self.empty = empty
        self.emptyValue = emptyValue
        self.specLine = specLine
    }
}

/// The coercion of one column, with every option explicit.
public struct Coercer: Codable, Sendable, Equatable {
    /// The value type produced.
    public var type: FieldType
    /// Strip surrounding whitespace before anything else.
    public var trim: Bool
    /// `lower` or `upper`.
    public var textCase: String?
    /// Source value → target value, applied after trim and case, in spec order.
    public var map: [MapEntry]?
    /// A full-match regular expression for the (mapped) value.
    public var pattern: String?
    /// Allowed list values, in the model's casing.
    public var values: [String]?
    /// Grouping separator accepted in numbers.
    public var thousands: String?
    /// Decimal separator.
    public var decimal: String?
    /// Whether currency symbols and codes are stripped.
    public var stripCurrency: Bool
    /// Accepted date patterns, tried in order; `iso8601` is strict ISO 8601.
    public var formats: [String]?
    /// The zone of zone-less dates.
    public var timezone: String?
    /// Separator of multi-value fields.
    public var separator: String?

    /// Creates a coercer; options left out are off.
    public init(
        type: FieldType, trim: Bool = false, textCase: String? = nil, map: [MapEntry]? = nil, pattern: String? = nil,
        values: [String]? = nil, thousands: String? = nil, decimal: String? = nil, stripCurrency: Bool = false,
        formats: [String]? = nil, timezone: String? = nil, separator: String? = nil
    ) {
        self.type = type
        self.trim = trim
        self.textCase = textCase
        self.map = map
        self.pattern = pattern
        self.values = values
        self.thousands = thousands
        self.decimal = decimal
        self.stripCurrency = stripCurrency
        self.formats = formats
        self.timezone = timezone
        self.separator = separator
    }

    /// One `map` entry.
    public struct MapEntry: Codable, Sendable, Equatable {
        /// The source value.
        public var from: String
        /// The target value.
        public var to: String

        /// Creates an entry.
        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, trim, textCase = "case", map, pattern, values, thousands, decimal, stripCurrency, formats, timezone, separator
    }
}
