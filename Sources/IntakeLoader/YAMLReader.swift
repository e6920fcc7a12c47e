import IntakeDiagnostics
import IntakeSpec
import Yams

/// Strict, located reads from a composed YAML tree; every problem becomes a diagnostic.
struct YAMLReader {
    let path: String
    let engine: DiagnosticEngine

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Checks a mapping's keys against `keys`: unknown ones are reported with a suggestion.
    func fields(_ node: Node, _ keys: KeySet, what: String? = nil) -> Fields? {
        let what = what ?? keys.what
        guard case .mapping(let mapping) = node else {
            engine.emit(.wrongKind, "\(what) must be a mapping, found \(describe(node))", at: location(node))
            return nil
        }
        return Fields(reader: self, node: node, mapping: mapping, keys: keys, what: what)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            if isNull(node) { return "nothing (null)" }
            return s.style == .plain ? "'\(s.string)'" : "a quoted string"
        case .alias: return "an alias"
        }
    }

    /// Text; numbers are taken as written (a header may be `2024`), null is refused.
    func string(_ node: Node, what: String, allowEmpty: Bool = false) -> Located<String>? {
        guard case .scalar(let s) = node, !isNull(node) else {
            engine.emit(.wrongKind, "\(what) must be text, found \(describe(node))", at: location(node))
            return nil
        }
        if s.string.isEmpty && !allowEmpty {
            engine.emit(.invalidValue, "\(what) must not be empty", at: location(node))
            return nil
        }
        return Located(s.string, at: location(node))
    }

    /// Only plain `true` and `false`; `yes`, `on` and quoted strings are refused.
    func bool(_ node: Node, what: String) -> Located<Bool>? {
        if case .scalar(let s) = node, s.style == .plain {
            if s.string == "true" { return Located(true, at: location(node)) }
            if s.string == "false" { return Located(false, at: location(node)) }
        }
        let guess = ["yes", "on", "y", "true", "True", "TRUE"].contains(node.scalar?.string ?? "") ? "true" : "false"
        engine.emit(
            .notBoolean, "\(what) must be true or false, found \(describe(node))", at: location(node),
            hint: "write \(guess) (YAML 1.1 words like yes/no/on/off are not booleans here)")
        return nil
    }

    func int(_ node: Node, what: String, range: ClosedRange<Int>? = nil) -> Located<Int>? {
        guard case .scalar(let s) = node, s.style == .plain, let value = Int(s.string) else {
            engine.emit(.wrongKind, "\(what) must be a whole number, found \(describe(node))", at: location(node))
            return nil
        }
        if let range, !range.contains(value) {
            engine.emit(.invalidValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: location(node))
            return nil
        }
        return Located(value, at: location(node))
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, what: String, as _: E.Type) -> Located<E>?
    where E.RawValue == String {
        guard let text = string(node, what: what) else { return nil }
        if let value = E(rawValue: text.value) { return text.map { _ in value } }
        let options = E.allCases.map(\.rawValue)
        engine.emit(
            .invalidValue, "\(what) must be one of \(options.joined(separator: ", ")), found '\(text.value)'",
            at: text.location, hint: Suggestions.hint(for: text.value, in: options))
        return nil
    }

    func sequence(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let s) = node else {
            engine.emit(.wrongKind, "\(what) must be a list, found \(describe(node))", at: location(node))
            return nil
        }
        return Array(s)
    }

    func stringList(_ node: Node, what: String) -> [Located<String>]? {
        sequence(node, what: what)?.compactMap { string($0, what: "each of \(what)") }
    }

    /// The pairs of a text → text mapping, in written order.
    func stringPairs(_ node: Node, what: String, allowEmptyValues: Bool = false) -> [LocatedPair<String>]? {
        guard case .mapping(let mapping) = node else {
            engine.emit(.wrongKind, "\(what) must be a mapping, found \(describe(node))", at: location(node))
            return nil
        }
        return mapping.compactMap { key, value in
            guard let k = string(key, what: "a key of \(what)", allowEmpty: true),
                let v = string(value, what: "'\(k.value)' in \(what)", allowEmpty: allowEmptyValues)
            else { return nil }
            return LocatedPair(key: k, value: v)
        }
    }
}
