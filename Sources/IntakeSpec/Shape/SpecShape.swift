/// The key sets of an integration spec (DESIGN §6), read by the loader and by `intake schema`.
public enum SpecShape {
    /// The spec format version this intake reads.
    public static let version = 1

    /// The top level of a spec.
    public static let spec = KeySet(id: "spec", what: "the spec", keys: [
        .init("version", .version(supported: version), summary: "Spec format version; always 1."),
        .init("integration", .text, required: true, missingHint: "name the integration: 'integration: accounts-crm'",
              summary: "Unique name; must equal the file's name without .yaml."),
        .init("description", .text, summary: "What the feed is, for people."),
        .init("object", .catalogue("object"), required: true, missingHint: "one of: account, user, collection, usage.activity, …",
              summary: "The object kind the file loads."),
        .init("collection", .text, summary: "For object: collection, the model collection."),
        .init("mode", .choice(of: IntegrationMode.self), required: true, missingHint: "one-time or recurring",
              summary: "one-time (run by hand) or recurring (needs schedule)."),
        .init("schedule", .text, summary: "Recurring only: a 5-field cron expression, UTC."),
        .init("source", .keys(source), summary: "Where the file comes from: exactly one of file, http, s3, sftp."),
        .init("csv", .keys(csv), summary: "How the file is written."),
        .init("columns", .list(.keys(column)), summary: "CSV header → system field or model attribute, with coercions."),
        .init("usage_columns", .choice(of: UsageColumns.self), summary: "Aggregated usage: read every Module##Action header, or only listed ones."),
        .init("defaults", .map(ModelShape.defaultPolicy), summary: "Per-integration override of the model's defaults."),
        .init("unmapped", .choice(of: UnmappedPolicy.self), summary: "A header no column names: error or ignore."),
        .init("max_rejected_rows", .anyOf([.integer(min: 0, max: nil), .pattern(percentPattern, meaning: "a percentage such as \"1%\"")]),
              summary: "Rejected rows allowed before the run fails: a count or a percentage."),
        .init("guards", .keys(guards), summary: "Limits plan and apply enforce unless --override-guard NAME."),
        .init("tests", .list(.keys(test)), summary: "Examples run by `intake test`."),
    ])

    /// `guards:`.
    public static let guards = KeySet(id: "guards", what: "'guards'", keys: [
        .init("max_changed", .anyOf([.integer(min: 0, max: nil), .pattern(percentPattern, meaning: "a percentage such as \"5%\"")]),
              summary: "The most records a run may create or update: a count or a percentage of the file's records."),
        .init("max_deleted_values", .integer(min: 0, max: 1_000_000_000), summary: "The most stored attribute values a run may clear."),
        .init("allow_new_records", .boolean, summary: "Whether a run may create records."),
    ])

    /// `source:`.
    public static let source = KeySet(id: "source", what: "'source'", keys: [
        .init("file", .text, summary: "A path relative to the repository root; globs allowed."),
        .init("http", .keys(http)),
        .init("s3", .keys(s3)),
        .init("sftp", .keys(sftp)),
        .init("pick", .choice(of: PickPolicy.self), summary: "When a glob matches several files: newest, or all in name order."),
    ], exactlyOne: [["file", "http", "s3", "sftp"]])

    /// `source: { http: … }`.
    public static let http = KeySet(id: "http", what: "'http'", keys: [
        .init("url", .text, required: true),
        .init("headers", .map(.text), summary: "Request headers; secrets only as ${ENV_NAME}."),
        .init("insecure", .boolean, summary: "Allow plain http://."),
        .init("max_bytes", .integer(min: 1, max: 1 << 40), summary: "The largest download accepted, in bytes (default 2 GiB)."),
    ])

    /// `source: { s3: … }`.
    public static let s3 = KeySet(id: "s3", what: "'s3'", keys: [
        .init("bucket", .text, required: true),
        .init("key", .text),
        .init("prefix", .text),
        .init("region", .text),
        .init("endpoint", .text, summary: "An S3-compatible store's URL (path-style addressing)."),
        .init("insecure", .boolean, summary: "Allow a plain http:// endpoint (credentials and signed requests then travel unencrypted)."),
        .init("pick", .choice(of: PickPolicy.self)),
        .init("access_key_id", .text),
        .init("secret_access_key", .text),
        .init("max_bytes", .integer(min: 1, max: 1 << 40), summary: "The largest download accepted, in bytes (default 2 GiB)."),
    ], exactlyOne: [["key", "prefix"]])

    /// `source: { sftp: … }`.
    public static let sftp = KeySet(id: "sftp", what: "'sftp'", keys: [
        .init("host", .text, required: true),
        .init("port", .anyOf([.integer(min: 1, max: 65535), .pattern("^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$", meaning: "one ${ENV_NAME} reference")])),
        .init("user", .text, required: true),
        .init("path", .text, required: true),
        .init("key", .text),
        .init("password", .text),
        .init("known_hosts", .text),
        .init("allow_unknown_host_key", .boolean),
        .init("pick", .choice(of: PickPolicy.self)),
        .init("max_bytes", .integer(min: 1, max: 1 << 40), summary: "The largest download accepted, in bytes (default 2 GiB)."),
    ])

    /// `csv:`.
    public static let csv = KeySet(id: "csv", what: "'csv'", keys: [
        .init("delimiter", .text, summary: "One character, e.g. \",\" \";\" \"|\" or a tab."),
        .init("encoding", .text, summary: "Only utf-8."),
        .init("footer", .choice(of: CSVOptions.Footer.self), summary: "A trailing report footer: strip or reject."),
    ])

    /// One entry of `columns:`.
    public static let column = KeySet(id: "column", what: "a column mapping", keys: [
        .init("from", .text, required: true, missingHint: "the CSV header to read", summary: "The CSV header, exact spelling."),
        .init("to", .text, required: true, missingHint: "a system field or a model attribute",
              summary: "A system field or a model attribute."),
        .init("trim", .boolean, summary: "Strip surrounding whitespace."),
        .init("case", .choice(of: TextCase.self)),
        .init("map", .map(.text), summary: "Source value → stored value."),
        .init("pattern", .text, summary: "A regular expression the whole value must match."),
        .init("number", .keys(number)),
        .init("date", .keys(date)),
    ])

    /// `number:` of a column.
    public static let number = KeySet(id: "number", what: "'number'", keys: [
        .init("thousands", .text),
        .init("decimal", .text),
    ])

    /// `date:` of a column.
    public static let date = KeySet(id: "date", what: "'date'", keys: [
        .init("formats", .list(.text), summary: "Accepted source patterns, tried in order."),
        .init("timezone", .text, summary: "An IANA zone for values without one; default UTC."),
    ])

    /// One entry of `tests:`.
    public static let test = KeySet(id: "test", what: "a test", keys: [
        .init("name", .text, required: true),
        .init("csv", .text, required: true, missingHint: "inline CSV with its header row, e.g. csv: |"),
        .init("expect", .list(.map(.textOrEmpty)), summary: "The records the rows produce, field → value."),
        .init("rejects", .list(.keys(expectedReject)), summary: "The rows that must be rejected."),
    ])

    /// One entry of a test's `rejects:`.
    public static let expectedReject = KeySet(id: "expectedReject", what: "an expected reject", keys: [
        .init("line", .integer(min: 2, max: nil), required: true),
        .init("code", .text),
    ])

    /// `max_rejected_rows` as a percentage, 0 to 100; the loader reads it the same way.
    static let percentPattern = #"^ *(100(\.0*)?|[0-9]{1,2}(\.[0-9]*)?) *%$"#
}
