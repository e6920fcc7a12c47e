import Foundation
import IntakeCompiler

/// Dates in the declared formats to canonical ISO 8601 UTC; a value two formats read differently is refused, not guessed.
///
/// A class so that the coercer's per-cell switch retains one reference instead of copying every field.
final class DateReader: Sendable {
    /// One compiled entry of `formats`; a class for the same reason as the reader.
    final class Format: Sendable {
        let name: String
        /// Nil for `iso8601`, which uses the strict RFC 3339 scanner.
        let pattern: DateFormatPattern?
        /// Whether values carry their own offset, so `timezone` does not apply.
        let hasZone: Bool

        init(name: String, pattern: DateFormatPattern?, hasZone: Bool) {
            (self.name, self.pattern, self.hasZone) = (name, pattern, hasZone)
        }
    }

    /// How one format read a value.
    private enum Reading {
        case none
        case instant(Date)
        case gap
        case overlap(Date, Date)
    }

    let formats: [Format]
    let zone: ZoneResolver
    /// The one format, when it is a pattern and values are read in UTC (most specs): no second
    /// format can disagree and no clock change can skip or repeat a time, so `read` parses it directly.
    private let soleUTCPattern: (pattern: DateFormatPattern, hasZone: Bool)?
    /// Whether the one format is `iso8601`: a value already in canonical form then reads as itself.
    private let soleISO: Bool

    init(formats: [String]?, timezone: String?) throws(CoercerError) {
        let names = formats.flatMap { $0.isEmpty ? nil : $0 } ?? ["iso8601"]
        var compiled: [Format] = []
        for name in names {
            let pattern: DateFormatPattern
            do { pattern = try DateFormatPattern(parsing: name) } catch {
                throw CoercerError("invalid date format '\(name)': \(error.message)")
            }
            let hasZone = pattern.tokens.contains { $0 == .zoneISO || $0 == .zoneRFC }
            compiled.append(Format(name: name, pattern: pattern.isISO8601 ? nil : pattern, hasZone: hasZone))
        }
        self.formats = compiled
        zone = try ZoneResolver(identifier: timezone)
        soleUTCPattern = compiled.count == 1 && zone.isUTC ? compiled[0].pattern.map { ($0, compiled[0].hasZone) } : nil
        soleISO = compiled.count == 1 && compiled[0].pattern == nil
    }

    /// How `readInPlace` read a value.
    enum InPlace {
        /// The value is canonical already: it is its own result.
        case same
        /// The canonical value's length, written to the buffer given.
        case written(Int)
    }

