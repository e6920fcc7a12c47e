import Foundation
import IntakeDiagnostics
import IntakeSpec
import Yams

/// Loads `model.yaml` (DESIGN §4) into a located `DataModel`; checks shape only.
public struct ModelLoader {
    /// The newest model format version this intake reads.
    public static let supportedVersion = ModelShape.version

    private let limits: LoadLimits

    /// Creates a loader.
    public init(limits: LoadLimits = .standard) {
        self.limits = limits
    }

    /// Loads a model from its bytes; nil when the file is not a readable model.
    public func load(path: String, data: Data, into engine: DiagnosticEngine) -> DataModel? {
        guard let (text, root) = YAMLComposer(path: path, limits: limits, engine: engine).compose(data) else { return nil }
        let reader = YAMLReader(path: path, engine: engine)
        guard let fields = reader.fields(root, ModelShape.model) else { return nil }
        var model = DataModel(file: SourceFile(path: path, text: text))
        if let version = fields.int("model"),
            version.value != Self.supportedVersion
        {
            engine.emit(
                .unsupportedVersion, "model format \(version.value) is not supported; this intake reads model: \(Self.supportedVersion)",
                at: version.location, hint: "upgrade intake, or write 'model: 1'")
        }
        if let node = fields["account"] { model.account = objectAttributes(node, what: "'account'", reader) }
        if let node = fields["user"] { model.user = objectAttributes(node, what: "'user'", reader) }
        if let node = fields["collections"] { model.collections = collections(node, reader) }
        model.roles = fields.textList("roles") ?? []
        model.licenses = fields.textList("licenses") ?? []
        if let task = fields.nested("task") {
            model.taskPriorities = task.textList("priorities") ?? []
            model.taskStatuses = task.textList("statuses") ?? []
        }
        if let touchpoint = fields.nested("touchpoint") {
            model.touchpointTypes = touchpoint.textList("types") ?? []
        }
        return model
    }

    private func collections(_ node: Node, _ reader: YAMLReader) -> [ModelCollection] {
        guard case .mapping(let mapping) = node else {
            reader.engine.emit(.wrongKind, "'collections' must be a mapping of names, found \(reader.describe(node))", at: reader.location(node))
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = reader.string(key, what: "a collection name") else { return nil }
            return ModelCollection(name: name, attributes: objectAttributes(value, what: "collection '\(name.value)'", reader))
        }
    }

    private func objectAttributes(_ node: Node, what: String, _ reader: YAMLReader) -> [ModelAttribute] {
        guard let fields = reader.fields(node, ModelShape.object, what: what),
            let attributes = fields["attributes"]
        else { return [] }
        guard case .mapping(let mapping) = attributes else {
            reader.engine.emit(.wrongKind, "'attributes' must be a mapping, found \(reader.describe(attributes))", at: reader.location(attributes))
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = reader.string(key, what: "an attribute name") else { return nil }
            return attribute(name, value, reader)
        }
    }

    private func attribute(_ name: Located<String>, _ node: Node, _ reader: YAMLReader) -> ModelAttribute? {
        let what = "attribute '\(name.value)'"
        guard let fields = reader.fields(node, ModelShape.attribute, what: what),
            let type = fields.choice("type", what: "the type of \(what)", as: AttributeType.self)
        else { return nil }
        var attribute = ModelAttribute(name: name, type: type)
        if let values = fields["values"] {
            attribute.values = reader.stringList(values, what: "'values'")
            attribute.valuesLocation = reader.location(values)
        }
        _ = fields.text("description")
        if let node = fields["default"] { attribute.defaultPolicy = DefaultPolicyReader.read(node, reader) }
        return attribute
    }
}

/// Reads `delete`, `keep`, `today` or `{ value: X }`.
enum DefaultPolicyReader {
    static func read(_ node: Node, _ reader: YAMLReader) -> Located<DefaultPolicy>? {
        if case .mapping = node {
            guard let fields = reader.fields(node, ModelShape.fixedDefault), let value = fields.text("value", what: "the default value")
            else { return nil }
            return Located(.value(value.value), at: reader.location(node))
        }
        guard let word = reader.string(node, what: "a default") else { return nil }
        if let policy = DefaultPolicy.Word(rawValue: word.value) {
            switch policy {
            case .delete: return word.map { _ in .delete }
            case .keep: return word.map { _ in .keep }
            case .today: return word.map { _ in .today }
            }
        }
        let words = DefaultPolicy.Word.allCases.map(\.rawValue)
        reader.engine.emit(
            .invalidValue, "a default must be \(words.joined(separator: ", ")) or { value: X }, found '\(word.value)'",
            at: word.location, hint: Suggestions.hint(for: word.value, in: words) ?? "to set a fixed value write { value: \(word.value) }")
        return nil
    }
}
