import Foundation

/// Calendar fields collected while scanning a value.
struct DateParts {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    var twelveHour: Int?, isPM = false, fraction = 0.0, offsetSeconds: Int?

    /// The instant; zone-less values are read in `timeZone`, nil for UTC.
    func date(in timeZone: TimeZone?) -> Date? {
        var hour = hour
        if let twelveHour {
            guard (1...12).contains(twelveHour) else { return nil }
            hour = twelveHour % 12 + (isPM ? 12 : 0)
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLength = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31
        guard year >= 1, (1...12).contains(month), day >= 1, day <= monthLength,
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        if offsetSeconds == nil, let timeZone {
            // Local wall time: let the calendar resolve DST gaps and overlaps the way Foundation always does.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            return calendar.date(from: components).map { $0.addingTimeInterval(fraction) }
        }
        let days = CivilTime.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - (offsetSeconds ?? 0)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

/// Byte cursor over a value's UTF-8.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func digits(_ minimum: Int, _ maximum: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, index < bytes.count, bytes[index] &- 48 < 10 {
            value = value * 10 + Int(bytes[index] &- 48)
            index += 1
            count += 1
        }
        return count >= minimum ? value : nil
    }

    mutating func byte(_ expected: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == expected else { return false }
        index += 1
        return true
    }

    mutating func fraction(_ minimum: Int, _ maximum: Int) -> Double? {
        let start = index
        guard let value = digits(minimum, maximum) else { return nil }
        return Double(value) / pow(10, Double(index - start))
    }

    /// `Z`, `±hh`, `±hhmm` or `±hh:mm`, as seconds east of UTC.
    mutating func zone() -> Int? {
        if byte(UInt8(ascii: "Z")) { return 0 }
        let sign: Int
        if byte(UInt8(ascii: "+")) { sign = 1 } else if byte(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let hours = digits(2, 2), hours <= 18 else { return nil }
        var minutes = 0
        if byte(UInt8(ascii: ":")) || (index < bytes.count && bytes[index] &- 48 < 10) {
            guard let value = digits(2, 2), value <= 59 else { return nil }
            minutes = value
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    mutating func read(_ token: DateFormatPattern.Token, into parts: inout DateParts) -> Bool {
        func store(_ value: Int?, _ field: WritableKeyPath<DateParts, Int>) -> Bool {
            guard let value else { return false }
            parts[keyPath: field] = value
            return true
        }
        switch token {
        case .year4: return store(digits(4, 4), \.year)
        case .year2: return store(digits(2, 2).map { $0 < 70 ? 2000 + $0 : 1900 + $0 }, \.year)
        case .month2: return store(digits(2, 2), \.month)
        case .month1: return store(digits(1, 2), \.month)
        case .day2: return store(digits(2, 2), \.day)
        case .day1: return store(digits(1, 2), \.day)
        case .hour24x2: return store(digits(2, 2), \.hour)
        case .hour24x1: return store(digits(1, 2), \.hour)
        case .hour12x2, .hour12x1:
            parts.twelveHour = token == .hour12x2 ? digits(2, 2) : digits(1, 2)
            return parts.twelveHour != nil
        case .minute2: return store(digits(2, 2), \.minute)
        case .second2: return store(digits(2, 2), \.second)
        case .fraction(let count):
            guard let value = fraction(count, count) else { return false }
            parts.fraction = value
            return true
        case .ampm:
            // `| 0x20` lower-cases ASCII letters, making AM/PM case-insensitive without building a String.
            guard index + 1 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "m"),
                  bytes[index] | 0x20 == UInt8(ascii: "a") || bytes[index] | 0x20 == UInt8(ascii: "p") else { return false }
            parts.isPM = bytes[index] | 0x20 == UInt8(ascii: "p")
            index += 2
            return true
        case .zoneISO, .zoneRFC:
            parts.offsetSeconds = zone()
            return parts.offsetSeconds != nil
        case .literal(let text):
            for expected in text.utf8 {
                guard byte(expected) else { return false }
            }
            return true
        }
    }

    /// `yyyy-MM-dd`, optionally followed by `T` or a space, `HH:mm[:ss[.f…]]` and an optional offset.
    mutating func iso8601(into parts: inout DateParts) -> Bool {
        guard let year = digits(4, 4), byte(UInt8(ascii: "-")), let month = digits(2, 2),
              byte(UInt8(ascii: "-")), let day = digits(2, 2) else { return false }
        (parts.year, parts.month, parts.day) = (year, month, day)
        guard byte(UInt8(ascii: "T")) || byte(UInt8(ascii: " ")) else { return index == bytes.count }
        guard let hour = digits(2, 2), byte(UInt8(ascii: ":")), let minute = digits(2, 2) else { return false }
        (parts.hour, parts.minute) = (hour, minute)
        if byte(UInt8(ascii: ":")) {
            guard let second = digits(2, 2) else { return false }
            parts.second = second
            if byte(UInt8(ascii: ".")) || byte(UInt8(ascii: ",")) {
                guard let fraction = fraction(1, 9) else { return false }
                parts.fraction = fraction
            }
        }
        if index < bytes.count {
            parts.offsetSeconds = zone()
            return parts.offsetSeconds != nil
        }
        return true
    }
}
