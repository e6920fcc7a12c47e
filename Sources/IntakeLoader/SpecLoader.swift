import Foundation
import IntakeDiagnostics
import IntakeSpec
import Yams

/// Loads one integration spec (DESIGN §6) into a located `IntegrationSpec`; checks shape only.
public struct SpecLoader {
    /// The newest spec format version this intake reads.
    public static let supportedVersion = 1

    /// Every top-level key a spec may have.
    public static let topLevelKeys = [
        "version", "integration", "description", "object", "collection", "mode", "schedule", "source", "csv",
        "columns", "usage_columns", "defaults", "unmapped", "max_rejected_rows", "guards", "tests",
    ]
    /// Every key of a `columns:` entry.
    public static let columnKeys = ["from", "to", "trim", "case", "map", "pattern", "number", "date"]

    private let limits: LoadLimits

    /// Creates a loader.
    public init(limits: LoadLimits = .standard) {
        self.limits = limits
    }

    /// Loads a spec from its bytes; nil when the file is not a readable spec.
    public func load(path: String, data: Data, into engine: DiagnosticEngine) -> IntegrationSpec? {
        guard let (text, root) = YAMLComposer(path: path, limits: limits, engine: engine).compose(data) else { return nil }
        let reader = YAMLReader(path: path, engine: engine)
        guard let fields = reader.fields(root, allowed: Self.topLevelKeys, what: "the spec") else { return nil }
        let version = fields["version"].flatMap { reader.int($0, what: "'version'") }
        if let version, version.value != Self.supportedVersion {
            engine.emit(
                .unsupportedVersion, "spec format \(version.value) is not supported; this intake reads version: \(Self.supportedVersion)",
                at: version.location, hint: "upgrade intake, or write 'version: 1'")
        }
        let name = fields.require("integration", hint: "name the integration: 'integration: accounts-crm'")
            .flatMap { reader.string($0, what: "'integration'") }
        let object = fields.require("object", hint: "one of: account, user, collection, usage.activity, …")
            .flatMap { reader.string($0, what: "'object'") }
        let mode = fields.require("mode", hint: "one-time or recurring").flatMap { reader.choice($0, what: "'mode'", as: IntegrationMode.self) }
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
        let description = fields["description"].flatMap { reader.string($0, what: "'description'") }
        let collection = fields["collection"].flatMap { reader.string($0, what: "'collection'") }
        let schedule = fields["schedule"].flatMap { reader.string($0, what: "'schedule'") }
        let source = fields["source"].flatMap { SourceReader(reader: reader).read($0) }
        let csv = fields["csv"].map { csvOptions($0, reader) } ?? CSVOptions()
        let columns = fields["columns"].flatMap { reader.sequence($0, what: "'columns'") }?.compactMap { column($0, reader) } ?? []
        let usage = fields["usage_columns"].flatMap { reader.choice($0, what: "'usage_columns'", as: UsageColumns.self) }
        let defaults = fields["defaults"].flatMap { defaultsSection($0, reader) } ?? []
        let unmapped = fields["unmapped"].flatMap { reader.choice($0, what: "'unmapped'", as: UnmappedPolicy.self) }
        let maxRejected = fields["max_rejected_rows"].flatMap { rejectLimit($0, reader, what: "max_rejected_rows") }
        let guards = fields["guards"].flatMap { guardsSection($0, reader) }
        let tests = fields["tests"].flatMap { reader.sequence($0, what: "'tests'") }?.compactMap { test($0, reader) } ?? []
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

    private func csvOptions(_ node: Node, _ reader: YAMLReader) -> CSVOptions {
        var options = CSVOptions()
        guard let fields = reader.fields(node, allowed: ["delimiter", "encoding", "footer"], what: "'csv'") else { return options }
        options.delimiter = fields["delimiter"].flatMap { reader.string($0, what: "'delimiter'") }
        options.encoding = fields["encoding"].flatMap { reader.string($0, what: "'encoding'") }
        options.footer = fields["footer"].flatMap { reader.choice($0, what: "'footer'", as: CSVOptions.Footer.self) }
        return options
    }

    private func column(_ node: Node, _ reader: YAMLReader) -> ColumnMapping? {
        guard let fields = reader.fields(node, allowed: Self.columnKeys, what: "a column mapping") else { return nil }
        let from = fields.require("from", hint: "the CSV header to read").flatMap { reader.string($0, what: "'from'") }
        let to = fields.require("to", hint: "a system field or a model attribute").flatMap { reader.string($0, what: "'to'") }
        var mapping = ColumnMapping(
            location: reader.location(node), from: from ?? Located("", at: reader.location(node)),
            to: to ?? Located("", at: reader.location(node)))
        mapping.trim = fields["trim"].flatMap { reader.bool($0, what: "'trim'") }
        mapping.textCase = fields["case"].flatMap { reader.choice($0, what: "'case'", as: TextCase.self) }
        if let map = fields["map"] {
            mapping.map = reader.stringPairs(map, what: "'map'")
            mapping.mapLocation = fields.keyNode("map").map(reader.location)
        }
        mapping.pattern = fields["pattern"].flatMap { reader.string($0, what: "'pattern'") }
        if let node = fields["number"], let options = reader.fields(node, allowed: ["thousands", "decimal"], what: "'number'") {
            var number = NumberOptions(location: reader.location(fields.keyNode("number") ?? node))
            number.thousands = options["thousands"].flatMap { reader.string($0, what: "'thousands'") }
            number.decimal = options["decimal"].flatMap { reader.string($0, what: "'decimal'") }
            mapping.number = number
        }
        if let node = fields["date"], let options = reader.fields(node, allowed: ["formats", "timezone"], what: "'date'") {
            mapping.date = DateOptions(
                location: reader.location(fields.keyNode("date") ?? node),
                formats: options["formats"].flatMap { reader.stringList($0, what: "'formats'") } ?? [],
                timezone: options["timezone"].flatMap { reader.string($0, what: "'timezone'") })
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

    private func guardsSection(_ node: Node, _ reader: YAMLReader) -> SpecGuards? {
        guard let fields = reader.fields(node, allowed: SpecGuards.names, what: "'guards'") else { return nil }
        var guards = SpecGuards(location: reader.location(node))
        guards.maxChanged = fields["max_changed"].flatMap { rejectLimit($0, reader, what: "guards.max_changed") }
        guards.maxDeletedValues = fields["max_deleted_values"].flatMap { reader.int($0, what: "'guards.max_deleted_values'", range: 0...1_000_000_000) }
        guards.allowNewRecords = fields["allow_new_records"].flatMap { reader.bool($0, what: "'guards.allow_new_records'") }
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
        guard let fields = reader.fields(node, allowed: ["name", "csv", "expect", "rejects"], what: "a test") else { return nil }
        let name = fields.require("name").flatMap { reader.string($0, what: "the test's 'name'") }
        let csv = fields.require("csv", hint: "inline CSV with its header row, e.g. csv: |").flatMap { reader.string($0, what: "'csv'") }
        let expect = fields["expect"].flatMap { reader.sequence($0, what: "'expect'") }?.compactMap {
            reader.stringPairs($0, what: "an expected record", allowEmptyValues: true)
        } ?? []
        let rejects = fields["rejects"].flatMap { reader.sequence($0, what: "'rejects'") }?.compactMap { item -> ExpectedReject? in
            guard let f = reader.fields(item, allowed: ["line", "code"], what: "an expected reject"),
                let line = f.require("line").flatMap({ reader.int($0, what: "'line'", range: 2...Int.max) })
            else { return nil }
            return ExpectedReject(line: line, code: f["code"].flatMap { reader.string($0, what: "'code'") })
        } ?? []
        guard let name, let csv else { return nil }
        return SpecTest(name: name, csv: csv, expect: expect, rejects: rejects, location: reader.location(node))
    }
}
