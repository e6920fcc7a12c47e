import Foundation

/// A source file downloaded (or found locally) and ready to plan.
public struct FetchedFile: Sendable, Equatable {
    /// Where the file is on this machine.
    public var url: URL
    /// Where it came from, secrets removed: a URL, `s3://bucket/key` or `sftp://user@host:port/path`.
    public var source: String
    /// The object that was resolved: its key or path, and ETag or modification time when known.
    public var object: String
    /// Its size in bytes.
    public var size: Int64
    /// `sha256:` of its bytes.
    public var sha256: String

    /// Creates a fetched file.
    public init(url: URL, source: String, object: String, size: Int64, sha256: String) {
        self.url = url
        self.source = source
        self.object = object
        self.size = size
        self.sha256 = sha256
    }
}
