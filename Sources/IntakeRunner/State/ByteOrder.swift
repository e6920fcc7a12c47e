#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 byte order of strings: the order of SQLite's BINARY collation, so rows sorted this way
/// merge with a key-ordered table scan.
public enum ByteOrder {
    /// Whether `a` sorts before `b` byte by byte (memcmp, then the shorter first).
    public static func less(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}
