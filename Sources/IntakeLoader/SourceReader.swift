import IntakeDiagnostics
import IntakeSpec
import Yams

/// Reads `source:` — exactly one of `file`, `http`, `s3`, `sftp` — checking shape only.
struct SourceReader {
    let reader: YAMLReader

    private static let kinds = ["file", "http", "s3", "sftp"]

    func read(_ node: Node) -> SourceSpec? {
        guard let fields = reader.fields(node, allowed: Self.kinds + ["pick"], what: "'source'") else { return nil }
        let present = Self.kinds.filter { fields[$0] != nil }
        let location = reader.location(node)
        guard present.count == 1, let kind = present.first else {
            reader.engine.emit(
                .invalidSource,
                present.isEmpty ? "'source' names no source" : "'source' names several sources: \(present.joined(separator: ", "))",
                at: location, hint: "give exactly one of file, http, s3, sftp")
            return nil
        }
        let pick = fields["pick"].flatMap { reader.choice($0, what: "'pick'", as: PickPolicy.self) }
        let value = fields[kind]!
        switch kind {
        case "file":
            guard let path = reader.string(value, what: "'file'") else { return nil }
            return .file(FileSource(location: location, path: path, pick: pick))
        case "http":
            return http(value, location, pick)
        case "s3":
            return s3(value, location, pick)
        default:
            return sftp(value, location, pick)
        }
    }

    private func http(_ node: Node, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        guard let f = reader.fields(node, allowed: ["url", "headers", "insecure"], what: "'http'"),
            let url = f.require("url").flatMap({ reader.string($0, what: "'url'") })
        else { return nil }
        misplacedPick(pick, kind: "http")
        var source = HTTPSource(location: location, url: url)
        source.headers = f["headers"].flatMap { reader.stringPairs($0, what: "'headers'") } ?? []
        source.insecure = f["insecure"].flatMap { reader.bool($0, what: "'insecure'") }
        return .http(source)
    }

    private func s3(_ node: Node, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        let keys = ["bucket", "key", "prefix", "region", "endpoint", "pick", "access_key_id", "secret_access_key"]
        guard let f = reader.fields(node, allowed: keys, what: "'s3'"),
            let bucket = f.require("bucket").flatMap({ reader.string($0, what: "'bucket'") })
        else { return nil }
        var source = S3Source(location: location, bucket: bucket)
        source.key = f["key"].flatMap { reader.string($0, what: "'key'") }
        source.prefix = f["prefix"].flatMap { reader.string($0, what: "'prefix'") }
        source.region = f["region"].flatMap { reader.string($0, what: "'region'") }
        source.endpoint = f["endpoint"].flatMap { reader.string($0, what: "'endpoint'") }
        source.pick = f["pick"].flatMap { reader.choice($0, what: "'pick'", as: PickPolicy.self) } ?? pick
        source.accessKeyID = f["access_key_id"].flatMap { reader.string($0, what: "'access_key_id'") }
        source.secretAccessKey = f["secret_access_key"].flatMap { reader.string($0, what: "'secret_access_key'") }
        if (source.key == nil) == (source.prefix == nil) {
            reader.engine.emit(.invalidSource, "'s3' needs exactly one of 'key' or 'prefix'", at: reader.location(node))
        }
        return .s3(source)
    }

    private func sftp(_ node: Node, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        let keys = ["host", "port", "user", "path", "key", "password", "known_hosts", "allow_unknown_host_key", "pick"]
        guard let f = reader.fields(node, allowed: keys, what: "'sftp'") else { return nil }
        let host = f.require("host").flatMap { reader.string($0, what: "'host'") }
        let user = f.require("user").flatMap { reader.string($0, what: "'user'") }
        let path = f.require("path").flatMap { reader.string($0, what: "'path'") }
        guard let host, let user, let path else { return nil }
        var source = SFTPSource(location: location, host: host, user: user, path: path)
        source.port = f["port"].flatMap { reader.int($0, what: "'port'", range: 1...65535) }
        source.key = f["key"].flatMap { reader.string($0, what: "'key'") }
        source.password = f["password"].flatMap { reader.string($0, what: "'password'") }
        source.knownHosts = f["known_hosts"].flatMap { reader.string($0, what: "'known_hosts'") }
        source.allowUnknownHostKey = f["allow_unknown_host_key"].flatMap { reader.bool($0, what: "'allow_unknown_host_key'") }
        source.pick = f["pick"].flatMap { reader.choice($0, what: "'pick'", as: PickPolicy.self) } ?? pick
        return .sftp(source)
    }

    private func misplacedPick(_ pick: Located<PickPolicy>?, kind: String) {
        if let pick {
            reader.engine.emit(.invalidSource, "'pick' does not apply to an \(kind) source, which names one file", at: pick.location)
        }
    }
}
