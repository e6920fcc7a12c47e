/// How far a `CSVReader` has got: reported once per chunk, for progress bars.
public struct CSVProgress: Sendable, Equatable {
    /// Bytes of the input read so far.
    public var bytesRead: Int
    /// Data rows returned so far.
    public var rows: Int

    /// Creates a progress report.
    public init(bytesRead: Int, rows: Int) {
        self.bytesRead = bytesRead
        self.rows = rows
    }
}
