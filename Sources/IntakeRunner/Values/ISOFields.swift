import IntakeCompiler
import Foundation

/// The fields of a strict RFC 3339 value, scanned on UTF-8 bytes; shared by `ISO8601Strict` and the `iso8601` date format.
struct ISOFields {
    /// Which values a scan accepts.
    enum Shape {
        /// `full-date` only.
        case date
        /// `date-time` with a zone.
        case dateTime
        /// `full-date`, or `date-time` with or without a zone: the coercer's `iso8601` format.
        case dateOrDateTime
    }

    var year = 0, month = 0, day = 0, hour = 0, minute = 0
    /// 0...60; 60 is a leap second, checked against UTC once the zone is known.
    var second = 0
    var micros = 0
    /// Seconds east of UTC; nil when the value has no zone.
    var offset: Int?

    /// The wall-clock time as seconds since 1970 read in UTC, a leap second folded onto :59.
    var wallSeconds: Int {
        CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + min(second, 59)
    }

    /// The instant at `offset`, or nil for a leap second that is not at 23:59 UTC.
    func instant(offset: Int) -> Date? {
        let utc = wallSeconds - offset
        guard second < 60 || CivilTime.floorDivide(utc, 86_400).remainder == 86_399 else { return nil }
        return Date(timeIntervalSince1970: Double(utc) + Double(micros) / 1_000_000)
    }

    /// Scans `text` strictly; nil on any deviation from the shape.
    static func scan(_ text: String, shape: Shape) -> ISOFields? {
        var text = text
        return text.withUTF8 { scan($0, shape: shape) }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, shape: Shape) -> ISOFields? {
        var fields = ISOFields()
        guard bytes.count >= 10, let year = digits(bytes, 0, 4), bytes[4] == dash, let month = digits(bytes, 5, 2),
              bytes[7] == dash, let day = digits(bytes, 8, 2),
              (1...12).contains(month), day >= 1, day <= CivilTime.monthLength(year: year, month: month)
        else { return nil }
        (fields.year, fields.month, fields.day) = (year, month, day)
        if bytes.count == 10 { return shape == .dateTime ? nil : fields }
        guard shape != .date, bytes.count >= 19, bytes[10] | 0x20 == UInt8(ascii: "t"),
              let hour = digits(bytes, 11, 2), bytes[13] == colon, let minute = digits(bytes, 14, 2),
              bytes[16] == colon, let second = digits(bytes, 17, 2), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        (fields.hour, fields.minute, fields.second) = (hour, minute, second)
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale = 100_000
            while index < bytes.count, bytes[index] &- zero < 10 {
                // Digits past the microsecond are validated but dropped: a Date cannot hold them.
                fields.micros += Int(bytes[index] &- zero) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        if index == bytes.count { return shape == .dateTime ? nil : fields }
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            fields.offset = 0
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == dash, index + 6 <= bytes.count,
                  let hours = digits(bytes, index + 1, 2), bytes[index + 3] == colon, let minutes = digits(bytes, index + 4, 2),
                  hours <= 23, minutes <= 59 {
            fields.offset = (bytes[index] == dash ? -1 : 1) * (hours * 3_600 + minutes * 60)
            index += 6
        } else {
            return nil
        }
        return index == bytes.count ? fields : nil
    }

    /// Exactly `count` ASCII digits at `start`; anything else, a non-ASCII digit included, fails.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = bytes[index] &- zero
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static let zero = UInt8(ascii: "0")
    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")
}
