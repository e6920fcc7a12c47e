/// How far a plan or apply has read its current file; reported once per chunk read.
public struct RunProgress: Sendable, Equatable {
    /// The file, relative to the project root.
    public var file: String
    /// Bytes read so far.
    public var bytesRead: Int
    /// The file's size, when known.
    public var totalBytes: Int?
    /// Data rows read so far.
    public var rows: Int

    /// Creates a progress report.
    public init(file: String, bytesRead: Int, totalBytes: Int?, rows: Int) {
        self.file = file
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.rows = rows
    }
}
