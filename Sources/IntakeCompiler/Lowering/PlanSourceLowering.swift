import IntakeSpec

/// Lowers `source:` into the plan's flat, sorted form: every setting the fetcher needs, with
/// secrets still as `${ENV}` references (the checks refuse them in plain text).
enum PlanSourceLowering {
    static func lower(_ source: SourceSpec) -> PlanSource {
        switch source {
        case .file(let f):
            return PlanSource(kind: "file", location: f.path.value, pick: (f.pick?.value ?? .newest).rawValue, options: [])
        case .http(let h):
            var options = h.headers.map { PlanSource.Option(name: "header.\($0.key.value)", value: $0.value.value) }
            options.append(.init(name: "insecure", value: String(h.insecure?.value ?? false)))
            if let max = h.maxBytes { options.append(.init(name: "max_bytes", value: String(max.value))) }
            // The URL as written: its secrets can only be ${ENV} references, which the fetcher fills in.
            return PlanSource(kind: "http", location: h.url.value, pick: nil, options: sorted(options))
        case .s3(let s):
            let path = s.key?.value ?? s.prefix?.value ?? ""
            var options: [PlanSource.Option] = [.init(name: "bucket", value: s.bucket.value)]
            if let region = s.region { options.append(.init(name: "region", value: region.value)) }
            if let endpoint = s.endpoint { options.append(.init(name: "endpoint", value: SecretRules.redacted(endpoint.value))) }
            if s.insecure?.value == true { options.append(.init(name: "insecure", value: "true")) }
            if let key = s.accessKeyID { options.append(.init(name: "access_key_id", value: key.value)) }
            if let secret = s.secretAccessKey { options.append(.init(name: "secret_access_key", value: secret.value)) }
            if let max = s.maxBytes { options.append(.init(name: "max_bytes", value: String(max.value))) }
            options.append(.init(name: s.key != nil ? "key" : "prefix", value: path))
            return PlanSource(
                kind: "s3", location: "s3://\(s.bucket.value)/\(path)", pick: s.prefix != nil ? (s.pick?.value ?? .newest).rawValue : nil,
                options: sorted(options))
        case .sftp(let s):
            let port = s.portVariable?.value ?? String(s.port?.value ?? 22)
            var options: [PlanSource.Option] = [
                .init(name: "allow_unknown_host_key", value: String(s.allowUnknownHostKey?.value ?? false)),
                .init(name: "host", value: s.host.value), .init(name: "port", value: port), .init(name: "user", value: s.user.value),
                .init(name: "path", value: s.path.value),
            ]
            if let key = s.key { options.append(.init(name: "key", value: key.value)) }
            if let password = s.password { options.append(.init(name: "password", value: password.value)) }
            if let knownHosts = s.knownHosts { options.append(.init(name: "known_hosts", value: knownHosts.value)) }
            if let max = s.maxBytes { options.append(.init(name: "max_bytes", value: String(max.value))) }
            let path = s.path.value.hasPrefix("/") ? s.path.value : "/" + s.path.value
            return PlanSource(
                kind: "sftp", location: "sftp://\(s.user.value)@\(s.host.value):\(port)\(path)",
                pick: (s.pick?.value ?? .newest).rawValue, options: sorted(options))
        }
    }

    private static func sorted(_ options: [PlanSource.Option]) -> [PlanSource.Option] {
        options.sorted { $0.name < $1.name }
    }
}
