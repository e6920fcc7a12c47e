/// The keys one mapping level may have: names, value shapes, which are required.
///
/// The loader's unknown-key and missing-key checks and the JSON Schema both read these tables,
/// so the two cannot drift apart.
public struct KeySet: Sendable, Equatable {
    /// One allowed key.
    public struct Key: Sendable, Equatable {
        /// The key as written in YAML.
        public let name: String
        /// What its value must look like.
        public let shape: ValueShape
        /// Whether the mapping must have it.
        public let required: Bool
        /// The hint shown when a required key is missing.
        public let missingHint: String?
        /// A one-line description for editors.
        public let summary: String?

        /// Creates a key.
        public init(_ name: String, _ shape: ValueShape, required: Bool = false, missingHint: String? = nil, summary: String? = nil) {
            self.name = name
            self.shape = shape
            self.required = required
            self.missingHint = missingHint
            self.summary = summary
        }
    }

    /// A stable identifier, used as the schema's `$defs` entry.
    public let id: String
    /// How messages name the mapping (`a column mapping`).
    public let what: String
    /// The keys in documentation order.
    public let keys: [Key]
    /// Groups of keys of which exactly one must be present (`file`, `http`, `s3`, `sftp`).
    public let exactlyOne: [[String]]

    /// Creates a key set.
    public init(id: String, what: String, keys: [Key], exactlyOne: [[String]] = []) {
        self.id = id
        self.what = what
        self.keys = keys
        self.exactlyOne = exactlyOne
    }

    /// Every allowed key name, in documentation order.
    public var names: [String] { keys.map(\.name) }

    /// The key called `name`, if allowed.
    public subscript(_ name: String) -> Key? { keys.first { $0.name == name } }
}
