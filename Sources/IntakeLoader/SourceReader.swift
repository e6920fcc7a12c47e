import IntakeDiagnostics
import IntakeSpec
import Yams

/// Reads `source:` — exactly one of `file`, `http`, `s3`, `sftp` — checking shape only.
struct SourceReader {
    let reader: YAMLReader

    private static let kinds = SpecShape.source.exactlyOne[0]

    func read(_ fields: YAMLReader.Fields) -> SourceSpec? {
        let present = Self.kinds.filter { fields[$0] != nil }
        let location = reader.location(fields.node)
        guard present.count == 1, let kind = present.first else {
            reader.engine.emit(
                .invalidSource,
                present.isEmpty ? "'source' names no source" : "'source' names several sources: \(present.joined(separator: ", "))",
                at: location, hint: "give exactly one of file, http, s3, sftp")
            return nil
        }
        let pick = fields.choice("pick", as: PickPolicy.self)
        switch kind {
        case "file":
            guard let path = fields.text("file") else { return nil }
            return .file(FileSource(location: location, path: path, pick: pick))
        case "http":
            return fields.nested("http").flatMap { http($0, location, pick) }
        case "s3":
            return fields.nested("s3").flatMap { s3($0, location, pick) }
        default:
            return fields.nested("sftp").flatMap { sftp($0, location, pick) }
        }
    }

    private func http(_ f: YAMLReader.Fields, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        guard let url = f.text("url") else { return nil }
        misplacedPick(pick, kind: "http")
        var source = HTTPSource(location: location, url: url)
        source.headers = f.textMap("headers") ?? []
        source.insecure = f.bool("insecure")
        source.maxBytes = f.int("max_bytes")
        return .http(source)
    }

    private func s3(_ f: YAMLReader.Fields, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        guard let bucket = f.text("bucket") else { return nil }
        var source = S3Source(location: location, bucket: bucket)
        source.key = f.text("key")
        source.prefix = f.text("prefix")
        source.region = f.text("region")
        source.endpoint = f.text("endpoint")
        source.insecure = f.bool("insecure")
        source.pick = f.choice("pick", as: PickPolicy.self) ?? pick
        source.accessKeyID = f.text("access_key_id")
        source.secretAccessKey = f.text("secret_access_key")
        source.maxBytes = f.int("max_bytes")
        if (source.key == nil) == (source.prefix == nil) {
            reader.engine.emit(.invalidSource, "'s3' needs exactly one of 'key' or 'prefix'", at: reader.location(f.node))
        }
        return .s3(source)
    }

    private func sftp(_ f: YAMLReader.Fields, _ location: SourceLocation, _ pick: Located<PickPolicy>?) -> SourceSpec? {
        let host = f.text("host")
        let user = f.text("user")
        let path = f.text("path")
        guard let host, let user, let path else { return nil }
        var source = SFTPSource(location: location, host: host, user: user, path: path)
        if let port = f["port"] {
            // A number, or one ${ENV} reference (a test server's port, say).
            if let text = port.scalar?.string, text.hasPrefix("${") {
                source.portVariable = reader.string(port, what: "'port'")
            } else {
                source.port = reader.int(port, what: "'port'", range: 1...65535)
            }
        }
        source.key = f.text("key")
        source.password = f.text("password")
        source.knownHosts = f.text("known_hosts")
        source.allowUnknownHostKey = f.bool("allow_unknown_host_key")
        source.pick = f.choice("pick", as: PickPolicy.self) ?? pick
        source.maxBytes = f.int("max_bytes")
        return .sftp(source)
    }

    private func misplacedPick(_ pick: Located<PickPolicy>?, kind: String) {
        if let pick {
            reader.engine.emit(.invalidSource, "'pick' does not apply to an \(kind) source, which names one file", at: pick.location)
        }
    }
}
