import IntakeCompiler
import Foundation

/// Strict RFC 3339 dates and date-times: the ISO 8601 profile of the Totango reference and of JSON Schema.
///
/// Parsing agrees with every vector of `json-schema-datetime`: four-digit years, two-digit fields, `T`/`t`,
/// seconds required, `Z`/`z` or `±hh:mm` (hours to 23), no surrounding whitespace. Fractions take any number of
/// digits and are kept to the microsecond (a `Date` cannot hold more near today); `canonical` prints milliseconds,
/// truncated. A leap second `23:59:60` is valid only at 23:59 UTC; `Date` has no such second, so it is read as
/// `23:59:59` with its fraction, as java.time does: the instant stays on the day it was written for.
public enum ISO8601Strict {
    /// Parses an RFC 3339 `date-time` (zone required), or returns nil.
    public static func parseDateTime(_ s: String) -> Date? {
        guard let fields = ISOFields.scan(s, shape: .dateTime), let offset = fields.offset else { return nil }
        return fields.instant(offset: offset)
    }

    /// Parses an RFC 3339 `full-date` (`YYYY-MM-DD`) as midnight UTC, or returns nil.
    public static func parseDate(_ s: String) -> Date? {
        ISOFields.scan(s, shape: .date)?.instant(offset: 0)
    }

    /// `2019-09-17T08:00:00Z`, with `.SSS` milliseconds when they are not zero.
    public static func canonical(_ date: Date) -> String {
        let p = parts(date)
        guard (0...9999).contains(p.year) else {
            // ISO 8601's expanded years: a sign for years before 0000, more than four digits after 9999.
            func padded(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            let time = [p.secondOfDay / 3_600, p.secondOfDay / 60 % 60, p.secondOfDay % 60].map { padded($0, 2) }.joined(separator: ":")
            return "\(p.year < 0 ? "-" : "")\(padded(abs(p.year), 4))-\(padded(p.month, 2))-\(padded(p.day, 2))T\(time)"
                + (p.millis > 0 ? ".\(padded(p.millis, 3))" : "") + "Z"
        }
        return String(unsafeUninitializedCapacity: p.millis > 0 ? 24 : 20) { write(p, into: $0) }
    }

    /// `canonical(date)` written into `out` (room for 24 bytes): its length, or nil for a year
    /// outside 0000–9999 (those take `canonical`).
    static func canonical(_ date: Date, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let p = parts(date)
        guard (0...9999).contains(p.year) else { return nil }
        return write(p, into: out)
    }

    private typealias Parts = (year: Int, month: Int, day: Int, secondOfDay: Int, millis: Int)

    private static func parts(_ date: Date) -> Parts {
        // Past ±30 million years the day arithmetic would overflow; no real value gets there.
        let interval = date.timeIntervalSince1970.isFinite ? max(min(date.timeIntervalSince1970, 1e15), -1e15) : 0
        let whole = interval.rounded(.down)
        // A Date is only as exact as its Double (about 30 µs in year 9999): two ulps of slack let .999 stored as
        // .99899… still print .999, while truncation keeps .9999999 in its own second.
        var millis = Int(((interval - whole + 2 * interval.ulp) * 1_000).rounded(.down))
        var seconds = Int(whole)
        if millis >= 1_000 { (seconds, millis) = (seconds + 1, millis - 1_000) }
        let (days, secondOfDay) = CivilTime.floorDivide(seconds, 86_400)
        let (year, month, day) = CivilTime.date(days: days)
        return (year, month, day, secondOfDay, millis)
    }

    private static func write(_ p: Parts, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                out[written] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                written += 1
                divisor /= 10
            }
        }
        func put(_ byte: Unicode.Scalar) {
            out[written] = UInt8(ascii: byte)
            written += 1
        }
        put(p.year, digits: 4); put("-"); put(p.month, digits: 2); put("-"); put(p.day, digits: 2); put("T")
        put(p.secondOfDay / 3_600, digits: 2); put(":"); put(p.secondOfDay / 60 % 60, digits: 2); put(":"); put(p.secondOfDay % 60, digits: 2)
        if p.millis > 0 { put("."); put(p.millis, digits: 3) }
        put("Z")
        return written
    }
}
