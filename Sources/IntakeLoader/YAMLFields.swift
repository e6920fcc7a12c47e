import IntakeDiagnostics
import IntakeSpec
import Yams

extension YAMLReader {
    /// A mapping checked against its `KeySet`: unknown keys have been reported; reads of known
    /// keys take their shape and required-ness from the same table `intake schema` publishes.
    struct Fields {
        let reader: YAMLReader
        let node: Node
        let keys: KeySet
        let what: String
        private var values: [String: (key: Node, value: Node)] = [:]

        init(reader: YAMLReader, node: Node, mapping: Node.Mapping, keys: KeySet, what: String) {
            self.reader = reader
            self.node = node
            self.keys = keys
            self.what = what
            let allowed = keys.names
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    reader.engine.emit(
                        .wrongKind, "keys in \(what) must be plain text, found \(reader.describe(key))",
                        at: reader.location(key))
                    continue
                }
                if allowed.contains(name) {
                    values[name] = (key, value)
                } else {
                    reader.engine.emit(
                        .unknownKey, "unknown key '\(name)' in \(what)", at: reader.location(key),
                        hint: Suggestions.hint(for: name, in: allowed)
                            ?? "allowed keys: \(allowed.joined(separator: ", "))")
                }
            }
        }

        /// The declared shape of `key`; asking for an undeclared key is a bug in the loader.
        func shape(_ key: String) -> ValueShape {
            guard let declared = keys[key] else { preconditionFailure("'\(key)' is not declared in key set '\(keys.id)'") }
            return declared.shape
        }

        /// The value of `key` as written, whatever the table says about it.
        subscript(_ key: String) -> Node? {
            _ = shape(key)
            return values[key]?.value
        }

        /// The key node, for diagnostics about the key rather than its value.
        func keyNode(_ key: String) -> Node? { values[key]?.key }

        /// The value of `key`; a missing required key is reported with the table's hint.
        func value(_ key: String) -> Node? {
            _ = shape(key)
            if let value = values[key]?.value { return value }
            if let declared = keys[key], declared.required {
                reader.engine.emit(
                    .missingKey, "\(what) is missing required key '\(key)'", at: reader.location(node), hint: declared.missingHint)
            }
            return nil
        }

        /// A text value (`.text`, `.textOrEmpty` or `.catalogue`).
        func text(_ key: String, what label: String? = nil) -> Located<String>? {
            let shape = shape(key)
            assert([.text, .textOrEmpty].contains(shape) || { if case .catalogue = shape { true } else { false } }(), "'\(key)' is not text")
            return value(key).flatMap { reader.string($0, what: label ?? "'\(key)'", allowEmpty: shape == .textOrEmpty) }
        }

        /// A `true`/`false` value.
        func bool(_ key: String, what label: String? = nil) -> Located<Bool>? {
            assert(shape(key) == .boolean, "'\(key)' is not boolean")
            return value(key).flatMap { reader.bool($0, what: label ?? "'\(key)'") }
        }

        /// A whole number within the table's bounds, or a format version.
        func int(_ key: String, what label: String? = nil) -> Located<Int>? {
            var range: ClosedRange<Int>?
            switch shape(key) {
            case .integer(let low, let high): range = (low ?? Int.min)...(high ?? Int.max)
            case .version: range = nil
            default: preconditionFailure("'\(key)' is not a number")
            }
            return value(key).flatMap { reader.int($0, what: label ?? "'\(key)'", range: range) }
        }

        /// One of an enum's words; the table must declare exactly that enum's words.
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, what label: String? = nil, as type: E.Type) -> Located<E>?
        where E.RawValue == String {
            assert(shape(key) == .choice(of: type), "'\(key)' does not declare the words of \(type)")
            return value(key).flatMap { reader.choice($0, what: label ?? "'\(key)'", as: type) }
        }

        /// A list, element shapes left to the caller.
        func list(_ key: String) -> [Node]? {
            guard case .list = shape(key) else { preconditionFailure("'\(key)' is not a list") }
            return value(key).flatMap { reader.sequence($0, what: "'\(key)'") }
        }

        /// A list of text.
        func textList(_ key: String) -> [Located<String>]? {
            assert(shape(key) == .list(.text), "'\(key)' is not a list of text")
            return value(key).flatMap { reader.stringList($0, what: "'\(key)'") }
        }

        /// A text → text mapping.
        func textMap(_ key: String) -> [LocatedPair<String>]? {
            assert(shape(key) == .map(.text), "'\(key)' is not a text mapping")
            return value(key).flatMap { reader.stringPairs($0, what: "'\(key)'") }
        }

        /// A nested mapping checked against its own key set.
        func nested(_ key: String, what label: String? = nil) -> Fields? {
            guard case .keys(let set) = shape(key) else { preconditionFailure("'\(key)' is not a mapping") }
            return value(key).flatMap { reader.fields($0, set, what: label ?? "'\(key)'") }
        }
    }
}
