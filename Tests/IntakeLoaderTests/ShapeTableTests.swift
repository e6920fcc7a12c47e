import Foundation
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec
import Testing

/// The key tables `intake schema` publishes are the ones the loader walks: a document holding
/// every declared key loads cleanly, and an unknown key at every level of it is reported.
@Suite struct ShapeTableTests {
    /// A sample document using every key of `set` (one of each exactly-one group), optionally
    /// with an unknown key at every fixed-key level; counts those levels.
    static func sample(_ set: KeySet, unknown: Bool, levels: inout Int) -> JSONValue {
        levels += 1
        var members: [String: JSONValue] = [:]
        let skipped = Set(set.exactlyOne.flatMap { $0.dropFirst() })
        for key in set.keys where !skipped.contains(key.name) {
            members[key.name] = value(key.shape, unknown: unknown, levels: &levels)
        }
        if unknown { members["zz_not_a_key"] = .string("x") }
        return .object(members)
    }

    static func value(_ shape: ValueShape, unknown: Bool, levels: inout Int) -> JSONValue {
        switch shape {
        case .text, .catalogue: return .string("x")
        case .textOrEmpty: return .string("")
        case .integer(let low, _): return .int(low ?? 0)
        case .version(let supported): return .int(supported)
        case .boolean: return .bool(true)
        case .choice(let words): return .string(words[0])
        case .list(let element): return .array([value(element, unknown: unknown, levels: &levels)])
        case .map(let element): return .object(["some name": value(element, unknown: unknown, levels: &levels)])
        case .keys(let set): return sample(set, unknown: unknown, levels: &levels)
        case .pattern: return .string("1%")
        // The alternative with fixed keys reaches more levels.
        case .anyOf(let shapes):
            let pick = shapes.first { if case .keys = $0 { true } else { false } } ?? shapes[0]
            return value(pick, unknown: unknown, levels: &levels)
        }
    }

    /// The sample as YAML (JSON is YAML), and its number of fixed-key levels.
    static func yaml(_ set: KeySet, unknown: Bool) throws -> (Data, Int) {
        var levels = 0
        let document = sample(set, unknown: unknown, levels: &levels)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try encoder.encode(document), levels)
    }

    static func load(_ set: KeySet, _ data: Data, into engine: DiagnosticEngine) {
        switch set.id {
        case SpecShape.spec.id: _ = SpecLoader().load(path: "sample.yaml", data: data, into: engine)
        case ModelShape.model.id: _ = ModelLoader().load(path: "sample.yaml", data: data, into: engine)
        default: _ = ProjectConfigLoader().load(path: "sample.yaml", data: data, into: engine)
        }
    }

    static let roots = [SpecShape.spec, ModelShape.model, ConfigShape.config]

    @Test(arguments: roots.map(\.id))
    func aDocumentWithEveryDeclaredKeyLoadsCleanly(_ id: String) throws {
        let set = try #require(Self.roots.first { $0.id == id })
        let (data, _) = try Self.yaml(set, unknown: false)
        let engine = DiagnosticEngine()
        Self.load(set, data, into: engine)
        #expect(engine.diagnostics.isEmpty, "\(String(decoding: data, as: UTF8.self))\n\(engine.diagnostics)")
    }

    @Test(arguments: roots.map(\.id))
    func anUnknownKeyIsReportedAtEveryLevel(_ id: String) throws {
        let set = try #require(Self.roots.first { $0.id == id })
        let (data, levels) = try Self.yaml(set, unknown: true)
        let engine = DiagnosticEngine()
        Self.load(set, data, into: engine)
        let unknown = engine.diagnostics.filter { $0.code == .unknownKey }
        #expect(levels > (id == "config" ? 0 : 5))
        #expect(unknown.count == levels, "\(levels) levels, \(unknown.count) reported: \(engine.diagnostics)")
        #expect(unknown.count == engine.diagnostics.count, "\(engine.diagnostics)")
    }
}
