import IntakeCompiler

/// The option-by-option differences of two coercers, in words (`map: green → Healthy (was Critical)`).
enum CoercerDiff {
    /// One phrase per changed option; list values and the type are the model's and reported there.
    static func phrases(old: Coercer, new: Coercer) -> [String] {
        var out: [String] = []
        func compare<T: Equatable>(_ name: String, _ a: T?, _ b: T?, _ show: (T) -> String) {
            guard a != b else { return }
            out.append("\(name): \(b.map(show) ?? "off") (was \(a.map(show) ?? "off"))")
        }
        compare("trim", old.trim, new.trim) { "\($0)" }
        compare("case", old.textCase, new.textCase) { $0 }
        compare("pattern", old.pattern, new.pattern) { "'\($0)'" }
        compare("thousands", old.thousands, new.thousands) { "'\($0)'" }
        compare("decimal", old.decimal, new.decimal) { "'\($0)'" }
        compare("strip_currency", old.stripCurrency, new.stripCurrency) { "\($0)" }
        compare("formats", old.formats, new.formats) { $0.joined(separator: ", ") }
        compare("timezone", old.timezone, new.timezone) { $0 }
        compare("separator", old.separator, new.separator) { "'\($0)'" }
        out += mapPhrases(old: old.map ?? [], new: new.map ?? [])
        return out
    }

    private static func mapPhrases(old: [Coercer.MapEntry], new: [Coercer.MapEntry]) -> [String] {
        // The first entry of a source value is the one that applies.
        func table(_ entries: [Coercer.MapEntry]) -> [String: String] {
            entries.reduce(into: [:]) { table, entry in
                if table[entry.from] == nil { table[entry.from] = entry.to }
            }
        }
        let before = table(old)
        let after = table(new)
        var out: [String] = []
        for entry in new where before[entry.from] != after[entry.from] && after[entry.from] == entry.to {
            if let was = before[entry.from] {
                out.append("map: \(entry.from) → \(entry.to) (was \(was))")
            } else {
                out.append("map: \(entry.from) → \(entry.to) added")
            }
        }
        for entry in old where after[entry.from] == nil && before[entry.from] == entry.to {
            out.append("map: \(entry.from) → \(entry.to) removed")
        }
        return out
    }
}
