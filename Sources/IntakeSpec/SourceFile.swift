import Crypto
import Foundation

/// A file's path (relative to the project) and its text, kept for digests and diagnostic excerpts.
public struct SourceFile: Sendable, Hashable {
    /// Path relative to the project root.
    public var path: String
    /// The file's text.
    public var text: String

    /// Creates a source file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// `sha256:<hex>` of the file's UTF-8 bytes.
    public var digest: String { Digest.sha256(Data(text.utf8)) }

    /// The 1-based line, without its line break, or nil when out of range.
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
            current += 1
        }
        return nil
    }
}

/// SHA-256 digests in the `sha256:<hex>` form used in plans and run history.
public enum Digest {
    /// The digest of some bytes.
    public static func sha256(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
