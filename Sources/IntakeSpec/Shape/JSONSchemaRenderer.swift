import Foundation

/// Turns a root `KeySet` into a JSON Schema (draft 2020-12) document.
///
/// Every nested key set becomes one `$defs` entry named by its id, so the schema reads like the
/// tables it comes from and an editor can show each level's keys.
public struct JSONSchemaRenderer: Sendable {
    /// Words of catalogues the loader leaves to later stages (`object` → the object kinds).
    public let catalogues: [String: [String]]

    /// Creates a renderer.
    public init(catalogues: [String: [String]] = [:]) {
        self.catalogues = catalogues
    }

    /// The schema of documents whose top level is `root`.
    public func schema(for root: KeySet, title: String, description: String) -> JSONValue {
        var definitions: [String: JSONValue] = [:]
        var document = mapping(root, definitions: &definitions)
        guard case .object(var members) = document else { return document }
        members["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        members["title"] = .string(title)
        members["description"] = .string(description)
        if !definitions.isEmpty { members["$defs"] = .object(definitions) }
        document = .object(members)
        return document
    }

    /// The schema as pretty, sorted JSON with a trailing newline.
    public func render(_ root: KeySet, title: String, description: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding a tree of strings, numbers and booleans cannot fail.
        let data = (try? encoder.encode(schema(for: root, title: title, description: description))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func mapping(_ set: KeySet, definitions: inout [String: JSONValue]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for key in set.keys {
            var property = value(key.shape, definitions: &definitions)
            if let summary = key.summary, case .object(var members) = property {
                members["description"] = .string(summary)
                property = .object(members)
            }
            properties[key.name] = property
        }
        var members: [String: JSONValue] = [
            "type": .string("object"),
            "properties": .object(properties),
            "additionalProperties": .bool(false),
        ]
        let required = set.keys.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { members["required"] = .array(required) }
        // Several groups would need allOf; every table today has at most one.
        if let group = set.exactlyOne.first {
            members["oneOf"] = .array(group.map { .object(["required": .array([.string($0)])]) })
        }
        return .object(members)
    }

    private func value(_ shape: ValueShape, definitions: inout [String: JSONValue]) -> JSONValue {
        switch shape {
        case .text, .textOrEmpty:
            let id = shape == .text ? "text" : "textOrEmpty"
            // The loader reads any non-null scalar as text, so a header like `2024` is fine.
            var members: [String: JSONValue] = [
                "type": .array([.string("string"), .string("number"), .string("boolean")]),
                "description": .string(shape == .text ? "Text; numbers and booleans are read as written." : "Text, possibly empty."),
            ]
            if shape == .text { members["minLength"] = .int(1) }
            definitions[id] = .object(members)
            return .object(["$ref": .string("#/$defs/\(id)")])
        case .integer(let low, let high):
            var members: [String: JSONValue] = ["type": .string("integer")]
            if let low { members["minimum"] = .int(low) }
            if let high { members["maximum"] = .int(high) }
            return .object(members)
        case .version(let supported):
            return .object(["const": .int(supported)])
        case .boolean:
            return .object(["type": .string("boolean")])
        case .choice(let words):
            return .object(["enum": .array(words.map(JSONValue.string))])
        case .catalogue(let name):
            guard let words = catalogues[name] else { return value(.text, definitions: &definitions) }
            return .object(["enum": .array(words.map(JSONValue.string))])
        case .list(let element):
            return .object(["type": .string("array"), "items": value(element, definitions: &definitions)])
        case .map(let element):
            return .object(["type": .string("object"), "additionalProperties": value(element, definitions: &definitions)])
        case .keys(let set):
            if definitions[set.id] == nil {
                // Claimed before recursing, so a set that contains itself would still terminate.
                definitions[set.id] = .object([:])
                definitions[set.id] = mapping(set, definitions: &definitions)
            }
            return .object(["$ref": .string("#/$defs/\(set.id)")])
        case .pattern(let pattern, let meaning):
            return .object(["type": .string("string"), "pattern": .string(pattern), "description": .string(meaning)])
        case .anyOf(let shapes):
            return .object(["anyOf": .array(shapes.map { value($0, definitions: &definitions) })])
        }
    }
}