    /// `read` of the common cases without a `String` (values already canonical, a sole UTC
    /// format); nil when the value needs `read`. `out` has room for 24 bytes.
    func readInPlace(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> InPlace? {
        if soleISO, Self.isCanonical(bytes) { return .same }
        guard let (pattern, hasZone) = soleUTCPattern, let wall = pattern.parseUTC(bytes: bytes) else { return nil }
        return ISO8601Strict.canonical(Self.instant(wall, hasZone: hasZone), into: out).map(InPlace.written)
    }

    /// Whether `bytes` are a canonical instant to the second (`2025-04-21T10:00:00Z`) that
    /// `iso8601` reads as exactly that instant: every field in range, no leap second.
    static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return false }
        func number(_ at: Int, _ digits: Int) -> Int? {
            var value = 0
            for index in at..<(at + digits) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2) else { return false }
        return year >= 1 && (1...12).contains(month) && day >= 1 && day <= CivilTime.monthLength(year: year, month: month)
            && hour <= 23 && minute <= 59 && second <= 59
    }

    /// The instant a sole UTC format read: the arithmetic of `reading` and `place`, so it is the same to the last bit.
    private static func instant(_ wall: Date, hasZone: Bool) -> Date {
        guard !hasZone else { return wall }
        let seconds = wall.timeIntervalSince1970.rounded(.down)
        return Date(timeIntervalSince1970: Double(Int(seconds)) + (wall.timeIntervalSince1970 - seconds))
    }

    /// The canonical UTC instant of `value`, or why it is rejected.
    func read(_ value: String) -> CellResult {
        if let (pattern, hasZone) = soleUTCPattern, let wall = pattern.parseUTC(value) {
            return .value(ISO8601Strict.canonical(Self.instant(wall, hasZone: hasZone)))
        }
        var found: (date: Date, format: String)?
        var skipped = false
        // Every format is tried, not just the first that fits: that is how an ambiguous value is noticed.
        for format in formats {
            switch reading(value, format) {
            case .none: continue
            case .gap: skipped = true
            case .overlap(let early, let late):
                return .invalid(.ambiguousDate, "\(Quote.value(value)) is ambiguous in \(zone.zone.identifier): that local time occurs twice "
                    + "when clocks go back (\(ISO8601Strict.canonical(early)) or \(ISO8601Strict.canonical(late))); give the offset in the value")
            case .instant(let date):
                if let found, found.date != date {
                    return .invalid(.ambiguousDate, "\(Quote.value(value)) is ambiguous: '\(found.format)' reads \(ISO8601Strict.canonical(found.date)) "
                        + "but '\(format.name)' reads \(ISO8601Strict.canonical(date)); keep only one of these formats")
                }
                found = found ?? (date, format.name)
            }
        }
        if let found { return .value(ISO8601Strict.canonical(found.date)) }
        if skipped {
            return .invalid(.invalidDate, "\(Quote.value(value)) does not exist in \(zone.zone.identifier): clocks skip that hour when they go forward")
        }
        return .invalid(.invalidDate, "\(Quote.value(value)) matches none of the date formats \(formats.map { "'\($0.name)'" }.joined(separator: ", "))"
            + hint(for: value))
    }

    private func reading(_ value: String, _ format: Format) -> Reading {
        guard let pattern = format.pattern else { return isoReading(value) }
        // Zone-less patterns are parsed as UTC (the parser's calendar-free path) and then placed in the zone here.
        guard let wall = pattern.parseUTC(value) else { return .none }
        if format.hasZone { return .instant(wall) }
        let seconds = wall.timeIntervalSince1970.rounded(.down)
        return place(Int(seconds), fraction: wall.timeIntervalSince1970 - seconds)
    }

    private func isoReading(_ value: String) -> Reading {
        guard let fields = ISOFields.scan(value, shape: .dateOrDateTime) else { return .none }
        if let offset = fields.offset { return fields.instant(offset: offset).map(Reading.instant) ?? .none }
        let reading = place(fields.wallSeconds, fraction: Double(fields.micros) / 1_000_000)
        // A zone-less leap second is valid only where it lands on 23:59:59 UTC.
        guard fields.second == 60 else { return reading }
        if case .instant(let date) = reading, CivilTime.floorDivide(Int(date.timeIntervalSince1970.rounded(.down)), 86_400).remainder == 86_399 {
            return reading
        }
        return .none
    }

    private func place(_ wall: Int, fraction: Double) -> Reading {
        func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: Double(seconds) + fraction) }
        switch zone.resolve(wall) {
        case .instant(let seconds): return .instant(date(seconds))
        case .gap: return .gap
        case .overlap(let early, let late): return .overlap(date(early), date(late))
        }
    }

    /// A pointer for the most common near miss: ISO with a space instead of `T`.
    private func hint(for value: String) -> String {
        let utf8 = Array(value.utf8)
        guard formats.contains(where: { $0.pattern == nil }), utf8.count >= 16, utf8[10] == UInt8(ascii: " "),
              ISOFields.scan(String(decoding: utf8[..<10], as: UTF8.self), shape: .date) != nil else { return "" }
        return "; ISO 8601 needs a 'T' between date and time, or add a format such as 'yyyy-MM-dd HH:mm:ss'"
    }
}
