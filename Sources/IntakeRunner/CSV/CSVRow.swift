/// One record of a CSV file, with the physical line it starts on.
public struct CSVRow: Sendable, Equatable {
    /// Physical line (1-based, header is line 1) where the record starts; quoted line breaks push later records down.
    public let line: Int
    /// The fields, unquoted, as many as the record had (not padded or cut to the header).
    public let fields: [String]
    /// 1-based column of the first cell holding invalid UTF-8 (decoded lossily), or nil.
    public let invalidUTF8Column: Int?

    /// Makes a row.
    public init(line: Int, fields: [String], invalidUTF8Column: Int? = nil) {
        self.line = line
        self.fields = fields
        self.invalidUTF8Column = invalidUTF8Column
    }
}
