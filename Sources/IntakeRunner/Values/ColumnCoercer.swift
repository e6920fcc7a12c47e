import Foundation
import IntakeCompiler

/// One column's coercion, compiled once from the plan's `Coercer` and applied to every cell of the column.
///
/// Order: trim → empty check → `case` → `map` → the type's parse → `pattern`. Number, currency and date cells are
/// always trimmed (they cannot declare `trim`, and padding means nothing there); other cells only with `trim`,
/// but a blank cell is empty either way.
public final class ColumnCoercer: Sendable {
    /// Parsers are held unretained here and kept alive by `parser`: binding an enum payload
    /// retains it and releases it again, two atomic operations per cell on an object every core shares.
    private enum Kind: @unchecked Sendable {
        case id, userID, email, text, textList, userList
        case list(Unmanaged<ListMatcher>)
        case number(Unmanaged<DecimalParser>)
        case date(Unmanaged<DateReader>)
    }

    private let kind: Kind
    /// The object `kind`'s payload points at unretained: never read, but without it the parser
    /// would be freed while `kind` still calls it.
    private let parser: (any Sendable & AnyObject)?
    private let trims: Bool
    private let lowercases: Bool?
    private let map: [String: String]
    /// `map` for ASCII cells, each key with its value already typed, when every key is ASCII
    /// (see `ListMatcher.exactBytes`).
    private let mapBytes: ByteTable?
    private let pattern: NSRegularExpression?
    private let patternSource: String
    let separator: String
    /// About how many bytes longer than its cell a value may come out (a canonical date, a
    /// mapped or listed value), so a row's values are sized once; too little only costs a copy.
    let growth: Int

