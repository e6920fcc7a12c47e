import IntakeDiagnostics

/// Which files of a glob or prefix a run takes.
public enum PickPolicy: String, Sendable, CaseIterable, Codable {
    /// The most recently modified match.
    case newest
    /// Every match, in name order, one run each.
    case all
}

/// Where an integration's file comes from (DESIGN §6); fetching comes with the sources stage.
public enum SourceSpec: Sendable {
    /// A path or glob relative to the repository.
    case file(FileSource)
    /// An HTTP(S) URL.
    case http(HTTPSource)
    /// An S3 object or prefix.
    case s3(S3Source)
    /// A path or glob on an SFTP server.
    case sftp(SFTPSource)

    /// Where `source:` is written.
    public var location: SourceLocation {
        switch self {
        case .file(let s): s.location
        case .http(let s): s.location
        case .s3(let s): s.location
        case .sftp(let s): s.location
        }
    }
}

/// `source: { file: …, pick: … }`.
public struct FileSource: Sendable {
    /// Where `source:` is written.
    public var location: SourceLocation
    /// The path or glob.
    public var path: Located<String>
    /// Which matches to take.
    public var pick: Located<PickPolicy>?

    /// Creates a file source.
    public init(location: SourceLocation, path: Located<String>, pick: Located<PickPolicy>? = nil) {
        self.location = location
        self.path = path
        self.pick = pick
    }
}

/// `source: { http: { url, headers, insecure } }`.
public struct HTTPSource: Sendable {
    /// Where `source:` is written.
    public var location: SourceLocation
    /// The URL.
    public var url: Located<String>
    /// Request headers; secret values only as `${ENV}`.
    public var headers: [LocatedPair<String>] = []
    /// Allow plain `http://`.
    public var insecure: Located<Bool>?
    /// The largest download accepted, in bytes.
    public var maxBytes: Located<Int>?

    /// Creates an HTTP source.
    public init(location: SourceLocation, url: Located<String>) {
        self.location = location
        self.url = url
    }
}

/// `source: { s3: { bucket, key | prefix, region, endpoint, pick } }`.
public struct S3Source: Sendable {
    /// Where `source:` is written.
    public var location: SourceLocation
    /// The bucket.
    public var bucket: Located<String>
    /// One object key.
    public var key: Located<String>?
    /// A key prefix, with `pick`.
    public var prefix: Located<String>?
    /// The region.
    public var region: Located<String>?
    /// An S3-compatible endpoint URL.
    public var endpoint: Located<String>?
    /// Allow a plain `http://` endpoint.
    public var insecure: Located<Bool>?
    /// Which objects of a prefix to take.
    public var pick: Located<PickPolicy>?
    /// Access key id, only as `${ENV}`.
    public var accessKeyID: Located<String>?
    /// Secret access key, only as `${ENV}`.
    public var secretAccessKey: Located<String>?
    /// The largest download accepted, in bytes.
    public var maxBytes: Located<Int>?

    /// Creates an S3 source.
    public init(location: SourceLocation, bucket: Located<String>) {
        self.location = location
        self.bucket = bucket
    }
}

/// `source: { sftp: { host, port, user, path, key, password, known_hosts, … } }`.
public struct SFTPSource: Sendable {
    /// Where `source:` is written.
    public var location: SourceLocation
    /// The host name.
    public var host: Located<String>
    /// The port, 22 unless given.
    public var port: Located<Int>?
    /// The port as one `${ENV}` reference, instead of a number.
    public var portVariable: Located<String>?
    /// The user name.
    public var user: Located<String>
    /// The remote path or glob.
    public var path: Located<String>
    /// A private-key file path.
    public var key: Located<String>?
    /// A password, only as `${ENV}`.
    public var password: Located<String>?
    /// A known_hosts file path.
    public var knownHosts: Located<String>?
    /// Accept a host key not in known_hosts.
    public var allowUnknownHostKey: Located<Bool>?
    /// Which matches of a glob to take.
    public var pick: Located<PickPolicy>?
    /// The largest download accepted, in bytes.
    public var maxBytes: Located<Int>?

    /// Creates an SFTP source.
    public init(location: SourceLocation, host: Located<String>, user: Located<String>, path: Located<String>) {
        self.location = location
        self.host = host
        self.user = user
        self.path = path
    }
}
