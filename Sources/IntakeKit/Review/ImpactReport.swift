/// What running the new plan instead of the old one over the same file and state would change.
public struct ImpactReport: Sendable, Codable, Equatable {
    /// The data file, relative to the project when inside it.
    public var data: String
    /// Counts under the base revision's plan; nil when that run failed.
    public var old: RunSide
    /// Counts under the working tree's plan.
    public var new: RunSide
    /// Records (by key) whose end state differs.
    public var records: Int
    /// Per attribute, how many records end differently and how, most affected first.
    public var attributes: [AttributeImpact]
    /// Rows whose outcome changes (`updated → rejected R003`), most frequent first.
    public var outcomes: [OutcomeImpact]
    /// A few records with their old-plan and new-plan values.
    public var samples: [RecordImpact]

    /// One plan's run over the file.
    public struct RunSide: Sendable, Codable, Equatable {
        /// Created, updated, unchanged, rejected, superseded, appended.
        public var counts: [String: Int]
        /// Why the run failed as a whole (duplicate keys, too many rejects…), if it did.
        public var failure: String?
    }
}

/// How one attribute's end state differs between the two plans.
public struct AttributeImpact: Sendable, Codable, Equatable {
    /// The attribute.
    public var attribute: String
    /// Records whose value differs.
    public var records: Int
    /// Of those, records that would hold no value under the new plan but one under the old.
    public var lost: Int
    /// Records that would hold a value under the new plan but none under the old.
    public var gained: Int
    /// The most frequent (old-plan value → new-plan value) pairs.
    public var transitions: [Transition]

    /// One (old → new) pair and how many records take it.
    public struct Transition: Sendable, Codable, Equatable {
        /// The value under the old plan; nil is no value.
        public var old: String?
        /// The value under the new plan; nil is no value.
        public var new: String?
        /// How many records.
        public var records: Int

        /// Creates a transition.
        public init(old: String?, new: String?, records: Int) {
            self.old = old
            self.new = new
            self.records = records
        }
    }
}

/// Rows whose outcome differs between the plans.
public struct OutcomeImpact: Sendable, Codable, Equatable {
    /// The outcome under the old plan (`created`, `updated`, `unchanged`, `rejected R003`, `superseded`).
    public var old: String
    /// The outcome under the new plan.
    public var new: String
    /// How many rows.
    public var rows: Int
    /// The first few file lines.
    public var lines: [Int]

    /// Creates an outcome change.
    public init(old: String, new: String, rows: Int, lines: [Int]) {
        self.old = old
        self.new = new
        self.rows = rows
        self.lines = lines
    }
}

/// One record that ends differently, attribute by attribute.
public struct RecordImpact: Sendable, Codable, Equatable {
    /// The record key.
    public var key: String
    /// The file line of its row.
    public var line: Int
    /// attribute → (old-plan value, new-plan value).
    public var attributes: [String: AttributeImpact.Transition]
}