    /// Compiles `coercer`'s date formats, pattern, time zone and options; throws when one is invalid.
    public init(_ coercer: Coercer) throws(CoercerError) {
        trims = coercer.trim || !coercer.type.isTextual
        switch coercer.textCase {
        case nil: lowercases = nil
        case "lower": lowercases = true
        case "upper": lowercases = false
        case let other?: throw CoercerError("'case' must be lower or upper, found '\(other)'")
        }
        var map: [String: String] = [:]
        // Spec order decides between duplicate sources: the first entry wins.
        for entry in coercer.map ?? [] where map[entry.from] == nil { map[entry.from] = entry.to }
        self.map = map
        patternSource = coercer.pattern ?? ""
        do {
            // \A…\z makes the match whole-value; `$` alone would also match before a final line break.
            pattern = try coercer.pattern.map { try NSRegularExpression(pattern: "\\A(?:\($0))\\z") }
        } catch {
            throw CoercerError("'\(patternSource)' is not a valid regular expression")
        }
        separator = coercer.separator ?? ";"
        guard !separator.isEmpty else { throw CoercerError("'separator' is empty") }
        let longestMapped = map.values.map(\.utf8.count).max() ?? 0
        growth = switch coercer.type {
        case .date: 24 + longestMapped
        case .list: ((coercer.values ?? []).map(\.utf8.count).max() ?? 0) + longestMapped
        default: 2 + longestMapped
        }
        switch coercer.type {
        case .id: (kind, parser) = (.id, nil)
        case .userID: (kind, parser) = (.userID, nil)
        case .email: (kind, parser) = (.email, nil)
        case .text: (kind, parser) = (.text, nil)
        case .textList: (kind, parser) = (.textList, nil)
        case .userList: (kind, parser) = (.userList, nil)
        case .list:
            let matcher = try ListMatcher(values: coercer.values)
            (kind, parser) = (.list(.passUnretained(matcher)), matcher)
        case .number, .currency:
            let number = try DecimalParser(thousands: coercer.thousands, decimal: coercer.decimal, stripCurrency: coercer.stripCurrency)
            (kind, parser) = (.number(.passUnretained(number)), number)
        case .date:
            let reader = try DateReader(formats: coercer.formats, timezone: coercer.timezone)
            (kind, parser) = (.date(.passUnretained(reader)), reader)
        }
        if !map.isEmpty, lowercases == nil, map.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            // What `coerce` does after the map, done once per key by the same column without
            // it: a value the type rejects is left to the `String` path, which words the reason.
            var unmapped = coercer
            unmapped.map = nil
            let typing = try ColumnCoercer(unmapped)
            mapBytes = ByteTable(map.map { key, mapped in
                guard !mapped.isEmpty else { return (key, "") }
                guard case .value(let value) = typing.typed(mapped) else { return (key, nil) }
                return (key, value)
            })
        } else {
            mapBytes = nil
        }
    }

    deinit { mapBytes?.deallocate() }

    /// The canonical value of one raw cell, `.empty`, or a reject code with a one-sentence reason.
    public func coerce(_ raw: String) -> CellResult {
        var value = trims ? Whitespace.trimmed(raw) : raw
        if value.isEmpty || Whitespace.isBlank(value) { return .empty }
        if let lowercases { value = lowercases ? value.lowercased() : value.uppercased() }
        if !map.isEmpty, let mapped = map[value] {
            if mapped.isEmpty { return .empty }
            value = mapped
        }
        return typed(value)
    }

    /// `coerce` of the cell `raw` holds, without making a `String` of it first where that changes nothing.
    ///
    /// ASCII cells without `case` or `map` are trimmed and checked for blanks on their bytes, and
    /// numbers parsed from them; every other cell takes `coerce`, so both give the same result.
    func coerce(bytes raw: UnsafeBufferPointer<UInt8>) -> CellResult {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
            switch coerceInPlace(bytes: raw, scratch: scratch) {
            case .same(let value): .value(String(decoding: value, as: UTF8.self))
            case .result(let result): result
            }
        }
    }

    /// Bytes `coerceInPlace` may write a value into.
    static let scratchSize = 24

    /// A cell coerced from its bytes: the value's bytes themselves when it needs no `String`.
    enum BytesResult {
        /// The value is these bytes: a slice of the cell's, or of the scratch buffer.
        case same(UnsafeBufferPointer<UInt8>)
        case result(CellResult)
    }

    /// `coerce(bytes:)`, without making a `String` of a plain text or id cell, or of a date
    /// that is canonical already or read by a sole UTC format (written into `scratch`, which
    /// has room for `scratchSize` bytes).
    func coerceInPlace(bytes raw: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>) -> BytesResult {
        var high: UInt8 = 0
        for byte in raw { high |= byte }
        // Unicode whitespace, case mapping and canonical equivalence (non-ASCII map keys) are `String` matters.
        guard high < 0x80, lowercases == nil, map.isEmpty || mapBytes != nil else { return .result(coerce(String(decoding: raw, as: UTF8.self))) }
        var lower = 0, upper = raw.count
        if trims {
            while lower < upper && Self.isASCIISpace(raw[lower]) { lower += 1 }
            while upper > lower && Self.isASCIISpace(raw[upper - 1]) { upper -= 1 }
        }
        let value = UnsafeBufferPointer(rebasing: raw[lower..<upper])
        if value.allSatisfy(Self.isASCIISpace) { return .result(.empty) }
        if let mapBytes {
            switch mapBytes.match(value) {
            case .output(let mapped): return mapped.isEmpty ? .result(.empty) : .same(mapped)
            case .slow: return .result(coerce(String(decoding: raw, as: UTF8.self)))
            case .none: break
            }
        }
        switch kind {
        case .text where pattern == nil:
            return .same(value)
        case .id where pattern == nil && value.allSatisfy(IdentifierRules.isIDByte):
            return .same(value)
        case .list(let matcher) where pattern == nil:
            if let canonical = matcher._withUnsafeGuaranteedRef({ $0.matchInPlace(value) }) { return .same(canonical) }
        case .number(let parser):
            if let canonical = parser._withUnsafeGuaranteedRef({ $0.canonical(value) }) { return .result(patternChecked(.value(canonical))) }
        case .date(let reader) where pattern == nil:
            switch reader._withUnsafeGuaranteedRef({ $0.readInPlace(value, into: scratch) }) {
            case .same?: return .same(value)
            case .written(let count)?: return .same(UnsafeBufferPointer(rebasing: scratch[..<count]))
            case nil: break
            }
        default:
            break
        }
        return .result(typed(String(decoding: value, as: UTF8.self)))
    }

    /// The ASCII members of Unicode's White_Space, the only ones an ASCII cell can hold.
    @inline(__always) private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// The type's parse and `pattern`, on a trimmed, non-empty, cased and mapped value.
    private func typed(_ value: String) -> CellResult {
        switch kind {
        case .text:
            return matchingPattern(value)
        case .id:
            if let problem = IdentifierRules.idProblem(value[...]) { return .invalid(.invalidID, problem) }
            return matchingPattern(value)
        case .email:
            if let problem = IdentifierRules.emailProblem(value[...]) {
                return .invalid(.invalidEmail, "\(Quote.value(value)) is not a valid email address: it \(problem)")
            }
            return matchingPattern(value)
        case .userID:
            if let (code, reason) = IdentifierRules.userIDProblem(value[...]) { return .invalid(code, reason) }
            return matchingPattern(value)
        case .list(let matcher):
            return patternChecked(matcher._withUnsafeGuaranteedRef { $0.match(value) })
        case .number(let parser):
            return patternChecked(parser._withUnsafeGuaranteedRef { $0.parse(value) })
        case .date(let reader):
            return patternChecked(reader._withUnsafeGuaranteedRef { $0.read(value) })
        case .textList, .userList:
            return multiValue(value)
        }
    }

    /// A method, not a closure taking `matchingPattern`: capturing `self` would copy the coercer for every cell.
    private func patternChecked(_ result: CellResult) -> CellResult {
        guard pattern != nil, case .value(let value) = result else { return result }
        return matchingPattern(value)
    }

    /// `.value(value)` when there is no pattern or it matches the whole value, else R008.
    func matchingPattern(_ value: String) -> CellResult {
        guard let pattern else { return .value(value) }
        let range = NSRange(location: 0, length: value.utf16.count)
        guard pattern.firstMatch(in: value, range: range) == nil else { return .value(value) }
        return .invalid(.patternMismatch, "\(Quote.value(value)) does not match the pattern '\(patternSource)'")
    }

    /// Whether values are matched against a `pattern`.
    var hasPattern: Bool { pattern != nil }

    /// Whether parts of a multi-value cell must be user ids.
    var checksUsers: Bool {
        if case .userList = kind { return true }
        return false
    }
}
