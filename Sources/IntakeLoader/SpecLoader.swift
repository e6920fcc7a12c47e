import Foundation
import IntakeDiagnostics
import IntakeSpec
import Yams

/// Loads one integration spec (DESIGN §6) into a located `IntegrationSpec`; checks shape only.
public struct SpecLoader {
    /// The newest spec format version this intake reads.
    public static let supportedVersion = SpecShape.version

    private let limits: LoadLimits

    /// Creates a loader.
    public init(limits: LoadLimits = .standard) {
        self.limits = limits
    }

    /// Loads a spec from its bytes; nil when the file is not a readable spec.
    public func load(path: String, data: Data, into engine: DiagnosticEngine) -> IntegrationSpec? {
        guard let (text, root) = YAMLComposer(path: path, limits: limits, engine: engine).compose(data) else { return nil }
        let reader = YAMLReader(path: path, engine: engine)
        guard let fields = reader.fields(root, SpecShape.spec) else { return nil }
        let version = fields.int("version")
        if let version, version.value != Self.supportedVersion {
            engine.emit(
                .unsupportedVersion, "spec format \(version.value) is not supported; this intake reads version: \(Self.supportedVersion)",
                at: version.location, hint: "upgrade intake, or write 'version: 1'")
        }
        let name = fields.text("integration")
        let object = fields.text("object")
        let mode = fields.choice("mode", as: IntegrationMode.self)
        // Read every other key even when a required one is missing, so all mistakes show at once.
        let rest = readOptional(fields, reader)
        guard let name, let object, let mode else { return nil }
        var spec = IntegrationSpec(
            file: SourceFile(path: path, text: text), rootLocation: reader.location(root), name: name, object: object, mode: mode)
        rest(&spec)
        spec.version = version
        return spec
    }

    private func readOptional(_ fields: YAMLReader.Fields, _ reader: YAMLReader) -> (inout IntegrationSpec) -> Void {
        let description = fields.text("description")
        let collection = fields.text("collection")
        let schedule = fields.text("schedule")
        let source = fields.nested("source").flatMap { SourceReader(reader: reader).read($0) }
        let csv = fields.nested("csv").map(csvOptions) ?? CSVOptions()
        let columns = fields.list("columns")?.compactMap { column($0, reader) } ?? []
        let usage = fields.choice("usage_columns", as: UsageColumns.self)
        let defaults = fields["defaults"].flatMap { defaultsSection($0, reader) } ?? []
        let unmapped = fields.choice("unmapped", as: UnmappedPolicy.self)
        let maxRejected = fields["max_rejected_rows"].flatMap { rejectLimit($0, reader, what: "max_rejected_rows") }
        let guards = fields.nested("guards").map(guardsSection)
        let tests = fields.list("tests")?.compactMap { test($0, reader) } ?? []
        let columnsLocation = fields.keyNode("columns").map(reader.location)
        return { spec in
            spec.description = description
            spec.collection = collection
            spec.schedule = schedule
            spec.source = source
            spec.csv = csv
            spec.columns = columns
            spec.columnsLocation = columnsLocation
            spec.usageColumns = usage
            spec.defaults = defaults
            spec.unmapped = unmapped
            spec.maxRejectedRows = maxRejected
            spec.guards = guards
            spec.tests = tests
        }
    }

    private func csvOptions(_ fields: YAMLReader.Fields) -> CSVOptions {
        var options = CSVOptions()
        options.delimiter = fields.text("delimiter")
        options.encoding = fields.text("encoding")
        options.footer = fields.choice("footer", as: CSVOptions.Footer.self)
        return options
    }

    private func column(_ node: Node, _ reader: YAMLReader) -> ColumnMapping? {
        guard let fields = reader.fields(node, SpecShape.column) else { return nil }
        let from = fields.text("from")
        let to = fields.text("to")
        var mapping = ColumnMapping(
            location: reader.location(node), from: from ?? Located("", at: reader.location(node)),
            to: to ?? Located("", at: reader.location(node)))
        mapping.trim = fields.bool("trim")
        mapping.textCase = fields.choice("case", as: TextCase.self)
        if fields["map"] != nil {
            mapping.map = fields.textMap("map")
            mapping.mapLocation = fields.keyNode("map").map(reader.location)
        }
        mapping.pattern = fields.text("pattern")
        if let options = fields.nested("number"), let key = fields.keyNode("number") {
            var number = NumberOptions(location: reader.location(key))
            number.thousands = options.text("thousands")
            number.decimal = options.text("decimal")
            mapping.number = number
        }
        if let options = fields.nested("date"), let key = fields.keyNode("date") {
            mapping.date = DateOptions(
                location: reader.location(key), formats: options.textList("formats") ?? [], timezone: options.text("timezone"))
        }
        guard from != nil, to != nil else { return nil }
        return mapping
    }

    private func defaultsSection(_ node: Node, _ reader: YAMLReader) -> [LocatedPair<DefaultPolicy>]? {
        guard case .mapping(let mapping) = node else {
            reader.engine.emit(.wrongKind, "'defaults' must be a mapping of attribute: policy, found \(reader.describe(node))", at: reader.location(node))
            return nil
        }
        return mapping.compactMap { key, value in
            guard let name = reader.string(key, what: "an attribute name"),
                let policy = DefaultPolicyReader.read(value, reader)
            else { return nil }
            return LocatedPair(key: name, value: policy)
        }
    }

    private func guardsSection(_ fields: YAMLReader.Fields) -> SpecGuards {
        var guards = SpecGuards(location: fields.reader.location(fields.node))
        guards.maxChanged = fields["max_changed"].flatMap { rejectLimit($0, fields.reader, what: "guards.max_changed") }
        guards.maxDeletedValues = fields.int("max_deleted_values", what: "'guards.max_deleted_values'")
        guards.allowNewRecords = fields.bool("allow_new_records", what: "'guards.allow_new_records'")
        return guards
    }

    private func rejectLimit(_ node: Node, _ reader: YAMLReader, what: String) -> Located<RejectLimit>? {
        let location = reader.location(node)
        if case .scalar(let s) = node {
            if s.style == .plain, let count = Int(s.string), count >= 0 { return Located(.count(count), at: location) }
            if s.string.hasSuffix("%"), let percent = Double(s.string.dropLast().trimmingCharacters(in: .whitespaces)),
                (0...100).contains(percent)
            {
                return Located(.percent(percent), at: location)
            }
        }
        reader.engine.emit(
            .invalidValue, "'\(what)' must be a count (0, 25) or a percentage (\"1%\"), found \(reader.describe(node))",
            at: location)
        return nil
    }

    private func test(_ node: Node, _ reader: YAMLReader) -> SpecTest? {
        guard let fields = reader.fields(node, SpecShape.test) else { return nil }
        let name = fields.text("name", what: "the test's 'name'")
        let csv = fields.text("csv")
        let expect = fields.list("expect")?.compactMap {
            reader.stringPairs($0, what: "an expected record", allowEmptyValues: true)
        } ?? []
        let rejects = fields.list("rejects")?.compactMap { item -> ExpectedReject? in
            guard let f = reader.fields(item, SpecShape.expectedReject), let line = f.int("line") else { return nil }
            return ExpectedReject(line: line, code: f.text("code"))
        } ?? []
        guard let name, let csv else { return nil }
        return SpecTest(name: name, csv: csv, expect: expect, rejects: rejects, location: reader.location(node))
    }
}
