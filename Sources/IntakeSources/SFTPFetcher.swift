import CCurl
import Foundation
import IntakeCompiler
#if canImport(Glibc)
import Glibc
#endif

/// Downloads an `sftp:` source: one path, or the newest (or every) match of a glob in its last
/// component; logs in with a key file or a password and checks the host key against known_hosts.
struct SFTPFetcher {
    let source: PlanSource
    let environment: EnvironmentValues
    let transport: Transport
    let folder: DownloadFolder
    let maxBytes: Int64

    func fetch() throws(FetchFailure) -> [FetchedFile] {
        let host = try environment.expand(source.option("host") ?? "", field: "host")
        let portText = try environment.expand(source.option("port") ?? "22", field: "port")
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw FetchFailure(.fetchRefused, "sftp port '\(portText)' is not a number from 1 to 65535", hint: "check the variable the spec's 'port' names")
        }
        let user = try environment.expand(source.option("user") ?? "", field: "user")
        let path = try environment.expand(source.option("path") ?? "", field: "path")
        let login = try self.login(host: host, port: port)
        transport.protocols = "sftp"
        transport.hostKeys = login.policy
        let base = "sftp://\(host):\(port)"
        let display = { (remote: String) in "sftp://\(user)@\(host):\(port)\(remote.hasPrefix("/") ? "" : "/")\(remote)" }
        let configure = { (curl: CurlHandle) in
            curl.set(CURLOPT_USERNAME, user)
            var methods = 0
            if let key = login.keyFile {
                curl.set(CURLOPT_SSH_PRIVATE_KEYFILE, key)
                methods |= Int(CURLSSH_AUTH_PUBLICKEY)
            }
            if let password = login.password {
                curl.set(CURLOPT_PASSWORD, password)
                methods |= Int(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD)
            }
            curl.set(CURLOPT_SSH_AUTH_TYPES, methods)
            if let knownHosts = login.knownHosts { curl.set(CURLOPT_SSH_KNOWNHOSTS, knownHosts) }
        }
        let remote = path.hasPrefix("/") ? path : "/~/" + path
        let name = (remote as NSString).lastPathComponent
        var targets = [remote]
        if name.contains(where: { "*?[".contains($0) }) {
            targets = try matches(of: remote, base: base, display: display, configure: configure)
            if source.pick != "all" {
                targets = [try newest(targets, base: base, display: display, configure: configure)]
            }
        }
        return try targets.map { target throws(FetchFailure) in
            var request = Transport.Request(url: base + Self.encode(target), display: display(target), maxBytes: maxBytes)
            request.configure = configure
            let (file, response) = try folder.download(request, as: target, with: transport) { _ throws(FetchFailure) in }
            let mtime = response.fileTime.map { ", modified \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval($0))))" } ?? ""
            return FetchedFile(url: file, source: display(target), object: target + mtime, size: response.bytes, sha256: response.sha256)
        }
    }

    /// The key file, password and known_hosts file, each checked before connecting.
    private func login(host: String, port: Int) throws(FetchFailure) -> (keyFile: String?, password: String?, knownHosts: String?, policy: HostKeyPolicy) {
        let home = environment.variables["HOME"] ?? NSHomeDirectory()
        let keyFile = try source.option("key").map { k throws(FetchFailure) in Self.tilde(try environment.expand(k, field: "key"), home: home) }
        let password = try source.option("password").map { p throws(FetchFailure) in try environment.expand(p, field: "password", secret: true) }
        if let keyFile, !FileManager.default.isReadableFile(atPath: keyFile) {
            throw FetchFailure(.fetchUnauthorized, "the SSH key file '\(keyFile)' does not exist or cannot be read", hint: "check the spec's 'key'")
        }
        if keyFile == nil && password == nil {
            throw FetchFailure(.fetchUnauthorized, "no way to log in to \(host):\(port)", hint: "give 'key' (a private key file) or 'password: ${ENV_NAME}'")
        }
        let allowUnknown = source.option("allow_unknown_host_key") == "true"
        let knownHosts = Self.tilde(try environment.expand(source.option("known_hosts") ?? "~/.ssh/known_hosts", field: "known_hosts"), home: home)
        let exists = FileManager.default.isReadableFile(atPath: knownHosts)
        if !exists && !allowUnknown {
            throw FetchFailure(
                .untrustedServer, "cannot check the host key of \(host):\(port): the known_hosts file '\(knownHosts)' does not exist",
                hint: "after checking the key's fingerprint with the server's owner: ssh-keyscan -p \(port) \(host) >> \(knownHosts)")
        }
        return (keyFile, password, exists ? knownHosts : nil, HostKeyPolicy(allowUnknown: allowUnknown, host: "\(host):\(port)", file: knownHosts))
    }

    private func matches(
        of pattern: String, base: String, display: (String) -> String, configure: @escaping (CurlHandle) -> Void
    ) throws(FetchFailure) -> [String] {
        let directory = (pattern as NSString).deletingLastPathComponent
        let glob = (pattern as NSString).lastPathComponent
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        var request = Transport.Request(url: base + Self.encode(folder), display: display(folder), maxBytes: 64 << 20)
        request.configure = { curl in
            configure(curl)
            curl.set(CURLOPT_DIRLISTONLY, 1)
        }
        let response = try transport.perform(request, to: nil)
        guard !response.truncated else {
            throw FetchFailure(
                .fetchRefused, "the listing of \(display(folder)) is larger than \(TransferSink.memoryCap) bytes; a cut listing could miss the newest file",
                hint: "point 'path' at a folder with fewer files")
        }
        let listing = String(decoding: response.body, as: UTF8.self)
        // FNM_PERIOD: `*` matches neither `.`, `..` nor dotfiles (uploads in progress are often hidden).
        let names = listing.split(whereSeparator: \.isNewline).map(String.init)
            .filter { $0 != "." && $0 != ".." && fnmatch(glob, $0, FNM_PERIOD) == 0 }.sorted()
        guard !names.isEmpty else {
            throw FetchFailure(.remoteNotFound, "no file matches \(display(pattern))", hint: "check 'path' and that the export ran")
        }
        return names.map { folder + $0 }
    }

    /// The most recently modified path; one metadata request (no body) per match.
    private func newest(
        _ paths: [String], base: String, display: (String) -> String, configure: @escaping (CurlHandle) -> Void
    ) throws(FetchFailure) -> String {
        var best: (time: Int64, path: String)?
        for path in paths {
            var request = Transport.Request(url: base + Self.encode(path), display: display(path), maxBytes: maxBytes)
            request.configure = { curl in
                configure(curl)
                curl.set(CURLOPT_NOBODY, 1)
            }
            let time = try transport.perform(request, to: nil).fileTime ?? 0
            if best == nil || (time, path) > (best!.time, best!.path) { best = (time, path) }
        }
        return best!.path
    }

    private static func tilde(_ path: String, home: String) -> String {
        path == "~" || path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    private static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? path
    }
}
