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
        compare(a, b) < 0
    }

    /// Whether `a` and `b` have the same UTF-8 bytes (not Swift's canonical equivalence).
    public static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && compare(a, b) == 0
    }

    /// Negative, zero or positive as `a` sorts before, equal to or after `b` byte by byte.
    public static func compare(_ a: String, _ b: String) -> Int {
        // Borrowing the native UTF-8 storage: no copies, no retains in the sort's inner loop.
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, common))
                return order != 0 ? order : x.count - y.count
            }
        }
        if let order = fast ?? nil { return order }
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// The first index in `range` whose key, as `key(at:)` gives it, does not sort before
    /// `target` (with `after`, the first that sorts after it): a bisection of keys in byte order.
    public static func firstIndex(
        notBefore target: String, in range: Range<Int>, after: Bool = false, key: (Int) -> String
    ) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            let order = compare(key(mid), target)
            if order < 0 || (after && order == 0) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
